// Runs the CloudFormation tables (*.yaml in this folder). A case is a small template and what the
// loader must make of it: the value of one expression (`Outputs.Out.Value`, evaluated by the
// template evaluator), and/or values at paths of the inventory fragment, and the exact issues.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../../support/case-table.js';
import type { JsonObject, JsonValue } from '../../../src/model/source.js';
import { isUnknown, NO_VALUE } from '../../../src/load/files/cloudformation/cfn-value.js';
import { TemplateEvaluator } from '../../../src/load/files/cloudformation/evaluate-template.js';
import { loadCloudFormationTemplate } from '../../../src/load/files/cloudformation/index.js';
import { settleStackLocalNames } from '../../../src/model/unknowns.js';
import { settled } from '../../support/settle-fragment.js';
import { parseTemplate } from '../../../src/load/files/cloudformation/parse-template.js';

interface ExpectedIssue { code: string; line?: number; contains?: string }
interface CloudFormationCase {
  name: string;
  doc: string;
  /** The template, YAML or JSON text. */
  template: string;
  /** File name handed to the loader (default template.yaml). */
  file?: string;
  /** Manifest default account; `null` for none (default 123456789012). */
  account?: string | null;
  region?: string;
  /** Expected value of Outputs.Out.Value: plain JSON when known. */
  value?: JsonValue;
  /** Expected when Outputs.Out.Value is unknown: its glob, identity, and a part of its expression. */
  unknown?: { pattern?: string; identity?: string; expression?: string };
  noValue?: boolean;
  /** Values at dotted paths of the fragment (`principals.0.trustPolicy.document`). */
  fragment?: { path: string; equals?: JsonValue; absent?: boolean; length?: number }[];
  /** Exactly these issues, in line order (omit to not check). */
  issues?: ExpectedIssue[];
  /** Texts that must appear nowhere in the loader's output (secret values). */
  neverEchoed?: string[];
  recognized?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const cases = readdirSync(here).filter((f) => f.endsWith('.yaml')).sort()
  .flatMap((file) => loadCaseTable<{ cases: CloudFormationCase[] }>(join(here, file)).cases.map((c) => ({ ...c, table: file })));

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.')) {
    if (current === undefined || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

describe('CloudFormation tables', () => {
  for (const c of cases) {
    test(`${c.table}: ${c.name}`, () => {
      assert.match(c.doc, /^https:\/\/docs\.aws\.amazon\.com\//, 'every case cites the AWS page it follows');
      const account = c.account === null ? undefined : c.account ?? '123456789012';
      const context = { region: c.region ?? 'us-east-1', ...(account ? { defaultAccount: account } : {}) };
      const file = c.file ?? 'template.yaml';
      let checked = 0;
      if (c.value !== undefined || c.unknown !== undefined || c.noValue !== undefined) {
        const parsed = parseTemplate(c.template, file.endsWith('.json'));
        const template = parsed.value as JsonObject;
        const raw = ((template['Outputs'] as JsonObject)['Out'] as JsonObject)['Value'] as JsonValue;
        const value = new TemplateEvaluator(template, { ...(account ? { account } : {}), region: context.region }).evaluate(raw);
        if (c.noValue) assert.equal(value, NO_VALUE);
        if (c.value !== undefined) {
          assert.ok(!isUnknown(value), `expected a known value, got unknown ${isUnknown(value) ? value.expression : ''}`);
          assert.deepEqual(value, c.value);
        }
        if (c.unknown !== undefined) {
          assert.ok(isUnknown(value), `expected an unknown, got ${JSON.stringify(value)}`);
          if (c.unknown.pattern !== undefined) assert.equal(value.pattern, c.unknown.pattern);
          if (c.unknown.identity !== undefined) assert.equal(value.identity === undefined ? undefined : settleStackLocalNames(value.identity, (name) => name), c.unknown.identity);
          if (c.unknown.expression !== undefined) assert.ok(value.expression.includes(c.unknown.expression), value.expression);
        }
        checked++;
      }
      const result = settled(loadCloudFormationTemplate(file, c.template, context));
      if (c.recognized !== undefined) { assert.equal(result.recognized, c.recognized); checked++; }
      for (const expectation of c.fragment ?? []) {
        const actual = at(result.fragment, expectation.path);
        if (expectation.absent) assert.equal(actual, undefined, expectation.path);
        if (expectation.equals !== undefined) assert.deepEqual(actual, expectation.equals, expectation.path);
        if (expectation.length !== undefined) assert.equal((actual as unknown[] | undefined)?.length, expectation.length, expectation.path);
        checked++;
      }
      if (c.issues !== undefined) {
        const actual = result.issues.map((i) => ({ code: i.code, line: i.source.line, message: i.message }));
        assert.equal(actual.length, c.issues.length, `issues: ${JSON.stringify(actual, null, 1)}`);
        c.issues.forEach((expected, i) => {
          const got = actual[i];
          assert.equal(got?.code, expected.code, JSON.stringify(got));
          if (expected.line !== undefined) assert.equal(got?.line, expected.line, JSON.stringify(got));
          if (expected.contains !== undefined) assert.ok(got?.message.includes(expected.contains), got?.message);
        });
        checked++;
      }
      for (const secret of c.neverEchoed ?? []) {
        assert.ok(!JSON.stringify(result).includes(secret), `${secret} is echoed`);
        checked++;
      }
      assert.ok(checked > 0, 'a case asserts something');
    });
  }
});
