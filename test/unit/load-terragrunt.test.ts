// Terragrunt units (https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/):
// a `terragrunt.hcl` runs one module with its `inputs`, merged with what it `include`s, and
// `dependency.NAME.outputs` are the outputs of another unit's module. Terragrunt passes inputs as
// `TF_VAR_` environment variables, below any variable file
// (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence).
// Built-in functions: https://terragrunt.gruntwork.io/docs/reference/built-in-functions/
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initHclParser } from '../../src/load/files/hcl/parse-hcl.js';
import { terraformLoader } from '../../src/load/files/terraform/index.js';
import type { RepositoryFiles, TextFile } from '../../src/load/files/file-loader.js';
import type { BatchLoadResult } from '../../src/load/files/file-loader.js';

const CONTEXT = { defaultAccount: '111122223333', region: 'eu-west-1' };

/** A module creating one role named by `var.name` and one secret named by `var.secret`, with outputs. */
const MODULE = `variable "name" {
  type = string
}
variable "secret" {
  type    = string
  default = "default-secret"
}
variable "tags" {
  type    = map(string)
  default = {}
}
resource "aws_iam_role" "this" {
  name               = var.name
  tags               = var.tags
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_secretsmanager_secret" "this" {
  name = var.secret
}
output "secret_arn" {
  value = aws_secretsmanager_secret.this.arn
}
output "role_name" {
  value = aws_iam_role.this.name
}
`;

/** Files of the repository beyond the scanned ones, read as the scan reads them (repository-files.ts). */
function repositoryOf(all: Record<string, string>): RepositoryFiles {
  return {
    root: '.',
    readText: (path) => all[path],
    readDirectory: (dir, accept) => {
      const files = Object.entries(all).filter(([p]) => p.slice(0, p.lastIndexOf('/')) === dir && accept(p.slice(p.lastIndexOf('/') + 1)));
      return files.length === 0 ? undefined : files.map(([path, text]) => ({ path, text }));
    },
    listFiles: () => undefined,
  };
}

/** Loads the files under `scanned` (a prefix) as the batch, with the whole map as the repository. */
function load(all: Record<string, string>, scanned = '', terragruntEnv?: Record<string, string>): BatchLoadResult {
  const batch: TextFile[] = Object.entries(all)
    .filter(([path]) => path.startsWith(scanned) && terraformLoader.wantsPath(path))
    .map(([path, text]) => ({ path, text }));
  return terraformLoader.loadAll(batch, { ...CONTEXT, ...(terragruntEnv ? { terragruntEnv } : {}) }, repositoryOf(all));
}

function roles(result: BatchLoadResult): string[] {
  return result.fragments.flatMap((f) => f.principals ?? []).filter((p) => p.kind === 'role').map((p) => p.name).sort();
}

function secrets(result: BatchLoadResult): string[] {
  return result.fragments.flatMap((f) => f.secretsManagerSecrets ?? []).map((s) => s.arn).sort();
}

function messages(result: BatchLoadResult): string[] {
  return result.issues.map((i) => i.message);
}

before(async () => { await initHclParser(); });

test('a unit runs its module with its inputs, and the module is not also read alone with unknown variables', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/prod/app/terragrunt.hcl': 'terraform {\n  source = "../../../modules//app"\n}\ninputs = {\n  name   = "app-prod"\n  secret = "prod/app/db"\n}\n',
  });
  assert.deepEqual(roles(result), ['app-prod']);
  assert.deepEqual(secrets(result), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app/db-??????']);
  assert.ok(!messages(result).some((m) => /var\.name/.test(m)), messages(result).join('\n'));
  assert.ok(result.loaded.includes('live/prod/app/terragrunt.hcl'));
});

test('two units running one module are two roots, each with its own inputs', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/prod/app/terragrunt.hcl': 'terraform { source = "../../../modules//app" }\ninputs = { name = "app-prod" }\n',
    'live/staging/app/terragrunt.hcl': 'terraform { source = "../../../modules//app" }\ninputs = { name = "app-staging" }\n',
  });
  assert.deepEqual(roles(result), ['app-prod', 'app-staging']);
});

test('a variable file beside the module or the unit wins over an input; an input wins over a default', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/prod/app/terragrunt.hcl': 'terraform { source = "../../../modules//app" }\ninputs = { name = "from-inputs", secret = "from-inputs" }\n',
    'live/prod/app/terraform.tfvars': 'name = "from-tfvars"\n',
  });
  assert.deepEqual(roles(result), ['from-tfvars']);
  assert.deepEqual(secrets(result), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:from-inputs-??????']);
});

test('a unit without terraform.source runs the .tf files beside it', () => {
  const result = load({
    'live/prod/app/main.tf': MODULE,
    'live/prod/app/terragrunt.hcl': 'inputs = { name = "in-place" }\n',
  });
  assert.deepEqual(roles(result), ['in-place']);
});

test('included configurations merge their inputs (shallow: the child\'s keys win; deep: maps merge and lists join; no_merge: nothing)', () => {
  const files = (strategy: string): Record<string, string> => ({
    'modules/app/main.tf': MODULE.replace('variable "tags" {\n  type    = map(string)', 'variable "tags" {\n  type    = any'),
    'live/root.hcl': 'inputs = {\n  name = "from-root"\n  secret = "root-secret"\n  tags = { team = "core", cost = "a" }\n}\n',
    'live/prod/app/terragrunt.hcl': `include "root" {\n  path = find_in_parent_folders("root.hcl")\n  merge_strategy = "${strategy}"\n}\nterraform { source = "../../../modules//app" }\ninputs = {\n  name = "app"\n  tags = { cost = "b" }\n}\n`,
  });
  const tags = (result: BatchLoadResult): unknown => result.fragments.flatMap((f) => f.principals ?? []).find((p) => p.name === 'app')?.tags;
  const shallow = load(files('shallow'));
  assert.deepEqual(roles(shallow), ['app']);
  assert.deepEqual(secrets(shallow), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:root-secret-??????']);
  assert.deepEqual(tags(shallow), { cost: 'b' });
  assert.deepEqual(tags(load(files('deep'))), { team: 'core', cost: 'b' });
  const none = load(files('no_merge'));
  assert.deepEqual(secrets(none), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:default-secret-??????']);
  // The included file is listed as read by the unit, not as a file of its own.
  assert.ok(!none.loaded.includes('live/root.hcl'));
});

test('dependency outputs are the outputs of the other unit\'s module, never its mock_outputs', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'modules/reader/main.tf': `variable "secret_arn" {\n  type = string\n}\nresource "aws_iam_role" "reader" {\n  name = "reader"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\nresource "aws_iam_role_policy" "read" {\n  role   = aws_iam_role.reader.id\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = var.secret_arn }] })\n}\n`,
    'live/prod/app/terragrunt.hcl': 'terraform { source = "../../../modules//app" }\ninputs = { name = "app", secret = "prod/app/db" }\n',
    'live/prod/reader/terragrunt.hcl': 'terraform { source = "../../../modules//reader" }\ndependency "app" {\n  config_path = "../app"\n  mock_outputs = { secret_arn = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:mock" }\n}\ninputs = { secret_arn = dependency.app.outputs.secret_arn }\n',
  });
  const reader = result.fragments.flatMap((f) => f.principals ?? []).find((p) => p.name === 'reader');
  assert.ok(reader, 'the reader role is loaded');
  assert.equal(JSON.stringify(reader.inlinePolicies[0]?.document).includes('arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/app/db-??????'), true, JSON.stringify(reader.inlinePolicies));
  assert.ok(!JSON.stringify(reader.inlinePolicies).includes('mock'));
});

test('a dependency outside the scanned paths is read for its outputs only', () => {
  const all = {
    'modules/app/main.tf': MODULE,
    'live/prod/app/terragrunt.hcl': 'terraform { source = "../../../modules//app" }\ninputs = { name = "app", secret = "prod/app/db" }\n',
    'live/prod/other/terragrunt.hcl': 'terraform { source = "../../../modules//app" }\ndependency "app" { config_path = "../app" }\ninputs = { name = "other", secret = "copy-of-${dependency.app.outputs.role_name}" }\n',
  };
  const result = load(all, 'live/prod/other/');
  assert.deepEqual(roles(result), ['other']);
  assert.deepEqual(secrets(result), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:copy-of-app-??????']);
});

test('dependencies in a cycle, skip_outputs and unknown config paths give unknown outputs, named', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/a/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ndependency "b" { config_path = "../b" }\ninputs = { name = "a", secret = dependency.b.outputs.role_name }\n',
    'live/b/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ndependency "a" { config_path = "../a" }\ninputs = { name = dependency.a.outputs.role_name }\n',
    'live/c/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ndependency "a" {\n  config_path  = "../a"\n  skip_outputs = true\n}\ninputs = { name = "c", secret = dependency.a.outputs.role_name }\n',
  });
  assert.ok(roles(result).includes('a'), roles(result).join(', '));
  assert.ok(messages(result).some((m) => /skip_outputs = true/.test(m)), messages(result).join('\n'));
  // Nothing is made up: the secret of c is a pattern, not a name some mock gave.
  assert.ok(secrets(result).every((arn) => !/mock/.test(arn)));
});

test('get_env is unknown even with a default: the default is often a placeholder account', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/app/terragrunt.hcl': 'locals {\n  account = get_env("AWS_ACCOUNT_ID", "000000000000")\n}\nterraform { source = "../../modules//app" }\ninputs = { name = get_env("SERVICE_NAME", "app"), secret = "acct-${local.account}" }\n',
  });
  assert.ok(!secrets(result).some((arn) => arn.includes('000000000000')), secrets(result).join(', '));
  assert.ok(messages(result).some((m) => /acct-\$\{local\.account\}.*cannot be resolved/.test(m)), messages(result).join('\n'));
  assert.ok(messages(result).some((m) => /get_env\("SERVICE_NAME", "app"\) \(an environment variable of the machine Terragrunt runs on, not given with --terragrunt-env; its default is not assumed\)/.test(m)), messages(result).join('\n'));
  assert.ok(!roles(result).includes('app'), roles(result).join(', '));
});

test('path functions: find_in_parent_folders, get_terragrunt_dir (its basename names the unit), path_relative_to_include, read_terragrunt_config', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/root.hcl': 'inputs = { secret = "state/${path_relative_to_include()}" }\n',
    'live/prod/env.hcl': 'locals { env = "prod" }\n',
    'live/prod/billing-api/terragrunt.hcl': 'include { path = find_in_parent_folders("root.hcl") }\nlocals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals.env\n}\nterraform { source = "${dirname(find_in_parent_folders("root.hcl"))}/../modules//app" }\ninputs = { name = "${basename(get_terragrunt_dir())}-${local.env}" }\n',
  });
  assert.deepEqual(roles(result), ['billing-api-prod']);
  assert.deepEqual(secrets(result), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:state/prod/billing-api-??????']);
});

test('an exposed include\'s locals and inputs are readable; file() in an included file reads beside that file', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/_envcommon/app.hcl': 'locals {\n  base = trimspace(file("./base-name.txt"))\n}\ninputs = { secret = "common" }\n',
    'live/_envcommon/base-name.txt': 'billing\n',
    'live/prod/app/terragrunt.hcl': 'include "common" {\n  path   = "../../_envcommon/app.hcl"\n  expose = true\n}\nterraform { source = "../../../modules//app" }\ninputs = { name = "${include.common.locals.base}-${include.common.inputs.secret}" }\n',
  });
  assert.deepEqual(roles(result), ['billing-common']);
});

test('generate blocks write .tf files into the module: a provider\'s region places its resources', () => {
  const generate = (ifExists: string): string => `generate "provider" {\n  path      = "provider.tf"\n  if_exists = "${ifExists}"\n  contents  = <<EOF\nprovider "aws" {\n  region = "ap-southeast-2"\n}\nEOF\n}\n`;
  const files = (ifExists: string): Record<string, string> => ({
    'modules/app/main.tf': MODULE,
    'modules/app/provider.tf': 'provider "aws" {\n  region = "us-west-2"\n}\n',
    'live/root.hcl': generate(ifExists),
    'live/app/terragrunt.hcl': 'include "root" { path = find_in_parent_folders("root.hcl") }\nterraform { source = "../../modules//app" }\ninputs = { name = "app", secret = "s" }\n',
  });
  assert.deepEqual(secrets(load(files('overwrite_terragrunt'))), ['arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:s-??????']);
  assert.deepEqual(secrets(load(files('skip'))), ['arn:aws:secretsmanager:us-west-2:111122223333:secret:s-??????']);
});

test('extra_arguments required_var_files are applied above the inputs', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/common.tfvars': 'name = "from-var-file"\n',
    'live/app/terragrunt.hcl': 'terraform {\n  source = "../../modules//app"\n  extra_arguments "vars" {\n    commands           = ["plan", "apply"]\n    required_var_files = ["${get_parent_terragrunt_dir()}/../common.tfvars"]\n  }\n}\ninputs = { name = "from-inputs" }\n',
  });
  assert.deepEqual(roles(result), ['from-var-file']);
});

test('a remote terraform.source is not read and says so; a configuration that runs no module is skipped with why', () => {
  const result = load({
    'live/terragrunt.hcl': 'inputs = { region = "eu-west-1" }\n',
    'live/vpc/terragrunt.hcl': 'include { path = find_in_parent_folders() }\nterraform { source = "tfr:///terraform-aws-modules/vpc/aws?version=5.0.0" }\n',
  });
  assert.ok(result.issues.some((i) => i.code === 'terraformModuleNotLoaded' && /Terragrunt unit live\/vpc: terraform\.source "tfr:\/\/\/terraform-aws-modules\/vpc\/aws\?version=5\.0\.0" is not read/.test(i.message)), messages(result).join('\n'));
  // The root configuration is included by the unit: it is read with it, not skipped.
  assert.ok(result.loaded.includes('live/terragrunt.hcl'), result.loaded.join(', '));
  const alone = load({ 'live/terragrunt.hcl': 'inputs = { region = "eu-west-1" }\n' });
  assert.match((alone.skipped ?? []).map((s) => `${s.file}: ${s.reason}`).join('\n'), /live\/terragrunt\.hcl: a Terragrunt configuration that runs no module/);
});

test('run_cmd and sops_decrypt_file are never run: their values are unknown', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/app/terragrunt.hcl': 'locals {\n  name = run_cmd("whoami")\n  secrets = yamldecode(sops_decrypt_file("secrets.enc.yaml"))\n}\nterraform { source = "../../modules//app" }\ninputs = { name = local.name, secret = local.secrets.db }\n',
  });
  // The role's name is unknown: its address stands in for it.
  assert.deepEqual(roles(result), ['aws_iam_role.this']);
  assert.ok(messages(result).some((m) => /run_cmd\("whoami"\).*runs a command/.test(m)), messages(result).join('\n'));
});

test('a source chosen by an unknown reads its local choice and says so (production from git, other environments from the repository)', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/dev/app/terragrunt.hcl': 'terraform {\n  source = "${get_env("ENVIRONMENT") == "production" ? "git::https://github.com/example/infra//modules/app?ref=v${get_env("VERSION")}" : "../../../modules//app"}"\n}\ninputs = { name = "app-dev" }\n',
  });
  assert.deepEqual(roles(result), ['app-dev']);
  assert.ok(messages(result).some((m) => /Terragrunt unit live\/dev\/app: terraform\.source .* cannot be decided; its local choice modules\/app is read/.test(m)), messages(result).join('\n'));
});

test('inputs that cannot be resolved leave each variable unknown under its own name, except those a later known map sets', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/app/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ninputs = merge(jsondecode(file("${get_env("ENV")}.json")), { secret = "s" })\n',
  });
  assert.deepEqual(roles(result), ['aws_iam_role.this']);
  assert.ok(messages(result).some((m) => /var\.name \(set by inputs that cannot be resolved\)/.test(m)), messages(result).join('\n'));
  // A key of a known map after the unknown one is set for certain: merge()'s later maps win.
  assert.deepEqual(secrets(result), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:s-??????']);
});

/** A keys unit whose key another unit's secret and grant use: both modules declare an `aws_kms_key.this`. */
const KEYS_TREE: Record<string, string> = {
  'modules/key/main.tf': 'resource "aws_kms_key" "this" {\n  description = "the platform key"\n}\noutput "key_arn" {\n  value = aws_kms_key.this.arn\n}\n',
  'modules/app/main.tf': 'variable "key_arn" {\n  type = string\n}\nresource "aws_kms_key" "this" {\n  description = "the app\'s own key, for its logs"\n}\nresource "aws_secretsmanager_secret" "this" {\n  name       = "app/db"\n  kms_key_id = var.key_arn\n}\nresource "aws_iam_role_policy" "decrypt" {\n  role   = "app"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = var.key_arn }] })\n}\n',
  'live/keys/terragrunt.hcl': 'terraform { source = "../../modules//key" }\n',
  'live/app/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ndependency "keys" { config_path = "../keys" }\ninputs = { key_arn = dependency.keys.outputs.key_arn }\n',
};

function keyOf(result: BatchLoadResult, file: string): string | undefined {
  return result.fragments.flatMap((f) => f.kmsKeys ?? []).find((k) => k.source?.file === file)?.arn;
}

function appSecretKey(result: BatchLoadResult): string | undefined {
  return result.fragments.flatMap((f) => f.secretsManagerSecrets ?? []).find((s) => s.name === 'app/db')?.kmsKeyId;
}

test('a dependency\'s output naming its own resource (a key ARN known after apply) is that resource of the other unit, never the consumer\'s of the same address', () => {
  const result = load(KEYS_TREE);
  const platformKey = keyOf(result, 'modules/key/main.tf');
  const appKey = keyOf(result, 'modules/app/main.tf');
  assert.ok(platformKey && appKey && platformKey !== appKey, `${platformKey} ${appKey}`);
  // Resolved in the keys unit, as its own mapping names its key: the secret and the grant are on that key.
  assert.equal(appSecretKey(result), platformKey);
  const grant = result.fragments.flatMap((f) => f.principals ?? []).flatMap((p) => p.inlinePolicies).map((p) => JSON.stringify(p.document)).join('');
  assert.ok(grant.includes(JSON.stringify(platformKey)), grant);
  assert.ok(!messages(result).some((m) => /aws_kms_key\.this\.arn/.test(m)), messages(result).join('\n'));
});

test('a dependency\'s unknown output whose unit is outside the scanned paths stays unknown, and never takes the consumer\'s resource', () => {
  const result = load(KEYS_TREE, 'live/app/');
  const appKey = keyOf(result, 'modules/app/main.tf');
  assert.ok(appKey);
  assert.notEqual(appSecretKey(result), appKey);
  assert.ok(messages(result).some((m) => /aws_kms_key\.this\.arn \(known after apply; an output of the unit live\/keys\)/.test(m)), messages(result).join('\n'));
});

test('get_env reads what --terragrunt-env gives (the scan\'s context), nothing else', () => {
  const files = {
    'modules/app/main.tf': MODULE,
    'live/app/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ninputs = { name = "${get_env("ENVIRONMENT", "dev")}-app" }\n',
  };
  assert.deepEqual(roles(load(files, '', { ENVIRONMENT: 'production' })), ['production-app']);
  assert.deepEqual(roles(load(files, '', { OTHER: 'x' })), ['aws_iam_role.this']);
});

test('read_tfvars_file gives the file\'s variables as JSON text, which configurations jsondecode', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/staging.tfvars': 'name = "from-tfvars"\nsecret = "staging/db"\n',
    'live/app/terragrunt.hcl': 'locals {\n  env_inputs = jsondecode(read_tfvars_file("../staging.tfvars"))\n}\nterraform { source = "../../modules//app" }\ninputs = merge(local.env_inputs, { tags = { raw = read_tfvars_file("../staging.tfvars") } })\n',
  });
  assert.deepEqual(roles(result), ['from-tfvars']);
  assert.deepEqual(secrets(result), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:staging/db-??????']);
  const tags = result.fragments.flatMap((f) => f.principals ?? []).find((p) => p.name === 'from-tfvars')?.tags;
  assert.deepEqual(JSON.parse(String(tags?.['raw'])), { name: 'from-tfvars', secret: 'staging/db' });
});

test('an unknown map merged after known keys makes them unknown: it may override them', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'live/app/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ninputs = merge({ name = "app", secret = "s" }, jsondecode(get_env("EXTRA_INPUTS")))\n',
  });
  assert.deepEqual(roles(result), ['aws_iam_role.this']);
  assert.ok(secrets(result).every((arn) => !arn.includes(':secret:s-')), secrets(result).join(', '));
});

test('a module read only for a dependency outside the scanned paths is not a root of the scan', () => {
  const result = load({
    'modules/app/main.tf': MODULE,
    'modules/secrets/main.tf': 'variable "env" {\n  type = string\n}\nresource "aws_secretsmanager_secret" "db" {\n  name = "${var.env}/db"\n}\noutput "db_arn" {\n  value = aws_secretsmanager_secret.db.arn\n}\n',
    'live/secrets/terragrunt.hcl': 'terraform { source = "../../modules//secrets" }\ninputs = { env = "prod" }\n',
    'live/app/terragrunt.hcl': 'terraform { source = "../../modules//app" }\ndependency "secrets" { config_path = "../secrets" }\ninputs = { name = "app", secret = "copy-of-${dependency.secrets.outputs.db_arn}" }\n',
  }, 'live/app/');
  // Only the scanned unit's secret; not the dependency's, and no stand-in read from its module alone.
  assert.deepEqual(secrets(result), ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:copy-of-arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-??????-??????']);
  assert.ok(!messages(result).some((m) => /var\.env/.test(m)), messages(result).join('\n'));
});
