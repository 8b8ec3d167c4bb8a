import { isKnownMap, isUnknown, UNRESOLVED_KEY } from '../../unknown-value.js';
import type { TfUnknown, TfValue } from './terraform-resource.js';

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document

type TfMap = { [key: string]: TfValue };

/**
 * Builds the IAM JSON document the data source `aws_iam_policy_document` exports as `json`, from
 * its arguments as a plan or the HCL evaluator gives them: `statement` blocks (`sid`, `effect`
 * default Allow, `actions`/`not_actions`, `resources`/`not_resources`, `principals`/`not_principals`
 * with `type`/`identifiers`, `condition` with `test`/`variable`/`values`), `version` (default
 * 2012-10-17), `policy_id`, `source_json` and `source_policy_documents` (merged first; this document's statements
 * replace theirs with the same non-empty sid) `override_policy_documents` and `override_json` (merged last, replacing
 * statements with the same sid). Unknown values are kept where they sit, for the policy mapping to
 * widen; an unknown source or override document becomes an unknown statement. Never throws: a
 * source document that is not JSON becomes an unknown statement too.
 */
export function renderPolicyDocument(values: Record<string, TfValue>): TfMap {
  const document: TfMap = { Version: typeof values['version'] === 'string' && values['version'] !== '' ? values['version'] : '2012-10-17' };
  const policyId = values['policy_id'];
  if (typeof policyId === 'string' && policyId !== '') document['Id'] = policyId;

  let statements: TfValue[] = [];
  // The provider's order: the deprecated `source_json`, `source_policy_documents`, this document's
  // statements, `override_policy_documents`, the deprecated `override_json`; later statements
  // replace earlier ones with the same non-empty Sid.
  for (const source of listOf(values['source_json'])) statements.push(...statementsOfDocument(source, 'source_json'));
  for (const source of documentsOf(values['source_policy_documents'])) statements = mergeBySid(statements, statementsOf(source, 'source_policy_documents'));
  for (const block of listOf(values['statement'])) statements = mergeBySid(statements, [renderStatement(block)]);
  for (const override of documentsOf(values['override_policy_documents'])) {
    statements = mergeBySid(statements, statementsOf(override, 'override_policy_documents'));
  }
  for (const override of listOf(values['override_json'])) statements = mergeBySid(statements, statementsOfDocument(override, 'override_json'));
  document['Statement'] = statements;
  return document;
}

function renderStatement(block: TfValue): TfValue {
  if (!isKnownMap(block)) return block;
  const statement: TfMap = {};
  const sid = block['sid'];
  if (isUnknown(sid) || (typeof sid === 'string' && sid !== '')) statement['Sid'] = sid;
  const effect = block['effect'];
  statement['Effect'] = effect === undefined || effect === null || effect === '' ? 'Allow' : effect;
  copyList(block, 'actions', statement, 'Action');
  copyList(block, 'not_actions', statement, 'NotAction');
  copyList(block, 'resources', statement, 'Resource');
  copyList(block, 'not_resources', statement, 'NotResource');
  const principals = renderPrincipals(block['principals']);
  if (principals !== undefined) statement['Principal'] = principals;
  const notPrincipals = renderPrincipals(block['not_principals']);
  if (notPrincipals !== undefined) statement['NotPrincipal'] = notPrincipals;
  const condition = renderConditions(block['condition']);
  if (condition !== undefined) statement['Condition'] = condition;
  return statement;
}

function copyList(block: TfMap, from: string, statement: TfMap, to: string): void {
  const value = block[from];
  if (value === undefined || value === null) return;
  if (isUnknown(value)) { statement[to] = value; return; }
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return;
  statement[to] = items.length === 1 ? (items[0] as TfValue) : items;
}

/** `principals { type = "AWS", identifiers = [...] }` → `{"AWS": [...]}`; type `*` with `*` → `"*"`. */
function renderPrincipals(value: TfValue | undefined): TfValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return value;
  const blocks = Array.isArray(value) ? value : [value];
  if (blocks.length === 0) return undefined;
  const out: { [type: string]: TfValue[] } = {};
  let unknownBlock: TfUnknown | undefined;
  for (const block of blocks) {
    if (isUnknown(block)) { unknownBlock = block; continue; }
    if (!isKnownMap(block)) continue;
    const type = block['type'];
    const typeName = isUnknown(type) ? 'AWS' : typeof type === 'string' ? type : 'AWS';
    const identifiers = isUnknown(type) ? [type] : listOf(block['identifiers']);
    (out[typeName] ??= []).push(...(isUnknown(block['identifiers']) ? [block['identifiers']] : identifiers));
  }
  if (unknownBlock !== undefined) (out['AWS'] ??= []).push(unknownBlock);
  const star = out['*'];
  if (star !== undefined && star.every((i) => i === '*')) {
    delete out['*'];
    if (Object.keys(out).length === 0) return '*';
    (out['AWS'] ??= []).push('*');
  }
  const rendered: TfMap = {};
  for (const [type, identifiers] of Object.entries(out)) rendered[type] = identifiers.length === 1 ? (identifiers[0] as TfValue) : identifiers;
  return rendered;
}

/** `condition { test, variable, values }` blocks → `{"test": {"variable": values}}`; repeated test and variable merge their values. */
function renderConditions(value: TfValue | undefined): TfValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return value;
  const blocks = Array.isArray(value) ? value : [value];
  if (blocks.length === 0) return undefined;
  const condition: { [test: string]: { [variable: string]: TfValue[] } } = {};
  const unknowns: TfUnknown[] = [];
  for (const block of blocks) {
    if (isUnknown(block)) { unknowns.push(block); continue; }
    if (!isKnownMap(block)) continue;
    const { test, variable } = block;
    // An unknown operator or key cannot be written as a JSON key: the policy mapping turns it into an undecided condition.
    if (isUnknown(test)) { unknowns.push(test); continue; }
    if (isUnknown(variable)) { unknowns.push(variable); continue; }
    if (typeof test !== 'string' || typeof variable !== 'string') continue;
    const values = isUnknown(block['values']) ? [block['values']] : listOf(block['values']);
    ((condition[test] ??= {})[variable] ??= []).push(...values);
  }
  const rendered: TfMap = {};
  for (const [test, variables] of Object.entries(condition)) {
    const entry: TfMap = {};
    for (const [variable, values] of Object.entries(variables)) entry[variable] = values.length === 1 ? (values[0] as TfValue) : values;
    rendered[test] = entry;
  }
  // Kept under a key no operator has, for the mapping to report and replace.
  if (unknowns.length > 0) rendered['secret-scan:UnknownCondition'] = unknowns;
  return rendered;
}

function statementsOfDocument(value: TfValue, argument: string): TfValue[] {
  if (isUnknown(value)) return [value];
  let document: TfValue = value;
  if (typeof value === 'string') {
    try {
      document = JSON.parse(value) as TfValue;
    } catch {
      return [{ unknown: true, expression: `${argument}: a document that is not JSON` }];
    }
  }
  if (!isKnownMap(document)) return [];
  const statement = document['Statement'];
  if (statement === undefined || statement === null) return [];
  return Array.isArray(statement) ? statement : [statement];
}

/** Appends `next` to `base`; a statement of `next` with a non-empty Sid replaces the one in `base` with that Sid. */
function mergeBySid(base: TfValue[], next: TfValue[]): TfValue[] {
  const out = [...base];
  for (const statement of next) {
    const sid = isKnownMap(statement) ? statement['Sid'] : undefined;
    const at = typeof sid === 'string' && sid !== '' ? out.findIndex((s) => isKnownMap(s) && s['Sid'] === sid) : -1;
    if (at >= 0) out[at] = statement;
    else out.push(statement);
  }
  return out;
}

/** A document of a list, and the choice it holds only in, if any. */
interface ListedDocument {
  document: TfValue;
  onlyIf?: string;
}

/**
 * A list of documents. One the inputs leave open between known lists (`var.x ? [a.json] : []`,
 * `concat([a.json], var.x ? [b.json] : [])`) is every document of them: one in every choice holds,
 * the others only conditionally. Known elements beside an unknown rest hold, and the rest stays one
 * unknown document (docs/semantics.md#symbolic-unknowns).
 */
function documentsOf(value: TfValue | undefined): ListedDocument[] {
  if (!isUnknown(value)) return listOf(value).map((document) => ({ document }));
  const choices = value.alternatives?.every(Array.isArray) ? (value.alternatives as TfValue[][]) : undefined;
  if (!choices) return [...(value.knownElements ?? []), value].map((document) => ({ document }));
  const key = (document: TfValue): string => JSON.stringify(document);
  const seen = new Map<string, { document: TfValue; count: number }>();
  for (const choice of choices) {
    for (const document of new Map(choice.map((d) => [key(d), d])).values()) {
      const entry = seen.get(key(document)) ?? { document, count: 0 };
      entry.count++;
      seen.set(key(document), entry);
    }
  }
  return [...seen.values()].map(({ document, count }) => (count === choices.length ? { document } : { document, onlyIf: value.expression }));
}

/** A listed document's statements; those of a document held only in some choices marked undecided, naming the choice. */
function statementsOf(listed: ListedDocument, argument: string): TfValue[] {
  const statements = statementsOfDocument(listed.document, argument);
  const onlyIf = listed.onlyIf;
  if (onlyIf === undefined) return statements;
  return statements.map((statement) => {
    if (!isKnownMap(statement)) return statement;
    const condition = isKnownMap(statement['Condition']) ? { ...statement['Condition'] } : {};
    const equals = isKnownMap(condition['StringEquals']) ? { ...condition['StringEquals'] } : {};
    equals[UNRESOLVED_KEY] = `only if ${onlyIf} includes it`;
    condition['StringEquals'] = equals;
    return { ...statement, Condition: condition };
  });
}

function listOf(value: TfValue | undefined): TfValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
