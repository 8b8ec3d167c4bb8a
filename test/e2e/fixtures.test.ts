import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, scanJson, secretsView } from './cli-runner.js';

interface Expected {
  secrets: Record<string, { status: string; readers: Record<string, { conditional: boolean }> }>;
  findings: Record<string, string | number>[];
}

const IDENTIFYING = ['ruleId', 'secret', 'principal', 'role', 'policy', 'pattern', 'file', 'line'];

/** A finding reduced to what identifies it, with paths relative to the fixture directory. */
function findingKey(finding: Record<string, unknown>): string {
  const entries = IDENTIFYING.filter((key) => finding[key] !== undefined).map((key) => [key, finding[key]]);
  return JSON.stringify(Object.fromEntries(entries));
}

const fixturesDir = join(repoRoot, 'fixtures');
// Top-level scenario fixtures, and `real-world/<case>`: inputs written in the idioms of public code.
const fixtureDirsIn = (dir: string, prefix: string): string[] => existsSync(dir)
  ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'expected.json'))).map((name) => `${prefix}${name}`)
  : [];
const fixtures = [...fixtureDirsIn(fixturesDir, ''), ...fixtureDirsIn(join(fixturesDir, 'real-world'), 'real-world/')].sort();

test('there are fixtures to run', () => {
  assert.ok(fixtures.length >= 10, `expected at least 10 fixtures, found ${fixtures.length}`);
});

for (const name of fixtures) {
  test(`fixture ${name}: readers, statuses and findings are exactly the expected ones`, () => {
    const expected = JSON.parse(readFileSync(join(fixturesDir, name, 'expected.json'), 'utf8')) as Expected;
    const report = scanJson(`fixtures/${name}`);
    assert.deepEqual(secretsView(report), expected.secrets);

    const prefix = `fixtures/${name}/`;
    const actualFindings = report.findings.map((f) => {
      const flat: Record<string, unknown> = { ruleId: f.ruleId, secret: f.secret, principal: f.principal, ...f.properties };
      if (typeof flat.file === 'string' && flat.file.startsWith(prefix)) flat.file = flat.file.slice(prefix.length);
      return findingKey(flat);
    }).sort();
    const expectedFindings = expected.findings.map((f) => findingKey(f)).sort();
    assert.deepEqual(actualFindings, expectedFindings);

    // Each reader's role agrees with the expected findings: `unintended` exactly where SS001 is
    // expected, `owner` for a declared owner, `undeclared` for every untrusted reader of a secret
    // without owners (a trusted one stays `trusted`: README "Reports").
    const flagged = new Set(expected.findings.filter((f) => f.ruleId === 'SS001').map((f) => `${f.secret}\u0000${f.principal}`));
    for (const secret of report.secrets) {
      for (const reader of secret.readers) {
        const where = `${secret.id} / ${reader.principal}`;
        assert.equal(reader.role === 'unintended', flagged.has(`${secret.id}\u0000${reader.principal}`), `${where}: role ${reader.role}`);
        assert.equal(reader.role === 'owner', secret.owners.includes(reader.principal), `${where}: role ${reader.role}`);
        assert.equal(reader.role === 'undeclared', secret.owners.length === 0 && reader.role !== 'trusted', `${where}: role ${reader.role}`);
      }
    }
  });
}
