// Variable definitions files: Terraform reads `terraform.tfvars` and `*.auto.tfvars` in the directory
// it runs in by itself, and any other file only when given with `-var-file`, later ones winning
// (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence).
// `--var-file` gives them to the scan the same way; one not given is listed as skipped, with why,
// rather than counted as loaded while the variables it sets stay unknown.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { initHclParser } from '../../src/load/files/hcl/parse-hcl.js';
import { terraformLoader } from '../../src/load/files/terraform/index.js';
import { scan } from '../../src/api/scan.js';
import { UsageError } from '../../src/usage-error.js';

const CONTEXT = { defaultAccount: '111122223333', region: 'eu-west-1' };

const MAIN = `variable "role_name" {
  type = string
}
resource "aws_iam_role" "app" {
  name               = var.role_name
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`;

function roleNames(files: Record<string, string>, varFiles: Record<string, string> = {}): { names: string[]; loaded: string[]; skipped: string[] } {
  const result = terraformLoader.loadAll(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { ...CONTEXT, varFiles: Object.entries(varFiles).map(([path, text]) => ({ path, text })) },
  );
  const names = result.fragments.flatMap((f) => f.principals ?? []).filter((p) => p.kind === 'role').map((p) => p.name).sort();
  return { names, loaded: [...result.loaded].sort(), skipped: (result.skipped ?? []).map((s) => `${s.file}: ${s.reason}`) };
}

before(async () => { await initHclParser(); });

test('a variables file Terraform does not read by itself is not applied, and is listed as skipped with why', () => {
  const { names, loaded, skipped } = roleNames({ 'infra/main.tf': MAIN, 'infra/prod.tfvars': 'role_name = "prod-app"\n' });
  // The role's name is unknown: its address stands in for it.
  assert.deepEqual(names.filter((n) => n === 'prod-app'), []);
  assert.deepEqual(loaded, ['infra/main.tf']);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0] ?? '', /^infra\/prod\.tfvars: .*only when given with -var-file.*--var-file/);
});

test('given with --var-file, it is applied after terraform.tfvars and *.auto.tfvars, later files winning', () => {
  const files = {
    'infra/main.tf': MAIN,
    'infra/terraform.tfvars': 'role_name = "from-terraform-tfvars"\n',
    'infra/a.auto.tfvars': 'role_name = "from-auto"\n',
    'infra/prod.tfvars': 'role_name = "prod-app"\n',
    'infra/override.tfvars': 'role_name = "override-app"\n',
  };
  assert.deepEqual(roleNames(files).names, ['from-auto']);
  const one = roleNames(files, { 'infra/prod.tfvars': files['infra/prod.tfvars'] });
  assert.deepEqual(one.names, ['prod-app']);
  assert.ok(one.loaded.includes('infra/prod.tfvars'), one.loaded.join(', '));
  assert.deepEqual(one.skipped.map((s) => s.split(':')[0]), ['infra/override.tfvars']);
  const two = roleNames(files, { 'infra/prod.tfvars': files['infra/prod.tfvars'], 'infra/override.tfvars': files['infra/override.tfvars'] });
  assert.deepEqual(two.names, ['override-app']);
  assert.deepEqual(two.skipped, []);
});

test('a var file in a root module\'s directory is that root\'s; one elsewhere is every root\'s', () => {
  const files = { 'envs/prod/main.tf': MAIN, 'envs/staging/main.tf': MAIN };
  const own = roleNames(files, { 'envs/prod/prod.tfvars': 'role_name = "prod-app"\n' });
  // staging's role keeps a stand-in name; prod's is named by its own file.
  assert.ok(own.names.includes('prod-app'), own.names.join(', '));
  assert.equal(own.names.filter((n) => n === 'prod-app').length, 1);
  const shared = roleNames(files, { 'envs/common.tfvars': 'role_name = "shared-app"\n' });
  assert.deepEqual(shared.names, ['shared-app', 'shared-app']);
});

// The Terragrunt layout of public repositories (cds-snc/notification-terraform): `env/variables.tf`
// declares the variables every module uses, Terragrunt copies it into each module it runs (a
// `generate` block), and `env/production_config.tfvars` sets them. The declarations-only directory
// creates nothing, so the var file beside it is every root's, and a module that uses `var.env`
// without declaring it takes the value as Terragrunt's generated declaration would.
test('a var file beside a directory of variable declarations only is every root\'s', () => {
  const uses = 'resource "aws_ssm_parameter" "p" {\n  count = var.env != "production" ? 1 : 0\n  name  = "/svc/${var.env}"\n  type  = "String"\n  value = "v"\n}\n';
  const files = { 'env/variables.tf': 'variable "env" {\n  type = string\n}\n', 'aws/svc/main.tf': uses, 'aws/other/main.tf': uses.replace('/svc/', '/other/') };
  const result = terraformLoader.loadAll(Object.entries(files).map(([path, text]) => ({ path, text })), { ...CONTEXT, varFiles: [{ path: 'env/staging_config.tfvars', text: 'env = "staging"\n' }] });
  const names = result.fragments.flatMap((f) => f.ssmParameters ?? []).map((p) => p.name).sort();
  assert.deepEqual(names, ['/other/staging', '/svc/staging']);
  assert.deepEqual(result.issues.filter((i) => /var\.env/.test(i.message)).map((i) => i.message), []);
  const production = terraformLoader.loadAll(Object.entries(files).map(([path, text]) => ({ path, text })), { ...CONTEXT, varFiles: [{ path: 'env/production_config.tfvars', text: 'env = "production"\n' }] });
  assert.deepEqual(production.fragments.flatMap((f) => f.ssmParameters ?? []), []);
});

test('a terraform.tfvars beside no root module (a module\'s directory) is skipped: Terraform never reads it there', () => {
  const { skipped } = roleNames({
    'infra/main.tf': 'module "app" {\n  source = "../modules/app"\n}\n',
    'modules/app/main.tf': MAIN.replace('type = string', 'type    = string\n  default = "module-default"'),
    'modules/app/terraform.tfvars': 'role_name = "ignored"\n',
  });
  assert.equal(skipped.length, 1);
  assert.match(skipped[0] ?? '', /^modules\/app\/terraform\.tfvars: .*beside no root module/);
});

test('scan(): --var-file names a file relative to the working directory; a missing one is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'var-files-'));
  const write = (path: string, text: string): void => { mkdirSync(dirname(join(dir, path)), { recursive: true }); writeFileSync(join(dir, path), text); };
  write('infra/main.tf', MAIN);
  write('infra/prod.tfvars', 'role_name = "prod-app"\n');
  const without = await scan({ paths: ['infra'], cwd: dir, today: '2026-01-01' });
  assert.ok(without.coverage.skipped.some((s) => s.file === 'infra/prod.tfvars' && /-var-file/.test(s.reason)), JSON.stringify(without.coverage.skipped));
  const withFile = await scan({ paths: ['infra'], cwd: dir, varFiles: ['infra/prod.tfvars'], today: '2026-01-01' });
  assert.ok(withFile.coverage.loaded.includes('infra/prod.tfvars'), withFile.coverage.loaded.join(', '));
  assert.ok(!withFile.coverage.skipped.some((s) => s.file === 'infra/prod.tfvars'));
  // Given to a scan that holds no Terraform, it is listed as skipped rather than ignored.
  write('policies/app.hcl', 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n');
  const noTerraform = await scan({ paths: ['policies'], cwd: dir, varFiles: ['infra/prod.tfvars'], today: '2026-01-01' });
  assert.ok(noTerraform.coverage.skipped.some((s) => s.file === 'infra/prod.tfvars' && /no Terraform root module/.test(s.reason)), JSON.stringify(noTerraform.coverage.skipped));
  await assert.rejects(scan({ paths: ['infra'], cwd: dir, varFiles: ['infra/missing.tfvars'] }), (error: unknown) => error instanceof UsageError && /--var-file infra\/missing\.tfvars: no such file/.test(error.message));
});
