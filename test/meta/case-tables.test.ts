import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CASE_TABLES, INPUT_SAMPLES, loadCaseTable, parseCaseTable, repositoryRoot } from '../support/case-table.js';

/** Every YAML file under test/, relative to the repository root. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [relative(repositoryRoot, path).split('\\').join('/')] : [];
  }).sort();
}

test('every YAML file under test/ is a case table with a schema, or a listed input sample', () => {
  const files = yamlFiles(join(repositoryRoot, 'test'));
  const unlisted = files.filter((f) => !INPUT_SAMPLES.includes(f) && !CASE_TABLES.some((t) => f.startsWith(`${t.dir}/`) && !f.slice(t.dir.length + 1).includes('/')));
  assert.deepEqual(unlisted, []);
  assert.ok(files.length >= 29, `only ${files.length} YAML files found`);
});

test('every case table matches its schema', () => {
  const failures: string[] = [];
  for (const table of CASE_TABLES) {
    for (const name of readdirSync(join(repositoryRoot, table.dir)).filter((f) => f.endsWith('.yaml')).sort()) {
      try {
        loadCaseTable(join(repositoryRoot, table.dir, name));
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  }
  assert.deepEqual(failures, []);
});

// The point of the schemas: a misspelled key is an error with its line, not an assertion dropped.
const misspelled: [string, string, string][] = [
  ['graph-cases.schema.json', '- name: n\n  doc: "https://x"\n  roles: [{ name: app }]\n  expect: { db: { readers: {} } }\n  expcet: { db: { readers: {} } }\n', 'expcet'],
  ['graph-cases.schema.json', '- name: n\n  doc: "https://x"\n  expect:\n    db:\n      readers:\n        role/app: { conditional: false, via: [iam-read], at: [x], conditonal: true }\n', 'conditonal'],
  ['graph-cases.schema.json', '- name: n\n  doc: "https://x"\n  roles: [{ name: app, polcy: {} }]\n  expect: { db: { readers: {} } }\n', 'polcy'],
  ['rule-cases.schema.json', '- rule: SS001\n  name: n\n  doc: "https://x"\n  expect: [{ secret: db, principal: p, message: { id: default, data: {} }, pricipal: q }]\n', 'pricipal'],
  ['iam-cases.schema.json', 'cases:\n  - name: n\n    doc: "https://x"\n    why: w\n    request: { principal: p, action: a, resource: r }\n    policies: { identity: [] }\n    expect: { decision: Allow, conditional: false, reasons: [{ sid: A, efect: Allow }] }\n', 'efect'],
  ['vault-cases.schema.json', 'cases:\n  - name: n\n    doc: "https://x"\n    expcet: { allowed: true }\n', 'expcet'],
  ['terraform-cases.schema.json', 'cases:\n  - name: n\n    doc: "https://x"\n    expr: "1"\n    expcet: 1\n', 'expcet'],
  ['cloudformation-cases.schema.json', 'cases:\n  - name: n\n    doc: "https://x"\n    template: "{}"\n    isues: []\n', 'isues'],
  ['diff-cases.schema.json', 'base: {}\ncases:\n  - name: n\n    doc: d\n    head: {}\n    expect: { secrets: [], newFindings: [], summary: { readersAded: 1 } }\n', 'readersAded'],
  ['awscli-samples.schema.json', '- { name: n, file: f, doc: "https://x", why: w, recognized: true, issues: [], expect: { principal: [] } }\n', 'principal'],
  ['tfplan-mapping-cases.schema.json', '- { name: n, doc: "https://x", resources: [], expect: [{ at: a, equal: 1 }], issues: [] }\n', 'equal'],
];

for (const [schema, text, key] of misspelled) {
  test(`${schema}: a misspelled key "${key}" fails, naming the key and its line`, () => {
    assert.throws(() => parseCaseTable('t.yaml', text, schema), (error: Error) => {
      const line = text.split('\n').findIndex((l) => l.includes(key)) + 1;
      assert.match(error.message, new RegExp(`t\\.yaml:${line}: .*"${key}"`));
      return true;
    });
  });
}
