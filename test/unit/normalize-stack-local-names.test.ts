// Two CloudFormation templates in one scan are two stacks: a resource CloudFormation names per stack
// (a role without RoleName is STACK-LogicalId-SUFFIX, a key's id is assigned at create) is another
// resource in each, even when the logical ids are the same
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html, RoleName).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InventoryFragment } from '../../src/model/inventory.js';
import type { Issue } from '../../src/model/issue.js';
import { stackLocalName } from '../../src/model/unknowns.js';
import { settleStackLocalFragments } from '../../src/normalize/stack-local-names.js';
import { normalizeInventory } from '../../src/normalize/normalize-inventory.js';

const ROLE = '*-FnRole-*';
function fragment(file: string, names: string[], extraPolicy: string): InventoryFragment {
  const arn = `arn:aws:iam::111122223333:role/${stackLocalName(ROLE)}`;
  return {
    principals: [{
      kind: 'role', arn, name: stackLocalName(ROLE), account: '111122223333', groups: [], tags: {}, attachedPolicyArns: [], source: { file, line: 3 },
      inlinePolicies: [{ id: `role/${stackLocalName(ROLE)} inline ${extraPolicy}`, source: { file, line: 9 }, document: { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:eu-west-1:111122223333:key/${stackLocalName('<Key>')}`, Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*-FnRole-*' } } }] } }],
    }],
    kmsKeys: [{ keyId: stackLocalName('<Key>'), arn: `arn:aws:kms:eu-west-1:111122223333:key/${stackLocalName('<Key>')}`, source: { file, line: 20 } }],
    stackLocalNames: { file, names },
  };
}
const issue = (file: string): Issue => ({ code: 'generatedName', message: `FnRole is reported as role/${stackLocalName(ROLE)}`, source: { file, line: 3 } });

test('a name one template makes stays as written', () => {
  const { fragments, issues } = settleStackLocalFragments([fragment('a/stack.yaml', [ROLE, '<Key>'], 'read')], [issue('a/stack.yaml')]);
  assert.equal(fragments[0]?.principals?.[0]?.arn, 'arn:aws:iam::111122223333:role/*-FnRole-*');
  assert.equal(fragments[0]?.kmsKeys?.[0]?.keyId, '<Key>');
  assert.equal(issues[0]?.message, 'FnRole is reported as role/*-FnRole-*');
  assert.equal('stackLocalNames' in (fragments[0] ?? {}), false);
});

test('a name two templates make is scoped to each, after its last wildcard or inside its brackets', () => {
  const { fragments, issues } = settleStackLocalFragments(
    [fragment('services/orders/template.yaml', [ROLE, '<Key>'], 'read'), fragment('services/billing/template.yaml', [ROLE, '<Key>'], 'guard')],
    [issue('services/orders/template.yaml'), issue('services/billing/template.yaml')],
  );
  assert.deepEqual(fragments.map((f) => f.principals?.[0]?.arn), [
    'arn:aws:iam::111122223333:role/*-FnRole-*@orders.template',
    'arn:aws:iam::111122223333:role/*-FnRole-*@billing.template',
  ]);
  assert.deepEqual(fragments.map((f) => f.kmsKeys?.[0]?.keyId), ['<Key@orders.template>', '<Key@billing.template>']);
  const statement = (fragments[1]?.principals?.[0]?.inlinePolicies[0]?.document as { Statement: { Resource: string; Condition: unknown }[] }).Statement[0];
  assert.equal(statement?.Resource, 'arn:aws:kms:eu-west-1:111122223333:key/<Key@billing.template>');
  // Text written by hand in a policy is never rewritten, even when it spells the same pattern.
  assert.deepEqual(statement?.Condition, { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*-FnRole-*' } });
  assert.deepEqual(issues.map((i) => i.message), ['FnRole is reported as role/*-FnRole-*@orders.template', 'FnRole is reported as role/*-FnRole-*@billing.template']);
});

test('merged, the two stacks keep two roles and two keys, each with its own policies', () => {
  const inventory = normalizeInventory([fragment('orders.yaml', [ROLE, '<Key>'], 'read'), fragment('billing.yaml', [ROLE, '<Key>'], 'guard')], [], []);
  assert.deepEqual(inventory.principals.map((p) => [p.name, p.inlinePolicies.map((i) => i.id)]), [
    ['*-FnRole-*@billing', ['role/*-FnRole-*@billing inline guard']],
    ['*-FnRole-*@orders', ['role/*-FnRole-*@orders inline read']],
  ]);
  assert.equal(inventory.kmsKeys.length, 2);
  assert.doesNotMatch(JSON.stringify(inventory), /[\uE000\uE001]/);
});

test('a policy key named __proto__ stays a key of the document', () => {
  const f = fragment('x.yaml', [ROLE], 'read');
  const policy = f.principals?.[0]?.inlinePolicies[0];
  if (policy) policy.document = JSON.parse(`{"__proto__": {"polluted": "${stackLocalName(ROLE)}"}}`);
  const { fragments } = settleStackLocalFragments([f, fragment('y.yaml', [ROLE], 'read')], []);
  const document = fragments[0]?.principals?.[0]?.inlinePolicies[0]?.document as Record<string, unknown>;
  assert.deepEqual(Object.getOwnPropertyDescriptor(document, '__proto__')?.value, { polluted: '*-FnRole-*@x' });
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});
