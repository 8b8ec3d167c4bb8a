import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { scan } from '../../src/scan.js';

/**
 * Valid/invalid tables for every rule (STYLE: "rules have valid/invalid tables over small
 * inventories"). Each case describes a tiny infrastructure export; the runner writes it in the
 * AWS CLI / Vault shapes the loaders read, scans it, and compares the findings of the rule under
 * test, reduced to their identifying keys, with `expect`.
 */
interface RuleCase {
  name: string;
  doc: string;
  rule: string;
  roles?: { name: string; trust?: unknown; policy?: unknown; tags?: Record<string, string> }[];
  buckets?: Record<string, unknown>;
  parameters?: { name: string; type?: string; keyId?: string }[];
  tasks?: { family: string; taskRole?: string; executionRole?: string; environment?: Record<string, string>; secrets?: Record<string, string> }[];
  vaultPolicies?: Record<string, string>;
  vaultRoles?: Record<string, unknown>;
  files?: Record<string, string>;
  manifest?: string;
  expect: Record<string, string | number>[];
}

const ACCOUNT = '123456789012';
const ecsTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function writeCase(dir: string, c: RuleCase): void {
  const put = (path: string, value: unknown): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  put('aws/iam/get-account-authorization-details.json', {
    RoleDetailList: (c.roles ?? []).map((r) => ({
      RoleName: r.name, Arn: `arn:aws:iam::${ACCOUNT}:role/${r.name}`, AssumeRolePolicyDocument: r.trust ?? ecsTrust,
      RolePolicyList: r.policy ? [{ PolicyName: 'inline', PolicyDocument: r.policy }] : [], AttachedManagedPolicies: [],
      Tags: Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    })),
    UserDetailList: [], GroupDetailList: [], Policies: [],
  });
  for (const [bucket, policy] of Object.entries(c.buckets ?? {})) put(`aws/s3/${bucket}.bucket-policy.json`, { Policy: JSON.stringify(policy) });
  if (c.parameters) {
    put('aws/ssm/describe-parameters.json', { Parameters: c.parameters.map((p) => ({ Name: p.name, Type: p.type ?? 'SecureString', ...(p.keyId ? { KeyId: p.keyId } : {}) })) });
  }
  for (const task of c.tasks ?? []) {
    put(`aws/ecs/${task.family}.json`, { taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${task.family}:1`, family: task.family, revision: 1,
      ...(task.taskRole ? { taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${task.taskRole}` } : {}),
      ...(task.executionRole ? { executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${task.executionRole}` } : {}),
      containerDefinitions: [{
        name: 'app', image: 'app:1',
        environment: Object.entries(task.environment ?? {}).map(([name, value]) => ({ name, value })),
        secrets: Object.entries(task.secrets ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
      }],
    } });
  }
  for (const [name, text] of Object.entries(c.vaultPolicies ?? {})) put(`vault/policies/${name}.hcl`, text);
  for (const [path, data] of Object.entries(c.vaultRoles ?? {})) put(`vault/auth/${path.replace('/', '/role/')}.json`, { data });
  for (const [path, text] of Object.entries(c.files ?? {})) put(path, text);
  put('secret-scan.yaml', c.manifest ?? `version: 1\naccounts:\n  default: "${ACCOUNT}"\n`);
}

const IDENTIFYING = ['secret', 'principal', 'role', 'policy', 'pattern', 'file', 'line'];

for (const file of readdirSync(dirname(fileURLToPath(import.meta.url))).filter((f) => f.endsWith('.yaml')).sort()) {
  const cases = parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), file), 'utf8')) as RuleCase[];
  for (const c of cases) {
    test(`${file} ${c.rule}: ${c.name}`, async () => {
      assert.match(c.doc, /^https:\/\//, 'every case names the documentation it follows');
      const dir = mkdtempSync(join(tmpdir(), 'secret-scan-rule-'));
      writeCase(dir, c);
      const report = await scan({ paths: [dir], cwd: dir });
      const found = report.findings.filter((f) => f.ruleId === c.rule).map((f) => {
        const flat: Record<string, unknown> = { secret: f.secret, principal: f.principal, ...f.properties };
        return JSON.stringify(Object.fromEntries(IDENTIFYING.filter((k) => flat[k] !== undefined).map((k) => [k, flat[k]])));
      }).sort();
      const expected = c.expect.map((e) => JSON.stringify(Object.fromEntries(IDENTIFYING.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])))).sort();
      assert.deepEqual(found, expected);
    });
  }
}
