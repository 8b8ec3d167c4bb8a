// Credentials written into provider blocks are a plaintext secret the scan found in a file: said
// (SS011, file and line), never echoed.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs#provider-arguments
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
