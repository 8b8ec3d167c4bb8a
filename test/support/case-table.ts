import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/**
 * Every YAML case table under test/ and the schema (test/schemas/) it must satisfy. The schemas
 * close every object a table author writes (`additionalProperties`/`unevaluatedProperties: false`),
 * so a misspelled key (`expcet:`) fails the table instead of silently dropping an assertion.
 * test/meta/case-tables.test.ts checks that every YAML file under test/ is listed here or is
 * an input sample.
 */
export const CASE_TABLES: readonly { dir: string; schema: string }[] = [
  { dir: 'test/cases/cloudformation', schema: 'cloudformation-cases.schema.json' },
  { dir: 'test/cases/diff', schema: 'diff-cases.schema.json' },
  { dir: 'test/cases/graph', schema: 'graph-cases.schema.json' },
  { dir: 'test/cases/iam', schema: 'iam-cases.schema.json' },
  { dir: 'test/cases/terraform', schema: 'terraform-cases.schema.json' },
  { dir: 'test/cases/vault', schema: 'vault-cases.schema.json' },
  { dir: 'test/rules', schema: 'rule-cases.schema.json' },
  { dir: 'test/unit/inputs/awscli/cases', schema: 'awscli-samples.schema.json' },
  { dir: 'test/unit/inputs/tfplan', schema: 'tfplan-mapping-cases.schema.json' },
];

/** YAML files under test/ that are scanner input, not tables. */
export const INPUT_SAMPLES: readonly string[] = ['test/unit/inputs/cloudformation/ledger.yaml'];

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaDir = join(repositoryRoot, 'test', 'schemas');

let validators: Map<string, ValidateFunction> | undefined;

function validatorFor(schema: string): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    const names = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort();
    for (const name of names) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, name), 'utf8')) as object, name);
    validators = new Map(names.map((name) => [name, ajv.getSchema(name) as ValidateFunction]));
  }
  const validate = validators.get(schema);
  if (!validate) throw new Error(`no schema ${schema} in test/schemas`);
  return validate;
}

/** The schema a table file must satisfy, from its folder (paths relative to the repository root). */
export function schemaForTable(file: string): string | undefined {
  const rel = relative(repositoryRoot, file).split('\\').join('/');
  return CASE_TABLES.find((t) => dirname(rel) === t.dir)?.schema;
}

/** The node at a JSON pointer of a parsed YAML document, for the line of an error. */
function nodeAt(root: Node | null, pointer: string): Node | null {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (isMap(node)) node = (node.get(key, true) as Node | undefined) ?? null;
    else if (isSeq(node)) node = (node.get(Number(key), true) as Node | undefined) ?? null;
    else return node;
  }
  return node;
}

/** One line per schema error: `file:line: /pointer message` (the offending key named for additional properties). */
function describeErrors(file: string, text: string, errors: ErrorObject[]): string {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  return errors.map((e) => {
    const extra = e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties'
      ? String((e.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ?? (e.params as { unevaluatedProperty?: string }).unevaluatedProperty)
      : undefined;
    const pointer = extra !== undefined ? `${e.instancePath}/${extra.replaceAll('~', '~0').replaceAll('/', '~1')}` : e.instancePath;
    const node = nodeAt(document.contents, pointer) ?? nodeAt(document.contents, e.instancePath);
    const where = node?.range ? `:${lines.linePos(node.range[0]).line}` : '';
    return `${file}${where}: ${e.instancePath || '/'} ${e.message ?? e.keyword}${extra !== undefined ? ` "${extra}"` : ''}`;
  }).join('\n');
}

/**
 * Parses a table's YAML text and validates it against `schema`. Throws one error naming every
 * problem with its file and line; returns the data only when the whole table is valid.
 */
export function parseCaseTable<T>(file: string, text: string, schema: string): T {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`${file}: invalid YAML: ${document.errors[0]?.message ?? ''}`);
  const data: unknown = document.toJS();
  const validate = validatorFor(schema);
  if (!validate(data)) throw new Error(`${file} does not match test/schemas/${schema}:\n${describeErrors(file, text, validate.errors ?? [])}`);
  return data as T;
}

/** Reads a table file and validates it against the schema listed for its folder in CASE_TABLES. */
export function loadCaseTable<T>(file: string): T {
  const schema = schemaForTable(file);
  if (!schema) throw new Error(`${file} is not a listed case table (test/support/case-table.ts CASE_TABLES)`);
  return parseCaseTable<T>(relative(repositoryRoot, file).split('\\').join('/'), readFileSync(file, 'utf8'), schema);
}
