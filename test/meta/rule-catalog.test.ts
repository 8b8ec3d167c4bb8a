import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import {
  formatRuleMessage,
  getRuleMeta,
  loadRuleCatalog,
  readRuleDirectory,
  RuleCatalogError,
} from '../../src/rules/rule-catalog.js';
import { fillTemplate, listPlaceholders } from '../../src/rules/catalog/message-template.js';

const root = join(import.meta.dirname, '..', '..');
const rulesDir = join(root, 'rules');
const schemaPath = join(root, 'schemas', 'rule.schema.json');

/** The placeholders the rule code fills (the lead's ss0NN-*.ts); a template may use only these. */
const KNOWN_PLACEHOLDERS: Record<string, Record<string, string[]>> = {
  SS001: { default: ['principal', 'secret', 'resource', 'chain'], symbolic: ['principal', 'secret', 'resource', 'chain'] },
  SS002: { default: ['principal', 'secret', 'resource'] },
  SS003: { anyone: ['secret', 'resource', 'principal', 'chain'], crossAccount: ['secret', 'resource', 'principal', 'chain'] },
  SS004: { default: ['role', 'mount'] },
  SS005: { default: ['family', 'container', 'variable', 'evidence'] },
  SS006: { default: ['role', 'admits'] },
  SS007: { default: ['role', 'count', 'families'] },
  SS008: { default: ['policy', 'action', 'pattern'] },
  SS009: { default: ['role', 'mount', 'binding', 'reader'] },
  SS010: { default: ['secret', 'resource'] },
  SS011: { default: ['file', 'reason'] },
};

/** The core rule set, with the names and levels users and SARIF consumers rely on. */
const SPEC_RULES: Record<string, [string, string]> = {
  SS001: ['secret-reachable-by-unintended-principal', 'error'],
  SS002: ['secret-unreachable-by-owner', 'warning'],
  SS003: ['secret-public-or-cross-account', 'error'],
  SS004: ['approle-open-login', 'error'],
  SS005: ['plaintext-secret-in-task-definition', 'error'],
  SS006: ['task-role-trust-too-broad', 'warning'],
  SS007: ['shared-execution-role-reads-other-secrets', 'warning'],
  SS008: ['wildcard-secret-grant', 'warning'],
  SS009: ['vault-aws-auth-role-unbound', 'error'],
  SS010: ['secret-without-owner', 'note'],
  SS011: ['input-not-understood', 'warning'],
};

const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.yaml')).sort();

describe('rule files', () => {
  const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

  for (const file of ruleFiles) {
    test(`${file} validates against rule.schema.json and its id matches its name`, () => {
      const data = parseYaml(readFileSync(join(rulesDir, file), 'utf8')) as { id: string };
      assert.equal(validate(data), true, JSON.stringify(validate.errors));
      assert.equal(data.id, file.replace(/\.yaml$/, ''));
    });
  }

  test('the catalog holds exactly the core set, with its names and levels', () => {
    const rules = loadRuleCatalog();
    assert.deepEqual(rules.map((r) => r.id), Object.keys(SPEC_RULES).sort());
    for (const rule of rules) {
      assert.deepEqual([rule.name, rule.level], SPEC_RULES[rule.id], rule.id);
    }
  });

  test('message ids and placeholders are exactly those the rule code fills', () => {
    for (const rule of loadRuleCatalog()) {
      const known = KNOWN_PLACEHOLDERS[rule.id];
      assert.ok(known, `${rule.id} has no placeholder list in this test`);
      assert.deepEqual(Object.keys(rule.messages).sort(), Object.keys(known).sort(), `${rule.id} message ids`);
      for (const [messageId, template] of Object.entries(rule.messages)) {
        const allowed: string[] = known[messageId] ?? [];
        for (const name of listPlaceholders(template)) {
          assert.ok(allowed.includes(name), `${rule.id}.${messageId} uses unknown placeholder {${name}}`);
        }
        assert.deepEqual(listPlaceholders(template).sort(), [...allowed].sort(), `${rule.id}.${messageId} placeholders`);
      }
    }
  });

  test('security severity follows the level (errors high, notes low)', () => {
    for (const rule of loadRuleCatalog()) {
      const severity = Number(rule.securitySeverity);
      const [min, max] = rule.level === 'error' ? [7, 10] : rule.level === 'warning' ? [4, 6.9] : [0.1, 3.9];
      assert.ok(severity >= min && severity <= max, `${rule.id} ${rule.level} has severity ${severity}`);
    }
  });
});

describe('data ↔ code', () => {
  test('every rules/SSnnn.yaml has a src/rules/ssnnn-*.ts and vice versa', () => {
    const dataIds = ruleFiles.map((f) => f.replace(/\.yaml$/, '').toLowerCase());
    const codeIds = readdirSync(join(root, 'src', 'rules'))
      .filter((f) => /^ss\d{3}-.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, 5));
    assert.deepEqual([...new Set(codeIds)].sort(), dataIds, 'rule code files (left) vs rule data files (right)');
  });
});

describe('formatRuleMessage', () => {
  test('fills every placeholder', () => {
    assert.equal(
      formatRuleMessage('SS007', 'default', { role: 'role/exec', count: 2, families: 'a, b' }),
      'Execution role role/exec can read the secrets of 2 task families (a, b).',
    );
  });
  test('does not re-expand braces inside values', () => {
    assert.equal(formatRuleMessage('SS011', 'default', { file: 'x{reason}.tf', reason: 'bad' }), 'x{reason}.tf: bad');
  });
  test('throws on an unfilled placeholder', () => {
    assert.throws(() => formatRuleMessage('SS011', 'default', { file: 'a.tf' }), /\{reason\}/);
  });
  test('fills a placeholder used twice, at either end, next to another, and leaves a non-placeholder alone', () => {
    assert.equal(fillTemplate('{a}-{b}{a} {not a placeholder} {b}', { a: 'x', b: 2 }, 't'), 'x-2x {not a placeholder} 2');
    assert.equal(fillTemplate('no placeholders', {}, 't'), 'no placeholders');
  });
  test('throws on an unknown message id or rule id', () => {
    assert.throws(() => formatRuleMessage('SS003', 'default', {}), /no message 'default'/);
    assert.throws(() => getRuleMeta('SS999'), /unknown rule id/);
  });
});

describe('catalog errors', () => {
  test('a file that fails the schema throws an error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'SS001.yaml'), 'id: SS001\nname: Bad Name\nlevel: fatal\n');
    assert.throws(
      () => readRuleDirectory(dir, schemaPath),
      (error: unknown) => error instanceof RuleCatalogError && error.message.includes('SS001.yaml') && /level/.test(error.message),
    );
  });
  test('an id that differs from the file name is rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'SS002.yaml'), readFileSync(join(rulesDir, 'SS001.yaml')));
    assert.throws(() => readRuleDirectory(dir, schemaPath), /SS002\.yaml.*does not match the file name/);
  });
});
