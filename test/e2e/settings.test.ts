import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Report } from '../../src/model/report.js';
import { builtCli, repoRoot } from './cli-runner.js';
import { git, writeFiles } from '../support/git-repo.js';

const base = (parse(readFileSync(join(repoRoot, 'test', 'cases', 'diff', 'changes.yaml'), 'utf8')) as { base: Record<string, string> }).base;
const widened = (base['policies.tf'] ?? '').replace('parameter/dev/*', 'parameter/*');
const run = (cwd: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } => {
  const result = spawnSync(process.execPath, [builtCli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};
const loaded = (stdout: string): string[] => (JSON.parse(stdout) as Report).coverage.loaded.sort();

describe('settings: flag > SECRET_SCAN_* > manifest scan: > default; --exclude; .gitignore', () => {
  test('fail-on: the manifest sets it, the environment overrides the manifest, a flag overrides both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-settings-'));
    writeFiles(dir, { ...base, 'policies.tf': widened, 'secret-scan.yaml': `${base['secret-scan.yaml'] ?? ''}scan:\n  fail_on: never\n` });
    assert.equal(run(dir, []).status, 0, 'manifest: never');
    assert.equal(run(dir, [], { SECRET_SCAN_FAIL_ON: 'error' }).status, 1, 'environment: error');
    assert.equal(run(dir, ['--fail-on', 'never'], { SECRET_SCAN_FAIL_ON: 'error' }).status, 0, 'flag: never');
  });

  test('the scan: settings come from the manifest the scan uses, also when it is found above the scanned directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-settings-'));
    writeFiles(dir, { '.git/HEAD': 'ref: refs/heads/main\n', ...Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'secret-scan.yaml').map(([k, v]) => [`infra/${k}`, k === 'policies.tf' ? widened : v])), 'secret-scan.yaml': `${base['secret-scan.yaml'] ?? ''}scan:\n  fail_on: never\n` });
    const below = run(dir, ['infra']);
    assert.match(below.stderr, /manifest: secret-scan\.yaml \(for infra\)/);
    assert.equal(below.status, 0, `the manifest's fail_on: never applies\n${below.stderr}`);
    assert.equal(run(dir, ['infra', '--fail-on', 'error']).status, 1, 'and a flag still wins');
  });

  test('paths, exclude and outputs from the manifest; --exclude replaces them; SECRET_SCAN_EXCLUDE too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-settings-'));
    writeFiles(dir, {
      ...Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'secret-scan.yaml').map(([k, v]) => [`infra/${k}`, v])),
      'other/ignored.tf': 'resource "aws_ssm_parameter" "x" {\n  name = "/x"\n  type = "String"\n  value = "v"\n}\n',
      'secret-scan.yaml': `${base['secret-scan.yaml'] ?? ''}scan:\n  paths: [infra]\n  exclude: ["vault/**"]\n  format: json\n  outputs: { sarif: out/r.sarif }\n`,
    });
    const fromManifest = run(dir, ['--fail-on', 'never']);
    assert.deepEqual(loaded(fromManifest.stdout), ['infra/params.tf', 'infra/policies.tf', 'infra/roles.tf']);
    assert.ok(existsSync(join(dir, 'out', 'r.sarif')));
    assert.deepEqual(loaded(run(dir, ['--fail-on', 'never', '--exclude', 'roles.tf', '--exclude', 'infra/params*']).stdout), ['infra/policies.tf', 'infra/vault/auth/aws/role/app1.json', 'infra/vault/auth/aws/role/billing.json', 'infra/vault/policies/app1.hcl', 'infra/vault/policies/billing.hcl']);
    assert.deepEqual(loaded(run(dir, ['--fail-on', 'never'], { SECRET_SCAN_EXCLUDE: 'vault,params.tf' }).stdout), ['infra/policies.tf', 'infra/roles.tf']);
  });

  test('.gitignore\'d paths are skipped unless named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-settings-'));
    writeFiles(dir, { ...base, '.gitignore': 'generated/\n', 'generated/extra.tf': 'resource "aws_ssm_parameter" "x" {\n  name = "/x"\n  type = "String"\n  value = "v"\n}\n' });
    git(dir, 'init', '-q');
    assert.ok(!loaded(run(dir, ['.', '--format', 'json', '--fail-on', 'never']).stdout).includes('generated/extra.tf'));
    assert.ok(loaded(run(dir, ['.', 'generated', '--format', 'json', '--fail-on', 'never']).stdout).includes('generated/extra.tf'));
  });
});
