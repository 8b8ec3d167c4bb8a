import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import type { Log } from 'sarif';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runBuiltCli } from './cli-runner.js';
import { buildPullRequestRepo } from '../support/git-repo.js';
import { seriousResults, validateWithMultitool } from '../support/sarif-multitool.js';

const reportSchema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'report.schema.json'), 'utf8')) as object;
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);
const base = (parse(readFileSync(join(repoRoot, 'test', 'cases', 'diff', 'changes.yaml'), 'utf8')) as { base: Record<string, string> }).base;
const policies = base['policies.tf'] ?? '';
const widened = policies.replace('parameter/dev/*', 'parameter/*');

describe('secret-scan diff: outputs and exit codes', () => {
  test('JSON has a schema-valid diff section; SARIF holds only new findings with baselineState and passes the Multitool; Markdown has the table and a Mermaid chain', () => {
    const repo = buildPullRequestRepo(base, { 'policies.tf': widened });
    const out = mkdtempSync(join(tmpdir(), 'secret-scan-diff-out-'));
    const run = runBuiltCli(['diff', '--base', 'main', '--json', join(out, 'r.json'), '--sarif', join(out, 'r.sarif'), '--markdown', join(out, 'r.md')], repo.dir);
    assert.equal(run.status, 1, `a new SS001 error fails the run: ${run.stderr}`);
    assert.match(run.stdout, /readers 2 added, 0 removed, 0 changed/);
    assert.match(run.stdout, /\+ arn:aws:iam::123456789012:role\/dev-tools {2}\[unintended\]/);
    assert.match(run.stdout, /Legend: \+ reader added/);

    const json = JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')) as Report;
    assert.ok(validateReport(json), JSON.stringify(validateReport.errors));
    assert.equal(json.diff?.base.ref, 'main');
    const fresh = json.findings.filter((f) => f.baselineState === 'new');
    assert.deepEqual(fresh.map((f) => f.fingerprint).sort(), [...(json.diff?.findings.new ?? [])].sort());
    assert.ok(json.findings.some((f) => f.baselineState === 'unchanged'), 'the SS010 note of the legacy parameter is existing');

    const sarifText = readFileSync(join(out, 'r.sarif'), 'utf8');
    const sarif = JSON.parse(sarifText) as Log;
    const results = sarif.runs[0]?.results ?? [];
    assert.equal(results.length, fresh.length);
    assert.ok(results.every((r) => r.baselineState === 'new'));
    assert.deepEqual(seriousResults(validateWithMultitool(sarifText)), []);

    const md = readFileSync(join(out, 'r.md'), 'utf8');
    assert.ok(md.startsWith('<!-- secret-scan:diff -->\n## secret-scan: who can read what after this change'));
    assert.ok(md.includes('| 🔴 + | app1-db | reader added | arn:aws:iam::123456789012:role/dev-tools | arn:aws:iam::123456789012:role/dev-tools → app1-db<br>policies.tf:12 |'));
    assert.ok(md.includes('```mermaid\nflowchart LR\n  n0["arn:aws:iam::123456789012:role/dev-tools"]\n  n1["app1-db"]\n  n0 -->|"iam-read L'));
  });

  test('only new findings count: an error the base already had fails a scan but not a diff', () => {
    const before = { ...base, 'policies.tf': widened };
    const repo = buildPullRequestRepo(before, { 'policies.tf': `# moved\n\n${widened}` });
    assert.equal(runBuiltCli(['.'], repo.dir).status, 1);
    const run = runBuiltCli(['diff', '--base', 'main'], repo.dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /No change to who can read what\./);
    assert.match(run.stdout, /findings 0 new, 3 existing, 0 fixed/);
  });

  test('a path that does not exist at the base counts every secret under it as added', () => {
    const repo = buildPullRequestRepo({ 'README.md': 'x\n' }, { ...Object.fromEntries(Object.entries(base).map(([k, v]) => [`infra/${k}`, v])) });
    const json = JSON.parse(runBuiltCli(['diff', '--base', 'main', 'infra', '--format', 'json', '--fail-on', 'never'], repo.dir).stdout) as Report;
    assert.deepEqual(json.diff?.secrets.map((s) => `${s.id} ${s.change}`), ['/prod/legacy/token added', 'app1-db added', 'billing-vault added']);
  });

  test('usage errors: no --base, an unknown ref, not a git repository', () => {
    const repo = buildPullRequestRepo(base, {});
    assert.match(runBuiltCli(['diff'], repo.dir).stderr, /diff needs --base REF/);
    const unknown = runBuiltCli(['diff', '--base', 'nope'], repo.dir);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--base nope: no such commit/);
    const plain = mkdtempSync(join(tmpdir(), 'secret-scan-nogit-'));
    assert.match(runBuiltCli(['diff', '--base', 'main'], plain).stderr, /diff needs a git repository/);
  });
});
