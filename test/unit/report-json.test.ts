import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { Finding, Report } from '../../src/model/report.js';
import { formatJson, writeJson, writeJsonBytes } from '../../src/report/json.js';
import { allReports, fileReport, liveReport } from './report-fixtures.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'report.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** A deep copy of the file report with one change applied, for the must-reject table. */
function broken(mutate: (r: Record<string, any>) => void): unknown {
  const copy = JSON.parse(formatJson(fileReport)) as Record<string, any>;
  mutate(copy);
  return copy;
}

describe('formatJson', () => {
  for (const [name, report] of Object.entries(allReports)) {
    test(`${name}: writeJson streams exactly the bytes of formatJson, in any chunk size`, () => {
      for (const chunkSize of [1, 64, 1 << 20]) {
        const chunks: string[] = [];
        writeJson(report, (chunk) => chunks.push(chunk), chunkSize);
        assert.equal(chunks.join(''), formatJson(report));
        if (chunkSize === 1) assert.ok(chunks.length > 3, 'written in pieces');
      }
    });
  }
  for (const [name, report] of Object.entries(allReports)) {
    test(`${name}: writeJsonBytes writes the UTF-8 bytes of formatJson, in any chunk size`, () => {
      for (const chunkSize of [1, 64, 1 << 20]) {
        const chunks: Buffer[] = [];
        // The buffer handed over is reused, so each chunk is copied as a file write would take it.
        writeJsonBytes(report, (chunk) => chunks.push(Buffer.from(chunk)), chunkSize);
        assert.equal(Buffer.concat(chunks).toString('utf8'), formatJson(report));
      }
    });
  }
  test('a secret built out of key order, readers too, is streamed reader by reader as formatJson writes it', () => {
    const odd = {
      tool: { name: 'secret-scan', version: '1' },
      secrets: [{ status: 'overexposed', readers: [
        { via: [{ to: 's', from: 'p', edge: 'iam-read', source: { line: 3, file: 'a.json' } }], conditional: false, principal: 'p' },
        { principal: 'q', conditional: true, via: [] },
      ], owners: [], id: 's', kind: 'ssm', resource: '/s', origin: 'manifest' }],
      findings: [],
      coverage: { loaded: [], skipped: [] },
    } as unknown as Report;
    const expected = formatJson(odd);
    assert.match(expected, /"id": "s",\n      "kind"/);
    assert.match(expected, /"readers": \[\n        \{\n          "principal": "p"/);
    const strings: string[] = [];
    writeJson(odd, (chunk) => strings.push(chunk), 1);
    assert.equal(strings.join(''), expected);
  });

  test('both writers order keys, drop undefined fields and encode non-ASCII text like formatJson', () => {
    // Built out of the report's key order, with an undefined field, a key the order does not know
    // and characters of 2, 3 and 4 UTF-8 bytes: the writers must not take their fast path here.
    const odd = {
      coverage: { skipped: [], loaded: ['a.json'] },
      findings: [{ message: 'r\u00e9le ~\u2192 s3 \u{1F512}', level: 'error', ruleId: 'SS001', secret: 's', locations: [], fingerprint: undefined, zeta: 1, alpha: [{ line: 2, file: 'f' }] }],
      secrets: [],
      tool: { version: '1', name: 'secret-scan' },
    } as unknown as Report;
    const expected = formatJson(odd);
    assert.match(expected, /"ruleId": "SS001",\n      "level"/);
    for (const chunkSize of [1, 7, 1 << 20]) {
      const strings: string[] = [];
      writeJson(odd, (chunk) => strings.push(chunk), chunkSize);
      assert.equal(strings.join(''), expected);
      const bytes: Buffer[] = [];
      writeJsonBytes(odd, (chunk) => bytes.push(Buffer.from(chunk)), chunkSize);
      assert.equal(Buffer.concat(bytes).toString('utf8'), expected);
    }
  });
  test('writeJson of a report with empty lists matches formatJson', () => {
    const empty: Report = { tool: { name: 'secret-scan', version: '0.0.0' }, secrets: [], findings: [], coverage: { loaded: [], skipped: [] } };
    const chunks: string[] = [];
    writeJson(empty, (chunk) => chunks.push(chunk));
    assert.equal(chunks.join(''), formatJson(empty));
  });

  for (const [name, report] of Object.entries(allReports)) {
    test(`${name}: output validates against schemas/report.schema.json and round-trips`, () => {
      const text = formatJson(report);
      const parsed: unknown = JSON.parse(text);
      assert.equal(validate(parsed), true, JSON.stringify(validate.errors, null, 2));
      // A finding whose chain is a reader's via is written without it; all else round-trips.
      const viaOf = (f: Finding) => report.secrets.find((s) => s.id === f.secret)?.readers.find((r) => r.principal === f.principal)?.via;
      const isReaders = (f: Finding) => f.chain !== undefined && JSON.stringify(viaOf(f)) === JSON.stringify(f.chain);
      const written = { ...report, findings: report.findings.map(({ chain, ...rest }) => (isReaders({ ...rest, chain }) ? rest : { ...rest, ...(chain ? { chain } : {}) })) };
      assert.deepEqual(parsed, JSON.parse(JSON.stringify(written)));
    });

    test(`${name}: a finding's chain left out of the JSON is its reader's via, so nothing is lost`, () => {
      const parsed = JSON.parse(formatJson(report)) as Report;
      report.findings.forEach((finding, i) => {
        if (finding.chain === undefined || parsed.findings[i]?.chain !== undefined) return;
        const reader = parsed.secrets.find((s) => s.id === finding.secret)?.readers.find((r) => r.principal === finding.principal);
        assert.deepEqual(reader?.via, finding.chain, `${finding.ruleId} ${finding.secret} ${finding.principal}`);
      });
    });
  }

  test('the chains of findings about readers are left out, others kept', () => {
    const parsed = JSON.parse(formatJson(fileReport)) as Report;
    const left = fileReport.findings.filter((f, i) => f.chain !== undefined && parsed.findings[i]?.chain === undefined);
    assert.ok(left.length > 0, 'the file report has SS001 findings whose chain is a reader\'s via');
    const kept = liveReport.findings.filter((f) => f.ruleId === 'SS009');
    assert.ok(kept[0]?.chain, 'the live fixture has an SS009 with a chain of its own');
    assert.deepEqual((JSON.parse(formatJson(liveReport)) as Report).findings.find((f) => f.ruleId === 'SS009')?.chain, JSON.parse(JSON.stringify(kept[0]?.chain)));
  });

  test('2-space indent, trailing newline, the key order of src/model/report.ts', () => {
    const text = formatJson(fileReport);
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "tool": {\n    "name": "secret-scan",\n    "version": "0.1.0"\n  },\n  "secrets": ['));
    const secretKeys = Object.keys((JSON.parse(text) as Report).secrets[0]!);
    assert.deepEqual(secretKeys, ['id', 'kind', 'resource', 'origin', 'owners', 'readers', 'status', 'notes']);
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['tool', 'secrets', 'findings', 'coverage']);
  });

  test('the bytes do not depend on the order in which the report object was built', () => {
    const reversed = reverseKeys(fileReport) as Report;
    assert.notDeepEqual(Object.keys(reversed), Object.keys(fileReport));
    assert.equal(formatJson(reversed), formatJson(fileReport));
  });

  test('undefined optional fields are left out', () => {
    const report: Report = { ...fileReport, findings: [{ ...fileReport.findings[0]!, chain: undefined, principal: undefined }] };
    const finding = (JSON.parse(formatJson(report)) as Report).findings[0]!;
    assert.equal('chain' in finding, false);
    assert.equal('principal' in finding, false);
  });
});

describe('report.schema.json constrains', () => {
  const cases: [string, (r: Record<string, any>) => void][] = [
    ['an unknown status', (r) => { r.secrets[0].status = 'fine'; }],
    ['an unknown kind', (r) => { r.secrets[0].kind = 'dynamodb'; }],
    ['an unknown origin', (r) => { r.secrets[0].origin = 'guessed'; }],
    ['an unknown edge', (r) => { r.secrets[0].readers[0].via[0].edge = 'teleport'; }],
    ['an unknown level', (r) => { r.findings[0].level = 'fatal'; }],
    ['a reader without conditional', (r) => { delete r.secrets[0].readers[0].conditional; }],
    ['an extra property on a secret', (r) => { r.secrets[0].value = 'hunter2'; }],
    ['an extra top-level property', (r) => { r.extra = true; }],
    ['line 0', (r) => { r.findings[0].locations[0].line = 0; }],
    ['a non-hex fingerprint', (r) => { r.findings[0].fingerprint = 'abc'; }],
    ['a finding without locations', (r) => { delete r.findings[0].locations; }],
    ['a skipped file without reason', (r) => { delete r.coverage.skipped[0].reason; }],
    ['another tool name', (r) => { r.tool.name = 'other'; }],
    ['a malformed rule id', (r) => { r.findings[0].ruleId = 'X1'; }],
  ];
  for (const [name, mutate] of cases) {
    test(`rejects ${name}`, () => {
      assert.equal(validate(broken(mutate)), false);
    });
  }
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}
