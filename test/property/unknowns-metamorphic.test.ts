// Metamorphic property of unknowns (docs/semantics.md#unknowns): a Terraform module scanned with its variables unset
// answers at least as widely as the same module with values for them in terraform.tfvars.
//  - giving a variable a value never adds a reader the unset version lacked (a symbolic reader
//    `unknown:var.X` stands for the principal X is given);
//  - it never removes a secret (a pattern secret `aws_secretsmanager_secret.sN` becomes the secret
//    its name resolves to);
//  - every reader present only in the unset version is conditional.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { scan } from '../../src/api/scan.js';

const ACCOUNT = '111122223333';
const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:`;
const SEGMENTS = ['team', 'prod', 'other'] as const;
const SEGMENT_VARS = ['s0', 's1'] as const;

type Name = { literal: string } | { variable: (typeof SEGMENT_VARS)[number]; at: 'prefix' | 'suffix' };
type Grant =
  | { kind: 'literal'; arn: string }
  | { kind: 'reference'; secret: number }
  | { kind: 'interpolated'; variable: (typeof SEGMENT_VARS)[number] }
  | { kind: 'whole'; variable: 'a0' };
interface Config {
  secrets: Name[];
  roles: { grants: Grant[]; trustedBy: 'ecs' | 'p0' }[];
  tfvars: Partial<Record<'s0' | 's1' | 'a0' | 'p0', string>>;
}

const name: fc.Arbitrary<Name> = fc.oneof(
  fc.constantFrom(...SEGMENTS).map((literal) => ({ literal })),
  fc.record({ variable: fc.constantFrom(...SEGMENT_VARS), at: fc.constantFrom('prefix' as const, 'suffix' as const) }),
);
const grant = (secrets: number): fc.Arbitrary<Grant> => fc.oneof(
  fc.constantFrom(`${SECRET_ARN}team/*`, `${SECRET_ARN}*`, `${SECRET_ARN}prod/s0-??????`, `${SECRET_ARN}other-*`).map((arn) => ({ kind: 'literal' as const, arn })),
  fc.integer({ min: 0, max: secrets - 1 }).map((secret) => ({ kind: 'reference' as const, secret })),
  fc.constantFrom(...SEGMENT_VARS).map((variable) => ({ kind: 'interpolated' as const, variable })),
  fc.constant({ kind: 'whole' as const, variable: 'a0' as const }),
);
const config: fc.Arbitrary<Config> = fc.array(name, { minLength: 1, maxLength: 3 }).chain((secrets) => fc.record({
  secrets: fc.constant(secrets),
  roles: fc.array(fc.record({ grants: fc.array(grant(secrets.length), { minLength: 1, maxLength: 3 }), trustedBy: fc.constantFrom('ecs' as const, 'p0' as const) }), { minLength: 1, maxLength: 3 }),
  tfvars: fc.record({
    s0: fc.constantFrom(...SEGMENTS), s1: fc.constantFrom(...SEGMENTS),
    a0: fc.constantFrom(`${SECRET_ARN}team/*`, `${SECRET_ARN}prod/*`),
    p0: fc.constantFrom(`arn:aws:iam::${ACCOUNT}:role/r0`, `arn:aws:iam::${ACCOUNT}:role/outsider`),
  }, { requiredKeys: [] }),
}));

/** Each secret gets its own final segment `sN`, so two secrets never resolve to one name. */
function secretName(n: Name, i: number): { hcl: string; resolved: (vars: Config['tfvars']) => string | undefined } {
  if ('literal' in n) return { hcl: `${n.literal}/s${i}`, resolved: () => `${n.literal}/s${i}` };
  const hcl = n.at === 'prefix' ? `\${var.${n.variable}}/s${i}` : `team-\${var.${n.variable}}/s${i}`;
  return { hcl, resolved: (vars) => (vars[n.variable] === undefined ? undefined : n.at === 'prefix' ? `${vars[n.variable]}/s${i}` : `team-${vars[n.variable]}/s${i}`) };
}

function terraform(c: Config): string {
  const out = ['variable "s0" {}', 'variable "s1" {}', 'variable "a0" {}', 'variable "p0" {}'];
  c.secrets.forEach((n, i) => out.push(`resource "aws_secretsmanager_secret" "s${i}" {\n  name = "${secretName(n, i).hcl}"\n}`));
  c.roles.forEach((role, r) => {
    const principal = role.trustedBy === 'ecs' ? '{ Service = "ecs-tasks.amazonaws.com" }' : '{ AWS = var.p0 }';
    out.push(`resource "aws_iam_role" "r${r}" {\n  name = "r${r}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = ${principal} }] })\n}`);
    const resources = role.grants.map((g) => {
      switch (g.kind) {
        case 'literal': return `"${g.arn}"`;
        case 'reference': return `aws_secretsmanager_secret.s${g.secret}.arn`;
        case 'interpolated': return `"${SECRET_ARN}\${var.${g.variable}}/*"`;
        case 'whole': return `var.${g.variable}`;
      }
    });
    out.push(`resource "aws_iam_role_policy" "r${r}" {\n  role = aws_iam_role.r${r}.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = [${resources.join(', ')}] }] })\n}`);
  });
  return `${out.join('\n\n')}\n`;
}

async function readers(dir: string): Promise<Map<string, Map<string, boolean>>> {
  const report = await scan({ paths: [dir], cwd: dir });
  return new Map(report.secrets.map((s) => [s.id, new Map(s.readers.map((r) => [r.principal, r.conditional]))]));
}

test('unknowns: a value for a variable never adds a reader or removes a secret; readers only the unset version has are conditional', async () => {
  await fc.assert(fc.asyncProperty(config, async (c) => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-unknowns-'));
    try {
      writeFileSync(join(dir, 'secret-scan.yaml'), `version: 1\naccounts:\n  default: "${ACCOUNT}"\n  region: eu-west-1\n`);
      writeFileSync(join(dir, 'main.tf'), terraform(c));
      const unset = await readers(dir);
      const vars = Object.entries(c.tfvars).map(([k, v]) => `${k} = "${v}"`).join('\n');
      writeFileSync(join(dir, 'terraform.tfvars'), `${vars}\n`);
      const set = await readers(dir);
      for (let i = 0; i < c.secrets.length; i++) {
        const { hcl, resolved } = secretName(c.secrets[i] as Name, i);
        const unsetId = hcl.includes('${') ? `aws_secretsmanager_secret.s${i}` : hcl;
        const setId = resolved(c.tfvars) ?? unsetId;
        const before = unset.get(unsetId);
        const after = set.get(setId);
        assert.ok(before, `secret ${unsetId} is reported without tfvars`);
        assert.ok(after, `secret ${setId} is still reported with tfvars ${JSON.stringify(c.tfvars)}`);
        for (const principal of after.keys()) {
          // The symbolic reader `unknown:var.p0` stands for the principal p0 is given.
          const standsFor = before.has('unknown:var.p0') && principal === c.tfvars.p0;
          assert.ok(before.has(principal) || standsFor, `${principal} reads ${setId} only once the variables have values`);
        }
        for (const [principal, conditional] of before) {
          if (!after.has(principal) && !principal.startsWith('unknown:')) assert.equal(conditional, true, `${principal} reads ${unsetId} unset but not set, so it must be conditional`);
          if (principal.startsWith('unknown:')) assert.equal(conditional, true, `a symbolic reader ${principal} is conditional`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }), { numRuns: 30, seed: 20261205 });
});
