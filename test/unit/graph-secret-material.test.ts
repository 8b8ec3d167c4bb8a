import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSecretMaterial } from '../../src/graph/secret-material.js';

// docs/semantics.md#ecs: judged by the value; a secret-sounding name raises the weight but never decides alone;
// references (ARNs, names, paths, URLs) and short identifiers are not secret material.
const secret: [string, string, RegExp][] = [
  ['LEDGER_WEBHOOK_SIGNING_KEY', 'q7Vf2Lx9Rk4Tz8Wm1Pb6Hs3Nd0Gc5Ja7Ye2Ui9Ko4Qr', /high-entropy/],
  ['X', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', /AWS secret access key/],
  ['ACCESS', 'AKIAIOSFODNN7EXAMPLE', /AWS access key id/],
  ['DATABASE_URL', 'postgres://app:s3cr3tPass@db.internal:5432/app', /connection string/],
  ['GH', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', /GitHub token/],
  ['KEY', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...', /PEM private key/],
  ['VAULT_TOKEN', 'hvs.CAESIJ1x2y3z4a5b6c7d8e9f0gHiJkLmNoPq', /Vault token/],
  ['API_TOKEN', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', /secret-sounding name/],
  ['RANDOM', 'Zx8#Lq2!Vm9$Rt4%Wp7&Ks3*', /high-entropy/],
  // docs/semantics.md#ecs: a secret-sounding name with a literal value of 8+ characters counts.
  ['DB_PASSWORD', 'CANARY-7f3a9c', /secret-sounding name with a literal value/],
  ['SMTP_PASSWORD', 'hunter2-hunter2', /secret-sounding name/],
  ['STRIPE_API_KEY', 'Tr0ub4dor&3', /secret-sounding name/],
  ['VAULT_SECRET_ID', '7c1e5f0a-2b9d-4c3e-8f61-0a9b8c7d6e5f', /secret-sounding name/],
  ['SESSION_TOKEN', 'correct horse battery staple', /secret-sounding name/],
  ['REDIS_AUTH_TOKEN', 'Pa55w0rd', /secret-sounding name/],
];
const notSecret: [string, string][] = [
  ['VAULT_ROLE_ID', '3b9d0c64-7e21-4f8a-b5c2-91d4e6a07f13'],
  ['VAULT_ADDR', 'https://vault.internal.example:8200'],
  ['LOG_LEVEL', 'info'],
  ['DB_PASSWORD_ARN', 'arn:aws:secretsmanager:eu-west-1:444455556666:secret:ledger/db-Q7wX2k'],
  ['SECRET_PATH', '/ledger/db-password'],
  ['IMAGE', '444455556666.dkr.ecr.eu-west-1.amazonaws.com/ledger:1.14.2'],
  ['SMTP_HOST', 'email-smtp.eu-west-1.amazonaws.com'],
  ['PASSWORD', 'changeme'],
  ['GIT_COMMIT', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b'],
  ['FEATURE_FLAGS', 'enable-new-checkout,enable-dark-mode'],
  // A list of references is not secret material, however long.
  ['SECRET_IDS', 'prod/a,prod/b'],
  ['SECRET_IDS', 'prod/payments/db-credentials,prod/payments/stripe-api-key,prod/payments/webhook-signing'],
  ['SECRET_ARNS', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf, arn:aws:secretsmanager:us-east-1:111122223333:secret:b-GhIjKl'],
  ['PARAMETER_NAMES', '/prod/app1/db,/prod/app1/api-key'],
  // Secret-sounding names whose value points at the secret, is a placeholder, a boolean, a number or short.
  ['DB_PASSWORD_SECRET', 'payments-db-password'],
  ['DB_PASSWORD_PARAM', '/prod/payments/db-password'],
  ['TOKEN_URL', 'https://auth.example.com/oauth2/token'],
  ['DB_PASSWORD_HOST', 'db.payments.internal'],
  ['DB_PASSWORD', 'changeme'],
  ['DB_PASSWORD', '<db-password>'],
  ['DB_PASSWORD', '${DB_PASSWORD}'],
  ['API_TOKEN', 'TODO'],
  ['API_TOKEN', 'TODO: set in console'],
  ['USE_SECRETS_MANAGER', 'true'],
  ['SECRET_ROTATION_ENABLED', 'disabled'],
  ['TOKEN_TTL_SECONDS', '86400000'],
  ['KEY', 'abc123'],
  ['SECRET_KEY_BASE', 'REPLACE_ME'],
];
for (const [name, value, evidence] of secret) {
  test(`secret material: ${name}`, () => {
    const found = detectSecretMaterial(name, value);
    assert.ok(found && evidence.test(found), `got ${found}`);
    assert.ok(!found.includes(value), 'the evidence never repeats the value');
  });
}
for (const [name, value] of notSecret) {
  test(`not secret material: ${name}`, () => assert.equal(detectSecretMaterial(name, value), undefined));
}
