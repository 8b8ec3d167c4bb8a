// Which statements can concern a request the access graph asks (src/load/access-actions.ts): an
// unknown value in any other statement widens nothing that matters and raises no SS011. Action names
// match case-insensitively, with `*` and `?`
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html); a
// NotAction statement concerns every action it does not list
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_ACTIONS, actionItems, statementConcernsAccess } from '../../src/load/access-actions.js';
import { repositoryRoot } from '../support/case-table.js';

const cases: { name: string; action?: unknown; notAction?: unknown; concerns: boolean }[] = [
  { name: 'a queue action', action: ['sqs:SendMessage', 'SQS:ReceiveMessage'], concerns: false },
  { name: 'every log action', action: 'logs:*', concerns: false },
  { name: 'a read by wildcard', action: 's3:Get*', concerns: true },
  { name: 'a read in another case', action: 'SECRETSMANAGER:getsecretvalue', concerns: true },
  { name: 'one character by ?', action: 'kms:Decryp?', concerns: true },
  { name: 'a ? that needs one more character', action: 'kms:Decrypt?', concerns: false },
  { name: 'everything', action: '*', concerns: true },
  { name: 'an action the inputs cannot resolve', action: ['sqs:SendMessage', { unknown: true }], concerns: true },
  { name: 'NotAction leaving reads in', notAction: ['sqs:*'], concerns: true },
  { name: 'NotAction excluding every service the analysis asks about', notAction: ['s3:*', 'ssm:*', 'secretsmanager:*', 'kms:*', 'sts:*', 'iam:*', 'ecs:*'], concerns: false },
  { name: 'neither element (malformed)', concerns: true },
  { name: 'role assumption', action: 'sts:AssumeRole', concerns: true },
  { name: 'passing a role', action: 'iam:Pass*', concerns: true },
  { name: 'describing a task definition', action: 'ecs:Describe*', concerns: true },
];

for (const c of cases) {
  test(`statement concerns access: ${c.name} → ${c.concerns}`, () => {
    assert.equal(statementConcernsAccess(actionItems(c.action), actionItems(c.notAction)), c.concerns);
  });
}

test('every action the access graph asks is in ACCESS_ACTIONS (else its statements would lose their SS011)', () => {
  // Condition keys share the `service:Name` shape; they are not actions.
  const conditionKeys = new Set(['iam:PassedToService', 'kms:CallerAccount', 'kms:EncryptionContext', 'kms:EncryptionContextKeys', 'kms:ViaService']);
  const dir = join(repositoryRoot, 'src', 'graph');
  const asked = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/'((?:s3|ssm|secretsmanager|kms|sts|iam|ecs|lambda|ec2):[A-Z][A-Za-z]*)'/g)) asked.add(m[1] as string);
  }
  const missing = [...asked].filter((a) => !conditionKeys.has(a) && !ACCESS_ACTIONS.includes(a));
  assert.deepEqual(missing, []);
  assert.ok(asked.has('secretsmanager:GetSecretValue'), 'the scan finds the graph\'s action names');
});
