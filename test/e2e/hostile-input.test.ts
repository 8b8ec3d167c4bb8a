// Hostile and degenerate inputs (issue 13): never a crash, never a silent pass, never a quoted secret.
// Each case writes its files into a temporary directory and runs the built CLI on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { runBuiltCli } from './cli-runner.js';

const CANARY = 'CANARY-7f3a9c41e2';
const MANIFEST = 'version: 1\naccounts: {default: "111111111111"}\nsecrets:\n  - id: s\n    s3: s3://b/k\n    owners: [role/x]\n';

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-hostile-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs every output format at once; returns the JSON report and everything printed or written. */
function scanAll(dir: string, extra: string[] = []): { status: number | null; report: Report; everything: string; stderr: string } {
  const run = runBuiltCli(['.', '--format', 'json', '--sarif', 'out.sarif', '--markdown', 'out.md', '--fail-on', 'never', ...extra], dir);
  const text = runBuiltCli(['.', '--fail-on', 'never'], dir);
  const report = JSON.parse(run.stdout) as Report;
  const everything = [run.stdout, run.stderr, text.stdout, text.stderr, readFileSync(join(dir, 'out.sarif'), 'utf8'), readFileSync(join(dir, 'out.md'), 'utf8')].join('\n');
  return { status: run.status, report, everything, stderr: run.stderr };
}

const policy = (statement: string): string => `{"Version":"2012-10-17","Statement":[${statement}]}`;
const publicRead = '{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}';

test('a canary in malformed files of every format never appears in any report or on stderr', () => {
  const dir = workspace({
    'secret-scan.yaml': MANIFEST,
    'main.tf': `resource "vault_generic_secret" "x" {\n  path = "secret/x"\n  data_json = "{\\"password\\": \\"${CANARY}\\" \\"u\\": 1}" ,,\n}\n`,
    'broken.tf': `locals {\n  a = ${CANARY} ${CANARY}\n}\n`,
    'vault/auth/approle/role/r.json': `{"data": {"bind_secret_id": true, "secret_id": "${CANARY}" x}}`,
    'vault/p.hcl': `path "secret/x" {\n  capabilities = ["${CANARY}"]\n  max_wrapping_ttl = "${CANARY}"\n}\n`,
    'aws/dump.json': `{"Parameters": [{"Name": "${CANARY}" "Type": "String"}]}`,
    'aws/b.bucket-policy.json': `{"Policy": "{\\"Statement\\": ${CANARY}}"}`,
    'cfn/t.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: [${CANARY}\n`,
    'cfn/t.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "${CANARY}" x}}}}`,
    'plan.json': `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [${CANARY}]}}}`,
  });
  try {
    const { everything, report } = scanAll(dir);
    assert.ok(report.findings.some((f) => f.ruleId === 'SS011'), 'the malformed files are named');
    assert.ok(!everything.includes(CANARY), `the canary leaked: ${everything.split('\n').filter((l) => l.includes(CANARY)).slice(0, 3).join(' | ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one hostile file never kills the scan: the rest is still read and the file is named', () => {
  const deepJson = `${'['.repeat(1100)}1${']'.repeat(1100)}`;
  const deepHcl = `locals {\n  a = ${'('.repeat(2000)}1${')'.repeat(2000)}\n}\n`;
  let jsonencoded = '"a"';
  for (let i = 0; i < 40; i++) jsonencoded = `jsonencode([${jsonencoded}])`;
  const dir = workspace({
    'secret-scan.yaml': MANIFEST,
    'b.bucket-policy.json': policy(publicRead),
    'proto/x.bucket-policy.json': policy('{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::x/*","Condition":{"constructor":{"aws:x":"y"},"__proto__":{"aws:y":"z"},"toString":{"aws:z":"w"}}}'),
    'deep.json': deepJson,
    'deep/main.tf': deepHcl,
    'enc/main.tf': `locals { a = ${jsonencoded} }\nresource "aws_iam_policy" "p" {\n  name = "p"\n  policy = local.a\n}\n`,
    'count/main.tf': 'resource "aws_iam_role" "r" {\n  count = 100000000\n  name = "r${count.index}"\n  assume_role_policy = "{}"\n}\n',
    'cfn/self.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n  M:\n    k:\n      v: !FindInMap [M, k, v]\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !FindInMap [M, k, v]\n',
    'cfn/bomb.yaml': `AWSTemplateFormatVersion: "2010-09-09"\na: &a [x, x, x, x, x, x, x, x, x, x]\n${'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`).join('\n')}\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: *i\n`,
    'cfn/alias.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: *nope\n',
  });
  try {
    const { status, report, stderr } = scanAll(dir);
    assert.equal(status, 0, stderr);
    const readers = report.secrets.find((s) => s.id === 's')?.readers.map((r) => r.principal);
    assert.ok(readers?.includes('*'), 'the valid bucket policy is still read');
    const named = new Set(report.coverage.skipped.map((s) => s.file));
    for (const file of ['deep.json', 'deep/main.tf', 'count/main.tf', 'cfn/bomb.yaml', 'cfn/alias.yaml', 'cfn/self.yaml']) assert.ok(named.has(file), `${file} is named in coverage.skipped`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('duplicate keys are named and read the way that grants more', () => {
  const dir = workspace({
    'secret-scan.yaml': MANIFEST,
    'b.bucket-policy.json': `{"Version":"2012-10-17","Statement":[${publicRead}],"Statement":[]}`,
    'c/b.bucket-policy.json': policy('{"Effect":"Deny","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'),
  });
  try {
    for (const path of ['b.bucket-policy.json', 'c']) {
      const run = runBuiltCli([path, '--manifest', 'secret-scan.yaml', '--format', 'json', '--fail-on', 'never'], dir);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.secrets.find((s) => s.id === 's')?.readers.map((r) => r.principal), ['*'], path);
      assert.ok(report.coverage.skipped.some((s) => /duplicateJsonKey/.test(s.reason) && s.line === 1), path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid UTF-8 and a symbolic link loop are named, not silent', () => {
  const dir = workspace({
    'secret-scan.yaml': MANIFEST,
    'b.bucket-policy.json': Buffer.concat([Buffer.from(policy(publicRead).slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from(']}')]),
  });
  try {
    mkdirSync(join(dir, 'a'));
    symlinkSync('..', join(dir, 'a', 'loop'));
    const { report } = scanAll(dir);
    assert.ok(report.coverage.skipped.some((s) => s.file === 'b.bucket-policy.json' && /invalidUtf8/.test(s.reason)));
    assert.ok(report.coverage.skipped.some((s) => s.file === 'a/loop' && /symlinkLoop/.test(s.reason)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('valid UTF-8 that spells U+FFFD itself is read as it is, not reported invalid', () => {
  // The decoder's replacement character may also be written on purpose (here in a Sid).
  const dir = workspace({ 'secret-scan.yaml': MANIFEST, 'b.bucket-policy.json': policy(publicRead).replace('"Effect"', '"Sid": "odd\uFFFD", "Effect"') });
  try {
    const { report } = scanAll(dir);
    assert.ok(report.coverage.loaded.includes('b.bucket-policy.json'), JSON.stringify(report.coverage));
    assert.ok(!report.coverage.skipped.some((s) => /invalidUtf8/.test(s.reason)), JSON.stringify(report.coverage.skipped));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a UTF-8 byte order mark is read past in every format, as editors on Windows write it', () => {
  // Unicode 15, §23.8: U+FEFF at the start of a UTF-8 text is a signature, not content.
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const dir = workspace({
    'secret-scan.yaml': Buffer.concat([bom, Buffer.from(`${MANIFEST}  - id: v\n    vault: secret/data/app\n    owners: [role/x]\n`)]),
    'b.bucket-policy.json': Buffer.concat([bom, Buffer.from(policy(publicRead))]),
    'vault/policies/open.hcl': Buffer.concat([bom, Buffer.from('path "secret/data/*" {\n  capabilities = ["read"]\n}\n')]),
  });
  try {
    const { report } = scanAll(dir);
    assert.deepEqual(report.coverage.skipped, []);
    assert.ok(report.secrets.find((s) => s.id === 's')?.readers.some((r) => r.principal === '*'));
    assert.ok(report.coverage.loaded.includes('vault/policies/open.hcl'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit 3 says why when nothing was scanned; internal errors and usage errors are one line', () => {
  const empty = workspace({});
  const unrecognized = workspace({ 'notes.txt': 'hello' });
  const failed = workspace({ 'a.json': '{"Parameters": [1,' });
  try {
    const runs = [runBuiltCli(['.'], empty), runBuiltCli(['.'], unrecognized), runBuiltCli(['.'], failed)];
    assert.deepEqual(runs.map((r) => r.status), [3, 3, 3]);
    assert.match(runs[0]?.stderr ?? '', /nothing was scanned: no input files/);
    assert.match(runs[1]?.stderr ?? '', /no recognizable input .*notes\.txt/);
    assert.match(runs[2]?.stderr ?? '', /every input failed to load \(a\.json\)/);
    const bomb = workspace({ 'secret-scan.yaml': `version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n${'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`).join('\n')}\n` });
    const run = runBuiltCli(['.'], bomb);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /secret-scan\.yaml:\d+: invalid YAML: aliases/);
    rmSync(bomb, { recursive: true, force: true });
    const v = runBuiltCli(['-v']);
    assert.equal(v.status, 2);
    assert.match(v.stderr.split('\n')[0] ?? '', /^secret-scan: Unknown option '-v' \(--version prints the version/);
  } finally {
    for (const d of [empty, unrecognized, failed]) rmSync(d, { recursive: true, force: true });
  }
});

test('report files: "-" is stdout, a repeated flag writes each, a path below /proc fails instead of hanging', () => {
  const dir = workspace({ 'secret-scan.yaml': MANIFEST, 'b.bucket-policy.json': policy(publicRead) });
  try {
    const run = runBuiltCli(['.', '--sarif', '-', '--json', 'a.json', '--json', 'b.json', '--fail-on', 'never'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { version: string }).version, '2.1.0');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')), JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')));
    const proc = runBuiltCli(['.', '--json', '/proc/no-such-pid/x.json'], dir);
    assert.equal(proc.status, 2);
    assert.match(proc.stderr, /cannot write \/proc\/no-such-pid\/x\.json: E[A-Z]+/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the manifest is found beside a file scanned alone and from a subdirectory; stderr and coverage.manifests name each one found and whether it was used', () => {
  const dir = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'infra/secret-scan.yaml': MANIFEST, 'infra/aws/b.bucket-policy.json': policy(publicRead), 'other/secret-scan.yaml': MANIFEST, 'other/x.bucket-policy.json': policy(publicRead) });
  try {
    const alone = runBuiltCli(['infra/aws/b.bucket-policy.json', '--format', 'json', '--fail-on', 'never'], dir);
    assert.match(alone.stderr, /manifest: infra\/secret-scan\.yaml/);
    assert.deepEqual((JSON.parse(alone.stdout) as Report).secrets.map((s) => s.id), ['s']);
    assert.deepEqual((JSON.parse(alone.stdout) as Report).coverage.manifests, [{ file: 'infra/secret-scan.yaml', used: true, why: 'for infra/aws/b.bucket-policy.json' }]);
    const both = runBuiltCli(['infra', 'other', '--format', 'json', '--fail-on', 'never'], dir);
    assert.match(both.stderr, /manifest: infra\/secret-scan\.yaml \(for infra\)/);
    assert.match(both.stderr, /manifest other\/secret-scan\.yaml not used/);
    // The report names each manifest found and whether it was used, as stderr does (one line each).
    const bothManifests = (JSON.parse(both.stdout) as Report).coverage.manifests ?? [];
    assert.deepEqual(bothManifests.map((m) => [m.file, m.used]), [['infra/secret-scan.yaml', true], ['other/secret-scan.yaml', false]]);
    assert.equal(both.stderr.split('\n').filter((l) => /secret-scan: manifest/.test(l)).length, 2);
    const root = runBuiltCli(['.', '--format', 'json', '--fail-on', 'never', '--manifest', 'infra/secret-scan.yaml'], dir);
    assert.match(root.stderr, /manifest other\/secret-scan\.yaml not used/);
    assert.deepEqual(((JSON.parse(root.stdout) as Report).coverage.manifests ?? []).map((m) => [m.file, m.used, m.why.split(';')[0]]),
      [['infra/secret-scan.yaml', true, '--manifest'], ['other/secret-scan.yaml', false, 'one manifest applies to a whole scan (infra/secret-scan.yaml)']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fingerprints do not depend on the directory the scan runs from', () => {
  const dir = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'infra/secret-scan.yaml': MANIFEST, 'infra/b.bucket-policy.json': policy(publicRead), 'infra/broken.json': '{' });
  try {
    const fromRoot = JSON.parse(runBuiltCli(['infra', '--format', 'json', '--fail-on', 'never'], dir).stdout) as Report;
    const fromSub = JSON.parse(runBuiltCli(['.', '--format', 'json', '--fail-on', 'never'], join(dir, 'infra')).stdout) as Report;
    assert.ok(fromRoot.findings.length >= 2);
    assert.deepEqual(fromSub.findings.map((f) => f.fingerprint).sort(), fromRoot.findings.map((f) => f.fingerprint).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
