// One runner for the Terraform expression tables in this folder (test/cases/terraform/*.yaml).
// Each case builds a small root module in memory, evaluates it with the HCL loader's evaluator and
// asserts the value (or the unknown and its expression), the resource instances, and the issues.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../../support/case-table.js';
import { evaluateTerraformFiles } from '../../../src/load/files/terraform/index.js';
import type { TfValue } from '../../../src/load/files/terraform-resources/terraform-resource.js';

interface Case {
  name: string;
  doc: string;
  skip?: string;
  tf?: string;
  files?: Record<string, string>;
  expr?: string;
  expect?: unknown;
  expectUnknown?: string;
  expectPattern?: string;
  expectSecretValueOf?: string;
  expectIssues?: string[];
  expectResources?: Record<string, Record<string, unknown>>;
  expectAddresses?: string[];
  expectAbsent?: Record<string, string[]>;
}

const CONTEXT = { defaultAccount: '123456789012', region: 'us-east-1' };
const ROOT = 'case';

/** Unknowns compared by their expression only (sources and patterns are asserted separately). */
function plain(value: TfValue | undefined): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    if ((value as { unknown?: boolean }).unknown === true) return { unknown: (value as { expression: string }).expression };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const here = dirname(fileURLToPath(import.meta.url));
for (const f of readdirSync(here).filter((n) => n.endsWith('.yaml')).sort()) {
  const table = loadCaseTable<{ cases: Case[] }>(join(here, f));
  describe(`terraform/${f}`, () => {
    test('every case names the Terraform or provider page it follows', () => {
      for (const c of table.cases) assert.match(c.doc, /^https:\/\/(developer\.hashicorp\.com\/terraform|registry\.terraform\.io)\//, c.name);
    });
    for (const c of table.cases) {
      test(c.name, { skip: c.skip }, () => {
        const main = `${c.tf ?? ''}\n${c.expr !== undefined ? `resource "terraform_data" "case" {\n  input = ${c.expr.trimEnd()}\n}\n` : ''}`;
        const files = [{ path: `${ROOT}/main.tf`, text: main }, ...Object.entries(c.files ?? {}).map(([p, text]) => ({ path: `${ROOT}/${p}`, text }))];
        const result = evaluateTerraformFiles(files, CONTEXT);
        const issueCodes = [...new Set(result.issues.map((i) => i.code))].sort();
        assert.deepEqual(issueCodes, [...(c.expectIssues ?? [])].sort(), `issues: ${JSON.stringify(result.issues)}`);
        const byAddress = new Map(result.resources.map((r) => [r.address, r]));
        if (c.expr !== undefined) {
          const value = byAddress.get('terraform_data.case')?.values['input'];
          assert.ok(value !== undefined, 'the case expression was evaluated');
          if ('expect' in c) assert.deepEqual(plain(value), c.expect);
          if (c.expectUnknown !== undefined) {
            const u = value as { unknown?: boolean; expression?: string };
            assert.equal(u.unknown, true, `expected an unknown, got ${JSON.stringify(value)}`);
            assert.ok(u.expression?.includes(c.expectUnknown), `expression ${JSON.stringify(u.expression)} names ${c.expectUnknown}`);
          }
          if (c.expectPattern !== undefined) assert.equal((value as { pattern?: string }).pattern, c.expectPattern);
          assert.equal((value as { secretValueOf?: string }).secretValueOf, c.expectSecretValueOf, 'the secret value it is computed from');
        }
        for (const [address, expected] of Object.entries(c.expectResources ?? {})) {
          const resource = byAddress.get(address);
          assert.ok(resource, `resource ${address} among ${[...byAddress.keys()].join(', ')}`);
          for (const [key, v] of Object.entries(expected)) assert.deepEqual(plain(resource.values[key]), v, `${address}.${key}`);
        }
        if (c.expectAddresses) {
          const managed = result.resources.filter((r) => r.mode === 'managed' && r.type !== 'terraform_data').map((r) => r.address).sort();
          assert.deepEqual(managed, [...c.expectAddresses].sort());
        }
        for (const [address, keys] of Object.entries(c.expectAbsent ?? {})) {
          for (const key of keys) assert.ok(!(key in (byAddress.get(address)?.values ?? {})), `${address}.${key} is not handed on`);
        }
      });
    }
  });
}
