// Several root modules in one scan: each is its own configuration (Terraform plans and applies one
// root at a time, https://developer.hashicorp.com/terraform/language/modules#the-root-module), so
// references join inside it, and names that an address stands in for stay apart between roots.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initHclParser } from '../../src/load/files/hcl/parse-hcl.js';
import { terraformLoader } from '../../src/load/files/terraform/index.js';
import type { InventoryFragment } from '../../src/model/inventory.js';

const CONTEXT = { defaultAccount: '111122223333', region: 'eu-west-1' };

const ROLE = (name: string): string => `resource "aws_iam_role" "${name}" {
  name_prefix        = "svc-"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`;
const MODULE_CALL = 'module "service" {\n  source = "../../modules/service"\n}\n';
const READ_POLICY = (role: string, parameter: string): string => `resource "aws_iam_role_policy" "read" {
  role   = ${role}
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ssm:GetParameter", Resource = "arn:aws:ssm:eu-west-1:111122223333:parameter/${parameter}" }] })
}
`;

function load(files: Record<string, string>): { fragments: InventoryFragment[]; messages: string[] } {
  const result = terraformLoader.loadAll(Object.entries(files).map(([path, text]) => ({ path, text })), CONTEXT);
  return { fragments: result.fragments, messages: result.issues.map((i) => i.message) };
}

/** Each role's name with the parameters its inline policies name. */
function rolesAndReads(fragments: InventoryFragment[]): Record<string, string[]> {
  const roles: Record<string, string[]> = {};
  for (const p of fragments.flatMap((f) => f.principals ?? [])) {
    if (p.kind !== 'role') continue;
    const resources = p.inlinePolicies.flatMap((policy) => JSON.stringify(policy.document).match(/parameter\/[a-z/]+/g) ?? []);
    roles[p.name] = [...(roles[p.name] ?? []), ...resources].sort();
  }
  return roles;
}

before(async () => { await initHclParser(); });

test('two roots calling one module under one name: two roles, each holding its own root\'s grants', () => {
  const { fragments, messages } = load({
    'repo/modules/service/main.tf': `${ROLE('task')}output "role_name" {\n  value = aws_iam_role.task.name\n}\n`,
    'repo/envs/prod/main.tf': `${MODULE_CALL}${READ_POLICY('module.service.role_name', 'prod/db')}`,
    'repo/envs/staging/main.tf': `${MODULE_CALL}${READ_POLICY('module.service.role_name', 'staging/db')}`,
  });
  // Joined by reference inside each root; named below the directory the roots share (repo/envs).
  assert.deepEqual(rolesAndReads(fragments), {
    'module.service.aws_iam_role.task@prod': ['parameter/prod/db'],
    'module.service.aws_iam_role.task@staging': ['parameter/staging/db'],
  });
  assert.deepEqual(messages.filter((m) => m.includes('name_prefix')).map((m) => m.replace(/^.*stands in for it/, '')).sort(),
    [' (root module repo/envs/prod)', ' (root module repo/envs/staging)']);
});

test('a root that is itself the shared directory is named by its own directory; slashes become dots', () => {
  const { fragments } = load({
    'infra/main.tf': ROLE('this'),
    'infra/examples/one/main.tf': ROLE('this'),
  });
  assert.deepEqual(Object.keys(rolesAndReads(fragments)).sort(), ['aws_iam_role.this@examples.one', 'aws_iam_role.this@infra']);
});

test('addresses only one root has keep their plain stand-in, whatever the number of roots', () => {
  const { fragments } = load({
    'a/main.tf': ROLE('app'),
    'b/main.tf': ROLE('worker'),
  });
  assert.deepEqual(Object.keys(rolesAndReads(fragments)).sort(), ['aws_iam_role.app', 'aws_iam_role.worker']);
});

test('one root: messages as before, without a root module named', () => {
  const { messages } = load({ 'solo/main.tf': ROLE('app') });
  assert.ok(messages.length > 0 && messages.every((m) => !m.includes('root module')), messages.join('\n'));
});
