import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../../support/case-table.js';
import type { ChainStep, Report } from '../../../src/model/report.js';
import { scan } from '../../../src/api/scan.js';
import { ACCOUNT, grantLocation, writeInfra, type InfraSpec } from '../../support/write-infra.js';

/**
 * Access-graph tables (docs/semantics.md#secrets, #principals, #edges). Each case describes a tiny export (test/support/write-infra.ts),
 * scans it through the whole pipeline and compares, for EVERY reported secret (declared and
 * discovered), the exact reader set: each reader's `conditional` and the edge kinds of its chain.
 *
 * Each reader also names, per step (`at`), where the grant that opens it is written: `FILE:LINE`,
 * `FILE` for a step without a line (an unlisted account's stand-in), or a JSON pointer into the
 * case (`/roles/0/policy/Statement/0`) that test/support/write-infra.ts `grantLocation` turns into
 * the file and line it wrote. The statement is chosen by reading the case; the line follows.
 *
 * Principals in `expect` may be written `role/NAME` or `user/NAME` (account 123456789012); `*` and
 * account roots are written in full. A case with `knownFailure` documents a graph bug: the runner
 * expects the correct expectation (docs/semantics.md) to FAIL, and reports the case, so the suite stays green
 * while the bug stays visible (and the case starts failing the day the bug is fixed, to be promoted).
 */
interface ExpectedReader {
  conditional: boolean;
  /** Edge kinds of the reader's chain, in order (`via[].edge`). */
  via: string[];
  /** Per step, where its grant is written (see above). */
  at: string[];
}

interface ExpectedSecret {
  status?: string;
  readers: Record<string, ExpectedReader>;
}

interface GraphCase extends InfraSpec {
  name: string;
  doc: string;
  knownFailure?: string;
  /** Rule ids that must be among the findings (e.g. SS011 where the input is not understood). */
  raises?: string[];
  expect: Record<string, ExpectedSecret>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** `role/NAME` / `user/NAME` → the ARN in the test account; anything else as written. */
function principalArn(principal: string): string {
  return /^(role|user)\//.test(principal) ? `arn:aws:iam::${ACCOUNT}:${principal}` : principal;
}

/** The comparable part of a report: secret id → status? + reader → { conditional, edge kinds }. */
function observed(report: Report, expect: Record<string, ExpectedSecret>): Record<string, ExpectedSecret> {
  return Object.fromEntries(report.secrets.map((secret) => {
    const readers = Object.fromEntries(secret.readers.map((r) => [r.principal, { conditional: r.conditional, via: r.via.map((step) => step.edge), at: r.via.map(where) }]));
    // status is compared only where the case states it (most cases only care about readers).
    return [secret.id, expect[secret.id]?.status !== undefined ? { status: secret.status, readers } : { readers }];
  }));
}

/** A step's source as the tables write it: `FILE:LINE`, `FILE`, or `-` when the step has none. */
function where(step: ChainStep): string {
  if (!step.source) return '-';
  return step.source.line !== undefined ? `${step.source.file}:${step.source.line}` : step.source.file;
}

function normalizedExpectation(dir: string, c: GraphCase): Record<string, ExpectedSecret> {
  const at = (entry: string): string => (entry.startsWith('/') ? grantLocation(dir, c, entry) : entry);
  return Object.fromEntries(Object.entries(c.expect).map(([id, secret]) => {
    const readers = Object.fromEntries(Object.entries(secret.readers ?? {}).map(([p, r]) => [principalArn(p), { conditional: r.conditional, via: r.via, at: (r.at ?? []).map(at) }]));
    return [id, secret.status !== undefined ? { status: secret.status, readers } : { readers }];
  }));
}

async function check(c: GraphCase): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-graph-'));
  try {
    writeInfra(dir, c);
    const report = await scan({ paths: [dir], cwd: dir });
    assert.deepEqual(observed(report, c.expect), normalizedExpectation(dir, c));
    const raised = new Set(report.findings.map((f) => f.ruleId));
    for (const rule of c.raises ?? []) assert.ok(raised.has(rule), `expected a ${rule} finding, got ${[...raised].sort().join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const file of readdirSync(here).filter((f) => f.endsWith('.yaml')).sort()) {
  const cases = loadCaseTable<GraphCase[]>(join(here, file));
  describe(file, () => {
    for (const c of cases) {
      const title = c.knownFailure ? `${c.name} [KNOWN FAILURE: ${c.knownFailure}]` : c.name;
      test(title, async () => {
        assert.match(c.doc, /https:\/\//, 'every case names the documentation it follows');
        assert.ok(Object.keys(c.expect).length > 0, 'every case expects at least one secret');
        if (!c.knownFailure) return check(c);
        await assert.rejects(check(c), assert.AssertionError, `known failure now passes — remove knownFailure: ${c.knownFailure}`);
      });
    }
  });
}

test('grantLocation names the line where writeInfra wrote each kind of grant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-grant-'));
  try {
    const statement = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const spec: InfraSpec = {
      roles: [{ name: 'a' }, { name: 'b', policy: { Statement: [statement('B0'), statement('B1')] }, policies: [{ Statement: [statement('B2')] }], trust: { Statement: [statement('BT')] } }],
      users: [{ name: 'u', policy: { Statement: [statement('U0')] } }],
      managedPolicies: { m: { Statement: [statement('M0')] } },
      tasks: [{ family: 'web', environment: { A: 'x', B: 'y' }, secrets: { S: '/s' } }],
    };
    writeInfra(dir, spec);
    const lineAfter = (location: string): string => {
      const [file, line] = location.split(':');
      return readFileSync(join(dir, file ?? ''), 'utf8').split('\n')[Number(line)] ?? '';
    };
    // A statement's line is its opening brace; its first key (Sid) is on the next line.
    for (const [pointer, sid] of [['/roles/1/policy/Statement/1', 'B1'], ['/roles/1/policies/0/Statement/0', 'B2'], ['/roles/1/trust/Statement/0', 'BT'], ['/users/0/policy/Statement/0', 'U0'], ['/managedPolicies/m/Statement/0', 'M0']] as const) {
      assert.match(lineAfter(grantLocation(dir, spec, pointer)), new RegExp(`"Sid": "${sid}"`), pointer);
    }
    assert.match(lineAfter(grantLocation(dir, spec, '/tasks/0/environment/B')), /"name": "B"/);
    assert.match(lineAfter(grantLocation(dir, spec, '/tasks/0/secrets/S')), /"name": "S"/);
    assert.throws(() => grantLocation(dir, spec, '/roles/0/policy/Statement/0'), /nothing written/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
