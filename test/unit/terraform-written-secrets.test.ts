// Secrets written into a configuration as text are plaintext secrets the scan found in a file: said
// (SS011, file and line), never echoed (docs/semantics.md#written-secrets).
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs#provider-arguments
// https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#ignore_changes
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTerraformFiles } from '../../src/load/files/terraform/index.js';

const CONTEXT = { defaultAccount: '123456789012', region: 'us-east-1' };
const SECRETS = ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'b5437dcc-0e6d-955f-b751-9c2c0b140ffe', 'AKIAIOSFODNN7EXAMPLE', 's.vaulttokenfromdefault'];

test('credentials written in provider blocks, or in the defaults they read, raise one issue per block naming the arguments, never the values', () => {
  const main = `
variable "vault_token" { default = "s.vaulttokenfromdefault" }
variable "from_environment" { type = string }
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}
provider "aws" {
  alias      = "other"
  region     = "eu-west-1"
  secret_key = var.from_environment
}
provider "vault" {
  token = var.vault_token
  auth_login {
    path       = "auth/approle/login"
    parameters = { role_id = "54cc1342-de84-05da-12e2-b84455631c3e", secret_id = "b5437dcc-0e6d-955f-b751-9c2c0b140ffe" }
  }
}
resource "aws_iam_role" "app" { name = "app" }
`;
  const result = evaluateTerraformFiles([{ path: 'infra/main.tf', text: main }], CONTEXT);
  const credentials = result.issues.filter((i) => i.code === 'plaintextCredentialInConfiguration');
  assert.deepEqual(credentials.map((i) => [i.source.file, i.source.line]), [['infra/main.tf', 4], ['infra/main.tf', 14]]);
  assert.match(credentials[0]?.message ?? '', /^provider aws: access_key, secret_key are written in the configuration/);
  assert.match(credentials[1]?.message ?? '', /^provider vault: token, auth_login\.parameters\.secret_id are written/);
  const everything = JSON.stringify(result);
  for (const secret of SECRETS.slice(0, 2)) assert.ok(!JSON.stringify(result.issues).includes(secret), 'no issue echoes a value');
  // The provider blocks are configuration, not inventory: nothing of theirs is handed on either.
  for (const secret of SECRETS) assert.ok(!everything.includes(secret), `${secret.slice(0, 4)}… is not in the result`);
});

test('a secret value written as text raises one issue at its argument; a placeholder Terraform ignores, a String parameter or a generated password does not', () => {
  const main = `
variable "db_password" { default = "default-db-password-1" }
resource "aws_ssm_parameter" "written" {
  name  = "/app/written"
  type  = "SecureString"
  value = "written-secure-value-1"
}
resource "aws_ssm_parameter" "placeholder" {
  name  = "/app/placeholder"
  type  = "SecureString"
  value = "placeholder-secure-value-1"
  lifecycle { ignore_changes = [value] }
}
resource "aws_ssm_parameter" "legacy_placeholder" {
  name  = "/app/legacy"
  type  = "SecureString"
  value = "legacy-secure-value-1"
  lifecycle { ignore_changes = ["value"] }
}
resource "aws_ssm_parameter" "plain" {
  name  = "/app/plain"
  type  = "String"
  value = "plain-value-1"
}
resource "random_password" "db" { length = 32 }
resource "aws_secretsmanager_secret_version" "generated" {
  secret_id     = "app/generated"
  secret_string = jsonencode({ password = random_password.db.result })
}
resource "aws_secretsmanager_secret_version" "written" {
  secret_id     = "app/written"
  secret_string = jsonencode({ username = "admin", password = "written-json-password-1" })
}
resource "aws_db_instance" "db" {
  identifier = "db"
  password   = var.db_password
  lifecycle { ignore_changes = all }
}
resource "aws_rds_cluster" "db" {
  cluster_identifier = "db"
  master_password    = var.db_password
}
`;
  const result = evaluateTerraformFiles([{ path: 'main.tf', text: main }], CONTEXT);
  const written = result.issues.filter((i) => i.code === 'plaintextSecretInConfiguration');
  assert.deepEqual(written.map((i) => [i.source.line, i.message.split(': ')[0]]), [
    [6, 'aws_ssm_parameter.written'],
    [32, 'aws_secretsmanager_secret_version.written'],
    [41, 'aws_rds_cluster.db'],
  ]);
  const everything = JSON.stringify(result);
  for (const value of ['written-secure-value-1', 'written-json-password-1', 'default-db-password-1', 'placeholder-secure-value-1']) {
    assert.ok(!everything.includes(value), `${value.slice(0, 7)}… is not in the result`);
  }
});
