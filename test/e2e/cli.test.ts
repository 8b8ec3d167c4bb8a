import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { Report } from '../../src/model/report.js';
import { repoRoot, runBuiltCli } from './cli-runner.js';
import { seriousResults, validateWithMultitool } from '../support/sarif-multitool.js';
import { READER_ROLE_FROM_VARIABLE_TF } from '../support/var-file-infra.js';

const reportSchema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'report.schema.json'), 'utf8')) as object;
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);
const scratch = (): string => mkdtempSync(join(tmpdir(), 'secret-scan-e2e-'));
const SEED0 = 'fixtures/seed-000-approle-s3-role-id';

describe('exit codes (README "Usage": 0 clean, 1 findings at or above --fail-on, 2 usage or input error)', () => {
  test('a clean setup exits 0', () => assert.equal(runBuiltCli([SEED0]).status, 0));
  test('an over-exposed setup exits 1', () => assert.equal(runBuiltCli([`${SEED0}-broken`]).status, 1));
  test('--fail-on never exits 0 even with errors', () => assert.equal(runBuiltCli([`${SEED0}-broken`, '--fail-on', 'never']).status, 0));
  test('--fail-on note fails on the SS010 note of a discovered secret', () => {
    assert.equal(runBuiltCli(['fixtures/seed-004-ssm-kms', '--fail-on', 'error']).status, 0);
    assert.equal(runBuiltCli(['fixtures/seed-004-ssm-kms', '--fail-on', 'note']).status, 1);
  });
  test('an unknown flag is a usage error with the usage text, no stack trace', () => {
    const run = runBuiltCli(['--frobnicate']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^secret-scan: Unknown option '--frobnicate'/);
    assert.match(run.stderr, /Usage: secret-scan/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
  test('a missing path is a usage error', () => {
    const run = runBuiltCli(['does/not/exist']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no such file or directory: .*does\/not\/exist/);
  });
  test('an invalid manifest is a usage error naming its line', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'secret-scan.yaml'), 'version: 1\nsecrets:\n  - id: x\n    vault: secret/x\n    owner: [role/x]\n');
    const run = runBuiltCli([dir]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /secret-scan\.yaml:3: .*unexpected "owner"/);
  });
  test('--format must be known', () => assert.equal(runBuiltCli([SEED0, '--format', 'xml']).status, 2));
  test('a missing --var-file is a usage error naming it', () => {
    const run = runBuiltCli([SEED0, '--var-file', 'nope.tfvars']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--var-file nope\.tfvars: no such file/);
  });
});

describe('--var-file (Terraform variables, as terraform plan -var-file reads them)', () => {
  test('a variables file given applies its values; not given, it is listed as skipped with why', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'main.tf'), READER_ROLE_FROM_VARIABLE_TF);
    writeFileSync(join(dir, 'prod.tfvars'), 'reader_role = "billing-task"\n');
    const readersOf = (args: string[]): { readers: string[]; report: Report } => {
      const run = runBuiltCli([dir, '--format', 'json', '--fail-on', 'never', ...args]);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      return { readers: report.secrets.find((s) => s.resource.includes('prod/db'))?.readers.map((r) => r.principal) ?? [], report };
    };
    const without = readersOf([]);
    assert.ok(without.report.coverage.skipped.some((s) => s.file.endsWith('prod.tfvars') && /--var-file/.test(s.reason)));
    assert.ok(!without.readers.some((r) => r.endsWith(':role/billing-task')), without.readers.join(', '));
    const withFile = readersOf(['--var-file', join(dir, 'prod.tfvars')]);
    assert.ok(withFile.readers.some((r) => r.endsWith(':role/billing-task')), withFile.readers.join(', '));
  });
});

describe('--terragrunt-env (what Terragrunt\'s get_env reads; never the scanning process\'s own environment)', () => {
  test('a unit choosing its module and names by get_env("ENVIRONMENT") is read as that environment when given, and as unknown otherwise', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'modules', 'app'), { recursive: true });
    mkdirSync(join(dir, 'live', 'app'), { recursive: true });
    writeFileSync(join(dir, 'modules', 'app', 'main.tf'), READER_ROLE_FROM_VARIABLE_TF);
    writeFileSync(join(dir, 'live', 'app', 'terragrunt.hcl'), 'terraform {\n  source = "../../modules//app"\n}\ninputs = {\n  reader_role = "${get_env("SERVICE", "placeholder")}-task"\n}\n');
    const readersOf = (args: string[]): string[] => {
      const run = runBuiltCli([dir, '--format', 'json', '--fail-on', 'never', ...args], dir);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      return report.secrets.find((s) => s.resource.includes('prod/db'))?.readers.map((r) => r.principal) ?? [];
    };
    // The scanning process's own SERVICE is never read.
    const before = process.env['SERVICE'];
    process.env['SERVICE'] = 'billing';
    try {
      const without = readersOf([]);
      assert.ok(!without.some((r) => /:role\/(billing|placeholder)-task$/.test(r)), without.join(', '));
    } finally {
      if (before === undefined) delete process.env['SERVICE']; else process.env['SERVICE'] = before;
    }
    const given = readersOf(['--terragrunt-env', 'SERVICE=billing']);
    assert.ok(given.some((r) => r.endsWith(':role/billing-task')), given.join(', '));
  });
  test('a pair without NAME= is a usage error', () => {
    const run = runBuiltCli([SEED0, '--terragrunt-env', 'ENVIRONMENT']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--terragrunt-env takes NAME=VALUE/);
  });
});

describe('reports written in one run are valid', () => {
  test('--json, --sarif and --markdown files: JSON matches the shipped schema, SARIF passes the Multitool GitHub rules', () => {
    const dir = scratch();
    const run = runBuiltCli([`${SEED0}-broken`, '--json', join(dir, 'r.json'), '--sarif', join(dir, 'r.sarif'), '--markdown', join(dir, 'r.md'), '--format', 'text']);
    assert.equal(run.status, 1, run.stderr);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    assert.ok(validateReport(json), JSON.stringify(validateReport.errors));
    assert.deepEqual(seriousResults(validateWithMultitool(readFileSync(join(dir, 'r.sarif'), 'utf8'))), []);
    assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /myapp-vault/);
    assert.match(run.stdout, /overexposed/);
  });

  test('every fixture: JSON report validates against the schema and SARIF against the Multitool', () => {
    const scanRoots = readdirSync(join(repoRoot, 'fixtures'), { recursive: true }).map(String)
      .filter((path) => path.endsWith('secret-scan.yaml')).map((path) => dirname(path)).sort();
    assert.ok(scanRoots.length >= 11);
    for (const name of scanRoots) {
      const json = runBuiltCli([`fixtures/${name}`, '--format', 'json', '--fail-on', 'never']);
      assert.ok(validateReport(JSON.parse(json.stdout)), `${name}: ${JSON.stringify(validateReport.errors)}`);
      const sarif = runBuiltCli([`fixtures/${name}`, '--format', 'sarif', '--fail-on', 'never']);
      assert.deepEqual(seriousResults(validateWithMultitool(sarif.stdout)), [], name);
    }
  });
});

describe('acceptance of the foundation', () => {
  test('seed 000: myapp-vault has exactly the task role as reader and status ok', () => {
    const report = JSON.parse(runBuiltCli([SEED0, '--format', 'json']).stdout) as Report;
    const secret = report.secrets.find((s) => s.id === 'myapp-vault');
    assert.deepEqual(secret?.readers.map((r) => r.principal), ['arn:aws:iam::123456789012:role/myapp']);
    assert.equal(secret?.status, 'ok');
  });

  test('seed 000 broken: SS001 whose chain walks task role → S3 object → AppRole → Vault policy line → path', () => {
    const report = JSON.parse(runBuiltCli([`${SEED0}-broken`, '--format', 'json']).stdout) as Report;
    assert.equal(report.secrets.find((s) => s.id === 'myapp-vault')?.status, 'overexposed');
    const finding = report.findings.find((f) => f.ruleId === 'SS001' && f.secret === 'myapp-vault');
    assert.ok(finding, 'an SS001 on myapp-vault');
    assert.equal(finding.chain, undefined, 'the JSON report holds each chain once: under the reader, not again in the finding');
    // The finding names the reader whose chain it is.
    const chain = report.secrets.find((s) => s.id === finding.secret)?.readers.find((r) => r.principal === finding.principal)?.via ?? [];
    assert.deepEqual(chain.map((s) => [s.edge, s.from, s.to]), [
      ['iam-read', 'arn:aws:iam::123456789012:role/billing', 'myapp-vault-role-id'],
      ['vault-login', 'myapp-vault-role-id', 'vault:auth/approle/role/myapp'],
      ['vault-policy', 'vault:auth/approle/role/myapp', 'myapp-vault'],
    ]);
    const policyStep = chain[2];
    assert.match(policyStep?.source?.file ?? '', /vault\/policies\/myapp-policy\.hcl$/);
    assert.ok((policyStep?.source?.line ?? 0) > 0, 'the Vault policy step names its line');
    assert.match(finding.locations[0]?.file ?? '', /get-account-authorization-details\.json$/);
  });

  test('explain prints every reader of a secret and its chain as a tree', () => {
    const run = runBuiltCli(['explain', 'myapp-vault', `${SEED0}-broken`]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /role\/billing \[UNINTENDED, conditional\]/);
    assert.match(run.stdout, /vault-policy: vault:auth\/approle\/role\/myapp → myapp-vault @ .*myapp-policy\.hcl:\d+/);
    assert.equal(runBuiltCli(['explain', 'nope', SEED0]).status, 2);
  });

  test('a malformed file among good ones: SS011 with file and line, the rest of the scan unchanged', () => {
    const good = JSON.parse(runBuiltCli(['fixtures/seed-004-ssm-kms', '--format', 'json', '--fail-on', 'never']).stdout) as Report;
    const mixed = JSON.parse(runBuiltCli(['fixtures/malformed-input', '--format', 'json', '--fail-on', 'never']).stdout) as Report;
    const readers = (r: Report) => r.secrets.map((s) => [s.id, s.status, s.readers.map((x) => `${x.principal}${x.conditional ? '~' : ''}`)]);
    assert.deepEqual(readers(mixed), readers(good));
    const ss011 = mixed.findings.filter((f) => f.ruleId === 'SS011');
    assert.equal(ss011.length, 1);
    assert.deepEqual([ss011[0]?.locations[0]?.file, ss011[0]?.locations[0]?.line], ['fixtures/malformed-input/aws/iam/broken.json', 7]);
    assert.ok(mixed.coverage.skipped.some((s) => s.file === 'fixtures/malformed-input/aws/iam/broken.json' && s.line === 7));
  });

  test('--baseline reports only what is new', () => {
    const dir = scratch();
    const baseline = join(dir, 'baseline.json');
    assert.equal(runBuiltCli([`${SEED0}-broken`, '--json', baseline, '--fail-on', 'never']).status, 0);
    const again = runBuiltCli([`${SEED0}-broken`, '--baseline', baseline, '--format', 'json']);
    assert.equal(again.status, 0);
    assert.deepEqual((JSON.parse(again.stdout) as Report).findings, []);
    assert.equal(runBuiltCli([`${SEED0}-broken`, '--baseline', join(dir, 'missing.json')]).status, 2);
  });

  test('--no-escalation drops pass-role readers', () => {
    const dir = scratch();
    cpSync(join(repoRoot, 'test', 'unit', 'inputs', 'awscli'), dir, { recursive: true });
    const withEscalation = JSON.parse(runBuiltCli([dir, '--format', 'json', '--fail-on', 'never']).stdout) as Report;
    const without = JSON.parse(runBuiltCli([dir, '--format', 'json', '--fail-on', 'never', '--no-escalation']).stdout) as Report;
    const passRole = (r: Report) => r.secrets.flatMap((s) => s.readers.filter((x) => x.via.some((v) => v.edge === 'pass-role')));
    assert.ok(passRole(withEscalation).length > 0, 'the deployers group can pass task roles to ECS');
    assert.deepEqual(passRole(without), []);
  });
});

describe('never leak a secret', () => {
  test('a plaintext task environment secret is reported (SS005) with its value redacted in every format', () => {
    const dir = scratch();
    cpSync(join(repoRoot, 'test', 'unit', 'inputs', 'awscli'), dir, { recursive: true });
    const planted = 'q7Vf2Lx9Rk4Tz8Wm1Pb6Hs3Nd0Gc5Ja7Ye2Ui9Ko4Qr';
    assert.ok(readFileSync(join(dir, 'ecs', 'describe-task-definition.json'), 'utf8').includes(planted), 'the input holds the planted value');
    for (const format of ['json', 'sarif', 'text', 'markdown']) {
      const run = runBuiltCli([dir, '--format', format, '--fail-on', 'never']);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!run.stdout.includes(planted) && !run.stderr.includes(planted), `${format} output leaks the value`);
      if (format === 'json') {
        const report = JSON.parse(run.stdout) as Report;
        assert.ok(report.findings.some((f) => f.ruleId === 'SS005' && f.secret === 'ledger/ledger-api/LEDGER_WEBHOOK_SIGNING_KEY'));
      }
    }
  });
});
