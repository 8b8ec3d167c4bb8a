import type { IamPolicy } from '../model/iam.js';
import type { JsonObject, SourceRef } from '../model/source.js';
import { isJsonObject, rawStatements, stringsIn } from '../graph/policy-statements.js';
import { matchesWildcard } from '../engine/iam/index.js';
import { UNRESOLVED_KEY } from '../model/unknowns.js';
import { vaultPolicyKey, withinVaultNamespace } from '../model/vault.js';
import { defineRule, type RuleReport } from './define-rule.js';

const READ_ACTIONS = ['s3:GetObject', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue'];

/**
 * SS008: an Allow of a secret read on a resource pattern that covers every secret of its kind: `*`,
 * all parameters, all Secrets Manager secrets, every object of a bucket that holds a declared
 * secret or AppRole credentials, or a Vault glob at the top of a mount (`secret/*`, `secret/data/*`),
 * in identity and bucket policies.
 */
export const ss008 = defineRule({
  id: 'SS008',
  check({ inventory, manifest, report }) {
    const secretBuckets = new Set(manifest.secrets.flatMap((s) => (s.kind === 's3' ? [/^s3:\/\/([^/]+)\//.exec(s.resource)?.[1] ?? ''] : [])));
    // AppRole login material is a secret too: where the manifest says it lives, or the configuration writes it.
    for (const credential of [...manifest.credentials, ...inventory.appRoleCredentials ?? []]) if (credential.storedIn.kind === 's3') secretBuckets.add(credential.storedIn.bucket);
    const policies: IamPolicy[] = [
      ...inventory.principals.flatMap((p) => p.inlinePolicies),
      ...inventory.groups.flatMap((g) => g.inlinePolicies),
      ...inventory.managedPolicies.filter((m) => !m.arn.startsWith('arn:aws:iam::aws:policy/')).map((m) => m.policy),
      ...inventory.buckets.flatMap((b) => (b.policy ? [b.policy] : [])),
      // Not a secret's own resource policy: whatever its Resource says (`*` included), it applies to that
      // one secret (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html);
      // who it admits shows among the secret's readers (SS001, SS003).
    ];
    const found: RuleReport[] = [];
    // An organisation writes a few hundred distinct Action patterns over tens of thousands of statements.
    const readsSecretsOf = new Map<string, boolean>();
    const readsSecrets = (pattern: string): boolean => {
      let reads = readsSecretsOf.get(pattern);
      if (reads === undefined) readsSecretsOf.set(pattern, (reads = READ_ACTIONS.some((action) => matchesWildcard(pattern, action, { caseInsensitive: true }))));
      return reads;
    };
    for (const policy of policies) {
      (rawStatements(policy.document) ?? []).forEach((statement, index) => {
        if (!isJsonObject(statement) || statement.Effect !== 'Allow' || statement.Action === undefined) return;
        // A wildcard that exists only because an unknown was widened is not a grant as written
        // (docs/semantics.md#symbolic-unknowns): the readers it opens show as conditional, with the expression.
        if (isWidened(statement)) return;
        const actions = stringsIn(statement.Action).filter(readsSecrets);
        if (actions.length === 0) return;
        const resources = statement.Resource === undefined ? (statement.NotResource !== undefined ? ['NotResource'] : []) : stringsIn(statement.Resource);
        for (const pattern of resources) {
          if (!isWideSecretPattern(pattern, secretBuckets)) continue;
          const source: SourceRef = policy.statementSources?.[index] ?? policy.source;
          found.push({ messageId: 'default', data: { policy: policy.id, action: actions.join(', '), pattern }, locations: [source], properties: { policy: policy.id, pattern } });
        }
      });
    }
    for (const policy of inventory.vaultPolicies) {
      // A policy of another namespace is judged on its paths as it writes them: `secret/*` there is a whole mount of it.
      const label = `vault policy ${vaultPolicyKey(policy)}`;
      for (const rule of policy.rules) {
        const path = withinVaultNamespace(policy.namespace, rule.path) ?? rule.path;
        if (!rule.capabilities.includes('read') || !/^[^/]+\/(data\/)?\*$/.test(path)) continue;
        if (['sys/*', 'auth/*', 'identity/*', 'cubbyhole/*'].includes(path)) continue;
        found.push({ messageId: 'default', data: { policy: label, action: 'read', pattern: rule.path }, locations: [rule.source], properties: { policy: label, pattern: rule.path } });
      }
    }
    found.forEach(report);
  },
});

function isWidened(statement: JsonObject): boolean {
  const condition = statement['Condition'];
  const equals = isJsonObject(condition) ? condition['StringEquals'] : undefined;
  return isJsonObject(equals) && equals[UNRESOLVED_KEY] !== undefined;
}

function isWideSecretPattern(pattern: string, secretBuckets: Set<string>): boolean {
  if (pattern === '*' || pattern === 'NotResource') return true;
  if (/^arn:aws[a-z-]*:ssm:[^:]*:[^:]*:(parameter\/?\*|\*)$/.test(pattern)) return true;
  if (/^arn:aws[a-z-]*:secretsmanager:[^:]*:[^:]*:(secret:\*|\*)$/.test(pattern)) return true;
  if (/^arn:aws[a-z-]*:s3:::\*$/.test(pattern)) return true;
  const bucket = /^arn:aws[a-z-]*:s3:::([^/*]+)\/\*$/.exec(pattern)?.[1];
  return bucket !== undefined && secretBuckets.has(bucket);
}
