import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Log } from 'sarif';
import { repoRoot } from '../e2e/cli-runner.js';
import { buildPullRequestRepo, writeFiles } from '../support/git-repo.js';
import { seriousResults, validateWithMultitool } from '../support/sarif-multitool.js';
import { READER_ROLE_FROM_VARIABLE_TF } from '../support/var-file-infra.js';

// The Action runs the way the runner runs it: `node action/index.js` (action.yml `runs.main`) with
// INPUT_* variables, a pull_request payload at GITHUB_EVENT_PATH, GITHUB_STEP_SUMMARY and
// GITHUB_OUTPUT files, in a git repository with base and head commits; the REST API is a local server.
const entry = join(repoRoot, 'action', 'index.js');
const base = (parse(readFileSync(join(repoRoot, 'test', 'cases', 'diff', 'changes.yaml'), 'utf8')) as { base: Record<string, string> }).base;
const widened = (base['policies.tf'] ?? '').replace('parameter/dev/*', 'parameter/*');

interface Recorded { method: string; url: string; auth: string; body: string }
let server: Server;
let apiUrl = '';
const requests: Recorded[] = [];
let comments: { id: number; body: string }[] = [];

before(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization ?? '', body });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && /^\/repos\/octo-org\/infra\/issues\/42\/comments\?/.test(req.url ?? '')) { res.end(JSON.stringify([{ id: 7, body: 'LGTM' }, ...comments])); return; }
      if (req.method === 'POST' && req.url === '/repos/octo-org/infra/issues/42/comments') {
        const created = { id: 1000 + comments.length, body: (JSON.parse(body) as { body: string }).body };
        comments.push(created);
        res.statusCode = 201; res.end(JSON.stringify(created)); return;
      }
      const patch = /^\/repos\/octo-org\/infra\/issues\/comments\/(\d+)$/.exec(req.url ?? '');
      if (req.method === 'PATCH' && patch) {
        const found = comments.find((c) => c.id === Number(patch[1]));
        if (found) found.body = (JSON.parse(body) as { body: string }).body;
        res.statusCode = found ? 200 : 404; res.end(JSON.stringify(found ?? {})); return;
      }
      res.statusCode = 404; res.end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server.close(); });

interface ActionRun { status: number | null; stdout: string; stderr: string; outputs: Record<string, string>; summary: string; dir: string }

/** Runs the bundled action in `dir` like the runner: a fresh runner temp with event, summary and output files. */
async function runAction(dir: string, inputs: Record<string, string>, event: { name: string; payload?: string }): Promise<ActionRun> {
  const runner = mkdtempSync(join(tmpdir(), 'secret-scan-runner-'));
  const files = { event: join(runner, 'event.json'), summary: join(runner, 'summary.md'), output: join(runner, 'output.txt') };
  writeFileSync(files.event, event.payload ?? '{}');
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: dir, GITHUB_EVENT_NAME: event.name, GITHUB_EVENT_PATH: files.event,
    GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, GITHUB_REPOSITORY: 'octo-org/infra',
    GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: apiUrl, GITHUB_SHA: 'f'.repeat(40), RUNNER_TEMP: runner,
    GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
    'INPUT_GITHUB-TOKEN': 'ghs_testtoken', ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  // Async spawn: the local API server must keep answering while the action runs.
  const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const proc = require_spawn(entry, env, dir);
    let stdout = ''; let stderr = '';
    proc.stdout?.on('data', (c: Buffer) => { stdout += c.toString(); });
    proc.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
    proc.on('close', (status) => done({ status, stdout, stderr }));
  });
  const outputs = Object.fromEntries(readFileSync(files.output, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { ...child, outputs, summary: readFileSync(files.summary, 'utf8'), dir };
}

import { spawn } from 'node:child_process';
function require_spawn(file: string, env: NodeJS.ProcessEnv, cwd: string): ReturnType<typeof spawn> {
  return spawn(process.execPath, [file], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

function pullRequestPayload(baseSha: string, headSha: string): string {
  return readFileSync(join(repoRoot, 'test', 'action', 'pull_request.opened.json'), 'utf8').replaceAll('__BASE_SHA__', baseSha).replaceAll('__HEAD_SHA__', headSha);
}

describe('the GitHub Action, run as the runner runs it', () => {
  test('the bundle exists (npm run build writes action/ from src/action)', () => assert.ok(existsSync(entry)));

  test('on a pull request: diff against the PR base, SARIF, outputs, annotations, job summary and one PR comment updated in place', async () => {
    comments = [];
    requests.length = 0;
    const repo = buildPullRequestRepo(base, { 'policies.tf': widened });
    const payload = pullRequestPayload(repo.baseSha, repo.headSha);
    const first = await runAction(repo.dir, { 'sarif-category': 'infra-pr' }, { name: 'pull_request', payload });
    assert.equal(first.status, 1, first.stdout + first.stderr);
    assert.equal(first.outputs['exit-code'], '1');
    assert.equal(first.outputs['readers-added'], '2');
    assert.equal(first.outputs['new-findings'], '2');
    assert.equal(first.outputs['sarif-file'], join(repo.dir, 'secret-scan.sarif'));
    assert.match(first.stdout, /^::error file=policies\.tf,line=12,col=\d+,title=secret-scan SS001::arn%3Aaws|^::error file=policies\.tf,line=12,col=\d+,title=secret-scan SS001::arn:aws:iam::123456789012:role\/dev-tools can read secret app1-db/m);
    assert.match(first.stdout, /^::warning file=policies\.tf,line=12,col=\d+,title=secret-scan SS008::/m);
    assert.match(first.stdout, /readers 2 added, 0 removed, 0 changed/, 'the text report goes to the log');

    assert.ok(first.summary.includes('| 🔴 + | app1-db | reader added |'));
    assert.ok(first.summary.includes(`[policies.tf:12](https://github.com/octo-org/infra/blob/${repo.headSha}/policies.tf#L12)`));
    assert.ok(first.summary.includes('```mermaid\nflowchart LR'));

    const sarifText = readFileSync(join(repo.dir, 'secret-scan.sarif'), 'utf8');
    const sarif = JSON.parse(sarifText) as Log;
    assert.equal(sarif.runs[0]?.automationDetails?.id, 'infra-pr/');
    assert.deepEqual(sarif.runs[0]?.results?.map((r) => [r.ruleId, r.baselineState]).sort(), [['SS001', 'new'], ['SS008', 'new']]);
    assert.deepEqual(seriousResults(validateWithMultitool(sarifText)), []);

    assert.equal(comments.length, 1);
    assert.ok(comments[0]?.body.startsWith('<!-- secret-scan:diff -->'));
    assert.ok(requests.every((r) => r.auth === 'Bearer ghs_testtoken'));
    assert.deepEqual(requests.map((r) => r.method), ['GET', 'POST']);

    // Pushed again: the same comment is updated, none added.
    writeFiles(repo.dir, { 'policies.tf': widened.replace('parameter/*', 'parameter/prod/app1/*') });
    requests.length = 0;
    const second = await runAction(repo.dir, { 'soft-fail': 'true' }, { name: 'pull_request', payload });
    assert.equal(second.status, 0, 'soft-fail keeps the step green');
    assert.equal(second.outputs['exit-code'], '1');
    assert.deepEqual(requests.map((r) => `${r.method} ${r.url.replace(/\?.*/, '')}`), ['GET /repos/octo-org/infra/issues/42/comments', `PATCH /repos/octo-org/infra/issues/comments/${comments[0]?.id}`]);
    assert.equal(comments.length, 1);
    assert.ok((comments[0]?.body ?? '').includes('readers 1 added'), 'the comment shows the new diff');
  });

  test('a push event with a path outside the working directory: a plain scan whose SARIF has relative URIs under a uriBaseId', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'secret-scan-outside-'));
    writeFiles(outside, { ...base, 'policies.tf': widened });
    const workspace = mkdtempSync(join(tmpdir(), 'secret-scan-workspace-'));
    const run = await runAction(workspace, { path: outside, 'fail-on': 'never', format: 'json', 'output-file': 'report.json' }, { name: 'push' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.outputs['readers-added'], '0');
    assert.ok(JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8')).findings.length > 0);
    const sarifText = readFileSync(join(workspace, 'secret-scan.sarif'), 'utf8');
    assert.ok(!/"uri": "file:[^"]*[^/"]"/.test(sarifText), 'no file URI but the SCANROOT folder itself');
    const sarif = JSON.parse(sarifText) as Log;
    const location = sarif.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation;
    assert.equal(location?.uriBaseId, 'SCANROOT');
    assert.ok(!(location?.uri ?? '').startsWith('/'));
    assert.deepEqual(seriousResults(validateWithMultitool(sarifText)), []);
    assert.match(run.summary, /^## secret-scan report/);
  });

  test('var-file: Terraform variables files, one per line, applied as --var-file; a missing one is a bad input', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'secret-scan-workspace-'));
    writeFiles(workspace, {
      'infra/main.tf': READER_ROLE_FROM_VARIABLE_TF,
      'infra/base.tfvars': 'reader_role = "base-task"\n',
      'infra/prod.tfvars': 'reader_role = "billing-task"\n',
    });
    const run = await runAction(workspace, { path: 'infra', 'var-file': 'infra/base.tfvars\ninfra/prod.tfvars', 'fail-on': 'never', format: 'json', 'output-file': 'report.json' }, { name: 'push' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8')) as { secrets: { resource: string; readers: { principal: string }[] }[] };
    const readers = report.secrets.find((s) => s.resource.includes('prod/db'))?.readers.map((r) => r.principal) ?? [];
    assert.ok(readers.some((r) => r.endsWith(':role/billing-task')), readers.join(', '));
    assert.ok(!readers.some((r) => r.endsWith(':role/base-task')), 'the later file wins');
    const missing = await runAction(workspace, { path: 'infra', 'var-file': 'infra/none.tfvars' }, { name: 'push' });
    assert.equal(missing.status, 2);
    assert.match(missing.stdout, /^::error::secret-scan: --var-file infra\/none\.tfvars: no such file/m);
  });

  test('terragrunt-env: NAME=VALUE per line, what Terragrunt\'s get_env reads, as --terragrunt-env', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'secret-scan-workspace-'));
    writeFiles(workspace, {
      'modules/app/main.tf': READER_ROLE_FROM_VARIABLE_TF,
      'live/app/terragrunt.hcl': 'terraform {\n  source = "../../modules//app"\n}\ninputs = { reader_role = "${get_env("SERVICE")}-${get_env("SUFFIX", "x")}" }\n',
    });
    const run = await runAction(workspace, { path: '.', 'terragrunt-env': 'SERVICE=billing\nSUFFIX=a,b', 'fail-on': 'never', format: 'json', 'output-file': 'report.json' }, { name: 'push' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8')) as { secrets: { resource: string; readers: { principal: string }[] }[] };
    const readers = report.secrets.find((s) => s.resource.includes('prod/db'))?.readers.map((r) => r.principal) ?? [];
    // A value may hold a comma: pairs are one per line.
    assert.ok(readers.some((r) => r.endsWith(':role/billing-a,b')), readers.join(', '));
  });

  test('bad inputs exit 2 with an error annotation; the exit-code output says so', async () => {
    const repo = buildPullRequestRepo(base, {});
    const run = await runAction(repo.dir, { 'fail-on': 'sometimes' }, { name: 'push' });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /^::error::secret-scan: --fail-on must be one of/m);
    assert.equal(run.outputs['exit-code'], '2');
    const version = await runAction(repo.dir, { version: '9.9.9' }, { name: 'push' });
    assert.equal(version.status, 2);
    assert.match(version.stdout, /input version 9\.9\.9 asks for another secret-scan/);
  });
});

void spawnSync;
