import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtCli, repoRoot } from './cli-runner.js';

const BROKEN = 'fixtures/seed-000-approle-s3-role-id-broken';
const run = (args: string[], env: Record<string, string>): { status: number | null; stdout: string } => {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  const result = spawnSync(process.execPath, [builtCli, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...base, ...env } });
  return { status: result.status, stdout: result.stdout };
};
const ANSI = /\u001b\[\d+m/;

describe('colour, --quiet and the legend (stdout is a pipe here, never a TTY)', () => {
  test('no colour on a pipe by default; FORCE_COLOR turns it on; NO_COLOR and --no-color win', () => {
    assert.doesNotMatch(run([BROKEN], {}).stdout, ANSI);
    assert.match(run([BROKEN], { FORCE_COLOR: '1' }).stdout, ANSI);
    assert.doesNotMatch(run([BROKEN], { FORCE_COLOR: '0' }).stdout, ANSI);
    assert.doesNotMatch(run([BROKEN], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, ANSI);
    assert.doesNotMatch(run([BROKEN, '--no-color'], { FORCE_COLOR: '1' }).stdout, ANSI);
  });
  test('--quiet prints nothing but keeps the exit code and the report files', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'secret-scan-quiet-')), 'r.json');
    const quiet = run([BROKEN, '--quiet', '--json', out], {});
    assert.equal(quiet.status, 1);
    assert.equal(quiet.stdout, '');
    assert.ok(existsSync(out));
  });
  test('the text report explains its marks', () => {
    assert.match(run([BROKEN], {}).stdout, /\nLegend: ~ conditional reader .* ↳ chain of grants/);
  });
});
