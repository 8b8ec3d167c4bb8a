import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../support/case-table.js';
import { loadAwsCliFile, type AwsCliContext } from '../../src/load/files/awscli/load-aws-cli-file.js';

// Table runner for test/unit/inputs/awscli/cases/samples.yaml: every AWS CLI sample of
// the shared format samples (AWS), copied next to this test, loaded through the dispatcher.

interface SampleCase {
  name: string;
  file: string;
  doc: string;
  why: string;
  context?: AwsCliContext;
  recognized: boolean;
  issues: { code: string; line?: number }[];
  expect: Record<string, unknown>;
}

const inputs = join(dirname(fileURLToPath(import.meta.url)), 'inputs', 'awscli');
const cases = loadCaseTable<SampleCase[]>(join(inputs, 'cases', 'samples.yaml'));

/**
 * Asserts that `actual` contains `expected`: objects match on the keys listed, arrays match
 * element by element with the same length, `null` means "absent", scalars are equal.
 */
function assertContains(actual: unknown, expected: unknown, path: string): void {
  if (expected === null) {
    assert.ok(actual === undefined || actual === null, `${path}: expected absent, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertContains(actual[i], e, `${path}[${i}]`));
  } else if (typeof expected === 'object') {
    assert.ok(typeof actual === 'object' && actual !== null && !Array.isArray(actual), `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
      assertContains((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else {
    assert.equal(actual, expected, path);
  }
}

describe('AWS CLI samples (test/unit/inputs/awscli/cases/samples.yaml)', () => {
  test('the table is well formed', () => {
    assert.ok(cases.length >= 12);
    for (const c of cases) assert.match(c.doc, /^https:\/\/docs\.aws\.amazon\.com\//, `${c.name}: doc URL`);
  });
  for (const c of cases) {
    test(`${c.name} — ${c.why}`, () => {
      const text = readFileSync(join(inputs, c.file), 'utf8');
      const result = loadAwsCliFile(c.file, text, c.context ?? { region: 'eu-west-1' });
      assert.equal(result.recognized, c.recognized, 'recognized');
      assert.deepEqual(result.issues.map((i) => ({ code: i.code, line: i.source.line })), c.issues.map((i) => ({ code: i.code, line: i.line })));
      for (const issue of result.issues) assert.equal(issue.source.file, c.file);
      assertContains(result.fragment, c.expect, 'fragment');
      // Keys the case does not list must be empty: nothing else was loaded from this file.
      for (const [key, value] of Object.entries(result.fragment)) {
        if (!(key in c.expect)) assert.deepEqual(value, [], `fragment.${key} should be empty`);
      }
    });
  }
});
