import { GraphMemo } from './graph-memo.js';
import type { CredentialLocation, Manifest } from '../model/manifest.js';
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
 * The places named for the AppRole `namespace`/`mount`/`name`: by the manifest's `credentials`, and by the
 * configuration writing its role_id or secret_id somewhere (`Inventory.appRoleCredentials`). A role
 * the live scan could not read is known by these two alone (graph/unread-vault-roles.ts).
 */
export function declaredCredentialLocations(role: { mount: string; name: string; namespace?: string }, index: InventoryIndex, manifest: Manifest, targets: SecretTarget[]): SecretTarget[] {
  const locations: SecretTarget[] = [];
  const places = placesOf(targets);
  const key = credentialKey(role.namespace, role.mount, role.name);
  const entries = [...credentialsOf(manifest.credentials).get(key) ?? [], ...credentialsOf(index.inventory.appRoleCredentials ?? NONE).get(key) ?? []];
  for (const entry of entries) {
    const stored = entry.storedIn;
    const found = stored.kind === 's3' ? places.get(JSON.stringify(['s3', stored.bucket, stored.key]))
      : stored.kind === 'ssm' ? firstOf(places.get(JSON.stringify(['ssm-name', stored.name])), places.get(JSON.stringify(['ssm-arn', stored.name])))
        : stored.kind === 'secretsmanager' ? firstOf(places.get(JSON.stringify(['sm-name', stored.secret])), places.get(JSON.stringify(['sm-arn', stored.secret])))
          : places.get(JSON.stringify(['env', stored.family, stored.container, stored.variable]));
    const target = found?.target ?? locationTarget(entry, index, manifest);
    if (!locations.includes(target)) locations.push(target);
  }
  return locations;
}

const NONE: CredentialLocation[] = [];

// Looked up once per AppRole: indexed once per scan instead of searched per role (roles × entries × targets).
interface Place { target: SecretTarget; at: number }
const placesByTargets = new GraphMemo<SecretTarget[], Map<string, Place>>();

/** Each reported place under the keys a credentials entry names it by; the first target wins, as a search in order would find. */
function placesOf(targets: SecretTarget[]): Map<string, Place> {
  let places = placesByTargets.get(targets);
  if (places) return places;
  places = new Map();
  const add = (key: string, place: Place): void => { if (!places?.has(key)) places?.set(key, place); };
  targets.forEach((target, at) => {
    const aws = target.aws;
    if (aws?.service === 's3') add(JSON.stringify(['s3', aws.bucket, aws.key]), { target, at });
    if (aws?.service === 'ssm') {
      add(JSON.stringify(['ssm-name', aws.name]), { target, at });
      add(JSON.stringify(['ssm-arn', aws.arn]), { target, at });
    }
    if (aws?.service === 'secretsmanager') {
      add(JSON.stringify(['sm-name', aws.name]), { target, at });
      add(JSON.stringify(['sm-arn', aws.arn]), { target, at });
    }
    const env = target.taskEnv;
    if (env) add(JSON.stringify(['env', env.task.family, env.container, env.variable]), { target, at });
  });
  placesByTargets.set(targets, places);
  return places;
}

function firstOf(a: Place | undefined, b: Place | undefined): Place | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.at <= b.at ? a : b;
}

const credentialsByList = new GraphMemo<CredentialLocation[], Map<string, CredentialLocation[]>>();
/**
 * Names one AppRole: its namespace (relative to the scan's; '' for the scan's own), mount and name.
 * Two roles of one name in two namespaces are two roles, and a location declared for one is not the
 * other's (docs/semantics.md#vault-namespaces).
 */
export function credentialKey(namespace: string | undefined, mount: string, name: string): string {
  return JSON.stringify([namespace ?? '', mount, name]);
}

/** Credential locations (the manifest's, or those the configuration writes) by AppRole namespace, mount and name, in order. */
function credentialsOf(list: CredentialLocation[]): Map<string, CredentialLocation[]> {
  let byRole = credentialsByList.get(list);
  if (byRole) return byRole;
  byRole = new Map();
  for (const entry of list) {
    const key = credentialKey(entry.namespace, entry.mount, entry.approle);
    const list = byRole.get(key);
    if (list) list.push(entry);
    else byRole.set(key, [entry]);
  }
  credentialsByList.set(list, byRole);
  return byRole;
}

/** A credentials location that is not itself a reported secret (e.g. an S3 object only the manifest names). */
function locationTarget(entry: CredentialLocation, index: InventoryIndex, manifest: Manifest): SecretTarget {
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
  if (stored.kind === 'secretsmanager') {
    return { ...base, id: stored.secret, kind: 'secretsmanager', resource: stored.secret, aws: resolveValueFrom(index, stored.secret, account, manifest.region) };
  }
  const id = `${stored.family}/${stored.container}/${stored.variable}`;
  const task = index.inventory.taskDefinitions.find((t) => t.family === stored.family);
  if (!task) return { ...base, id, kind: 'task-env', resource: id };
  return { ...base, id, kind: 'task-env', resource: id, taskEnv: { task, container: stored.container, variable: stored.variable, evidence: 'AppRole credentials', source: entry.source } };
}
