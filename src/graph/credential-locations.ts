import type { Manifest } from '../model/manifest.js';
import type { VaultAppRole } from '../model/vault.js';
import type { InventoryIndex } from './inventory-index.js';
import { resolveValueFrom, type SecretTarget } from './secret-targets.js';

/**
 * Where an AppRole's login material lives (docs/semantics.md#vault-login): the manifest's `credentials`, plus any task
 * environment variable holding its role_id when no secret_id is needed. Places that are reported
 * secrets are returned as those targets, so their readers are computed once.
 */
export function credentialLocations(role: VaultAppRole, index: InventoryIndex, manifest: Manifest, targets: SecretTarget[]): SecretTarget[] {
  const locations = declaredCredentialLocations(role, index, manifest, targets);
  if (!role.bindSecretId && role.roleId) {
    for (const task of index.inventory.taskDefinitions) {
      for (const container of task.containers) {
        for (const variable of container.environment) {
          if (variable.value !== role.roleId) continue;
          const id = `${task.family}/${container.name}/${variable.name}`;
          locations.push({ id, kind: 'task-env', resource: id, owners: [], origin: 'discovered', source: variable.source, notes: [], taskEnv: { task, container: container.name, variable: variable.name, evidence: 'AppRole role_id', source: variable.source } });
        }
      }
    }
  }
  return locations;
}

/**
 * The places the manifest's `credentials` declare for the AppRole `mount`/`name`; a role the live
 * scan could not read is known by these two alone (graph/unread-vault-roles.ts).
 */
export function declaredCredentialLocations(role: { mount: string; name: string }, index: InventoryIndex, manifest: Manifest, targets: SecretTarget[]): SecretTarget[] {
  const locations: SecretTarget[] = [];
  for (const entry of manifest.credentials) {
    if (entry.approle !== role.name || entry.mount !== role.mount) continue;
    const stored = entry.storedIn;
    const found = targets.find((t) => {
      if (stored.kind === 's3') return t.aws?.service === 's3' && t.aws.bucket === stored.bucket && t.aws.key === stored.key;
      if (stored.kind === 'ssm') return t.aws?.service === 'ssm' && (t.aws.name === stored.name || t.aws.arn === stored.name);
      return t.taskEnv !== undefined && t.taskEnv.task.family === stored.family && t.taskEnv.container === stored.container && t.taskEnv.variable === stored.variable;
    });
    locations.push(found ?? locationTarget(entry, index, manifest));
  }
  return locations;
}

/** A credentials location that is not itself a reported secret (e.g. an S3 object only the manifest names). */
function locationTarget(entry: Manifest['credentials'][number], index: InventoryIndex, manifest: Manifest): SecretTarget {
  const stored = entry.storedIn;
  const account = manifest.defaultAccount ?? '';
  const base = { owners: [], origin: 'discovered' as const, source: entry.source, notes: [] };
  if (stored.kind === 's3') {
    const bucketInfo = index.bucketFor(stored.bucket);
    const resource = `s3://${stored.bucket}/${stored.key}`;
    return { ...base, id: resource, kind: 's3', resource, aws: { service: 's3', bucket: stored.bucket, key: stored.key, arn: `arn:aws:s3:::${stored.bucket}/${stored.key}`, account: bucketInfo?.account ?? account, ...(bucketInfo ? { bucketInfo } : {}) } };
  }
  if (stored.kind === 'ssm') {
    return { ...base, id: stored.name, kind: 'ssm', resource: stored.name, aws: resolveValueFrom(index, stored.name, account, manifest.region) };
  }
  const id = `${stored.family}/${stored.container}/${stored.variable}`;
  const task = index.inventory.taskDefinitions.find((t) => t.family === stored.family);
  if (!task) return { ...base, id, kind: 'task-env', resource: id };
  return { ...base, id, kind: 'task-env', resource: id, taskEnv: { task, container: stored.container, variable: stored.variable, evidence: 'AppRole credentials', source: entry.source } };
}
