import type { NamePattern, S3Bucket, SecretsManagerSecret, SecretValueCopy, SsmParameter, TaskDefinition } from '../model/inventory.js';
import type { Manifest, SecretKind } from '../model/manifest.js';
import type { JsonValue, SourceRef } from '../model/source.js';
import { inVaultNamespace, withinVaultNamespace, type VaultMount } from '../model/vault.js';
import type { InventoryIndex } from './inventory-index.js';
import { statementObjects, stringsIn } from './policy-statements.js';
import { findSecretsManagerSecret, findSsmParameter, parseSecretsManagerRef } from './aws-names.js';
import { ssmParameterArn } from '../load/arns.js';
import { parseArn } from '../engine/iam/arn.js';
import { isVaultSystemPath } from '../engine/vault/paths.js';
import { SYMBOLIC_ACCOUNT } from '../model/unknowns.js';
import { detectSecretMaterial, hasSecretSoundingName } from './secret-material.js';
import { replicaCopies } from './secret-replicas.js';

export type AwsSecretResource =
  | {
      service: 's3'; bucket: string; key: string; arn: string; account?: string; bucketInfo?: S3Bucket;
      /** For a key glob: policy resource patterns under its literal prefix, each asked as if it were an object (docs/semantics.md#secrets). */
      probes?: string[];
    }
  | { service: 'ssm'; name: string; arn: string; account: string; region: string; parameter?: SsmParameter; pattern?: NamePattern }
  | {
      service: 'secretsmanager'; name: string; arn: string; account: string; region: string; secret?: SecretsManagerSecret; pattern?: NamePattern;
      /** Set on a replica (graph/secret-replicas.ts): the secret it copies, whose answer it is part of. */
      replicaOf?: AwsSecretResource;
    };

/** A secret to answer for: declared in the manifest or discovered in the inventory (docs/semantics.md#secrets). */
export interface SecretTarget {
  id: string;
  kind: SecretKind;
  resource: string;
  owners: string[];
  origin: 'manifest' | 'discovered';
  source: SourceRef;
  notes: string[];
  aws?: AwsSecretResource;
  vaultPath?: string;
  /** With `vaultPath`: the path is a glob standing for values the inputs cannot know, and why (docs/semantics.md#symbolic-unknowns). */
  vaultPattern?: string;
  taskEnv?: TaskEnvPlace;
  /**
   * With `taskEnv`: the same variable of the same family and container in other task definitions
   * (blue and green revisions, one service template per stack). Each holds the value in plaintext
   * and runs as its own task role.
   */
  taskEnvElsewhere?: TaskEnvPlace[];
  /** Task definitions whose environment holds a copy of this secret's value (`TaskEnvironmentVariable.copyOf`). */
  valueCopies?: TaskEnvPlace[];
}

/** Where a task definition holds a plaintext secret in its environment. */
export interface TaskEnvPlace {
  task: TaskDefinition; container: string; variable: string; evidence: string; source: SourceRef;
  /** For a copy of a stored secret's value: what copies it (`SecretValueCopy.via`). */
  copiedFrom?: string;
  /** A copy of a value nothing says is secret (a String parameter, one of unknown type): it has readers, and no SS005. */
  plainValue?: true;
}

/** Every task definition holding the secret's value in plaintext: a `task-env` secret's, or a copy of a stored one's. */
export function taskEnvPlaces(target: SecretTarget): TaskEnvPlace[] {
  return [...(target.taskEnv ? [target.taskEnv, ...(target.taskEnvElsewhere ?? [])] : []), ...(target.valueCopies ?? [])];
}

const KV2_NON_DATA = new Set(['metadata', 'delete', 'undelete', 'destroy', 'subkeys']);

/**
 * The pattern secrets an unresolved `valueFrom` glob (or an ARN handed to a module) stands for
 * (docs/semantics.md#symbolic-unknowns): the one its ARN names the service of; a Secrets Manager
 * secret when it ends in a JSON key selector (`…:password::`), which only Secrets Manager
 * references take; else one of each service ECS injects from, under `ID@ssm` and
 * `ID@secretsmanager`, since the reference may name either and no secret may be lost.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html
 */
function injectedPatterns(id: string, written: string, why: string, account: string, region: string): { pattern: NamePattern; aws: AwsSecretResource }[] {
  const glob = withoutJsonKeySelector(written);
  const secretsManager = (at: string, arnGlob: string, name: string): { pattern: NamePattern; aws: AwsSecretResource } => {
    const pattern = { id: at, name, arn: arnGlob, why };
    return { pattern, aws: { service: 'secretsmanager', name, arn: arnGlob, account, region } };
  };
  const parameterStore = (at: string, arnGlob: string, name: string): { pattern: NamePattern; aws: AwsSecretResource } => {
    const pattern = { id: at, name, arn: arnGlob, why };
    return { pattern, aws: { service: 'ssm', name, arn: arnGlob, account, region } };
  };
  const arn = parseArn(glob);
  if (arn?.service === 'secretsmanager' && arn.resource.startsWith('secret:')) {
    return [secretsManager(id, glob, arn.resource.slice('secret:'.length).replace(/-\?{6}$/, ''))];
  }
  if (arn?.service === 'ssm' && arn.resource.startsWith('parameter/')) {
    const name = arn.resource.slice('parameter/'.length);
    return [parameterStore(id, glob, name.startsWith('*') ? name : `/${name}`)];
  }
  if (arn !== undefined || !glob.startsWith('*')) return [];
  const anySecret = secretsManager(glob === written ? `${id}@secretsmanager` : id, 'arn:*:secretsmanager:*:*:secret:*', '*');
  if (glob !== written) return [anySecret];
  return [parameterStore(`${id}@ssm`, 'arn:*:ssm:*:*:parameter/*', '*'), anySecret];
}

/**
 * A Secrets Manager reference without its `:json-key:version-stage:version-id` selector, which
 * picks a part of the value, not another secret: `ARN:password::` names the secret at `ARN`. A
 * glob that does not start as an ARN (`${module.db.secret_arn}:password::`) loses the same three
 * fields. Anything else comes back as written.
 */
export function withoutJsonKeySelector(reference: string): string {
  const fields = reference.split(':');
  if (reference.startsWith('arn:')) return fields[2] === 'secretsmanager' && fields.length === 10 ? fields.slice(0, 7).join(':') : reference;
  return fields.length === 4 && fields[0] !== '' ? fields[0] as string : reference;
}

/**
 * Every secret the report answers for: the manifest's, then those discovered in the inventory
 * that are not the same resource as a declared one. Sorted by id.
 */
export function collectSecretTargets(index: InventoryIndex, manifest: Manifest): SecretTarget[] {
  const inventory = index.inventory;
  const account = manifest.defaultAccount ?? inventory.principals[0]?.account ?? '000000000000';
  const region = manifest.region;
  const targets: SecretTarget[] = [];
  const seen = new Map<string, SecretTarget>();
  const add = (target: SecretTarget): void => {
    const key = canonicalKey(target);
    const existing = seen.get(key);
    if (existing) {
      // One variable in two task definitions of a family is one secret held in both.
      if (existing.taskEnv && target.taskEnv && target.kind === 'task-env') (existing.taskEnvElsewhere ??= []).push(target.taskEnv);
      // The declared id wins; a concrete ARN found by discovery replaces the `-??????` stand-in.
      if (existing.aws && target.aws && existing.aws.arn.endsWith('-??????') && !target.aws.arn.endsWith('-??????')) existing.aws = target.aws;
      return;
    }
    seen.set(key, target);
    targets.push(target);
  };

  for (const declared of manifest.secrets) {
    const base = { id: declared.id, kind: declared.kind, resource: declared.resource, owners: declared.owners, origin: 'manifest' as const, source: declared.source, notes: [] as string[] };
    if (declared.kind === 'vault') {
      const mount = declared.kvVersion === undefined ? kvMountOf(inventory.vaultMounts, declared.resource) : undefined;
      const { path, note } = vaultReadPath(declared.resource, declared.kvVersion ?? mount?.kvVersion, mount?.path, engineMountOf(inventory.vaultMounts, declared.resource));
      add({ ...base, vaultPath: path, notes: note ? [note] : [] });
    } else {
      add({ ...base, aws: resolveAwsSecret(index, declared.kind, declared.resource, account, region) });
    }
  }

  const discovered: SecretTarget[] = [];
  const copies: { copy: SecretValueCopy; certain: boolean; account: string; region: string; place: TaskEnvPlace }[] = [];
  const discover = (kind: SecretKind, resource: string, source: SourceRef, extra: Partial<SecretTarget>): void => {
    discovered.push({ id: resource, kind, resource, owners: [], origin: 'discovered', source, notes: [], ...extra });
  };
  // A pattern secret (docs/semantics.md#symbolic-unknowns) is answered for under its resource address, its resource the glob of its names.
  const discoverPattern = (kind: 'ssm' | 'secretsmanager', pattern: NamePattern, source: SourceRef, aws: AwsSecretResource): void => {
    discovered.push({ id: pattern.id, kind, resource: pattern.name, owners: [], origin: 'discovered', source, notes: [`the name holds an unknown: ${pattern.why}`], aws: { ...aws, pattern } as AwsSecretResource });
  };
  /**
   * The secret an ARN names where a task injects it or a module is handed it: by its name, or, when
   * the ARN holds an unknown (`why`), as a pattern secret under `patternId`. A replica is answered
   * for as the secret it copies.
   */
  const discoverNamed = (arn: string, why: string | undefined, patternId: string, source: SourceRef, inAccount: string, inRegion: string): void => {
    if (why !== undefined) {
      for (const injected of injectedPatterns(patternId, arn, why, inAccount, inRegion)) {
        if (injected.aws.service !== 's3') discoverPattern(injected.aws.service, injected.pattern, source, injected.aws);
      }
      return;
    }
    const resolved = resolveValueFrom(index, arn, inAccount, inRegion);
    const aws = resolved.service === 'secretsmanager' ? resolved.replicaOf ?? resolved : resolved;
    if (aws.service !== 's3') discover(aws.service, aws.name, source, { aws });
  };
  for (const parameter of inventory.ssmParameters) {
    const aws = resolveAwsSecret(index, 'ssm', parameter.arn, account, region);
    if (parameter.pattern) discoverPattern('ssm', parameter.pattern, parameter.source, aws);
    else discover('ssm', parameter.name, parameter.source, { aws });
  }
  for (const secret of inventory.secretsManagerSecrets) {
    const aws = resolveAwsSecret(index, 'secretsmanager', secret.arn, account, region);
    if (secret.pattern) discoverPattern('secretsmanager', secret.pattern, secret.source, aws);
    else discover('secretsmanager', secret.name, secret.source, { aws });
  }
  for (const task of inventory.taskDefinitions) {
    const taskAccount = task.account ?? account;
    const taskRegion = task.region ?? region;
    for (const container of task.containers) {
      for (const reference of container.secrets) {
        // Secrets the inputs do not show are no secrets of their own: they widen the others (graph/ecs-access.ts).
        if (reference.unseen) continue;
        // One whose secret is not known is a pattern secret named where it is injected.
        discoverNamed(reference.valueFrom, reference.valueFromUnknown, `${task.family}/${container.name}/${reference.name}`, reference.source, taskAccount, taskRegion);
      }
      for (const variable of container.environment) {
        if (variable.copyOf) {
          const certain = variable.secretMaterial !== undefined || hasSecretSoundingName(variable.name);
          const evidence = variable.secretMaterial ?? `a copy of the value of ${variable.copyOf.ref} (${variable.copyOf.via})`;
          copies.push({ copy: variable.copyOf, certain, account: taskAccount, region: taskRegion, place: { task, container: container.name, variable: variable.name, evidence, source: variable.source, copiedFrom: variable.copyOf.via } });
          continue;
        }
        const evidence = variable.secretMaterial ?? detectSecretMaterial(variable.name, variable.value);
        if (!evidence) continue;
        const id = `${task.family}/${container.name}/${variable.name}`;
        discover('task-env', id, variable.source, { taskEnv: { task, container: container.name, variable: variable.name, evidence, source: variable.source } });
      }
    }
  }
  // Secrets handed by ARN to a module the scan cannot read: what it creates reads them.
  for (const handed of inventory.handedSecrets ?? []) {
    // One whose name is not known is named by the lookup or reference (`data.aws_secretsmanager_secret.kc`).
    const lookup = handed.unknown?.split(' ')[0]?.replace(/\.(arn|id|name)$/, '') ?? handed.arn;
    discoverNamed(handed.arn, handed.unknown, lookup, handed.source, account, region);
  }
  // The namespaces the inputs know: a parent's policy reaches a child's own paths by its prefix (`team1/sys/mounts`).
  const namespaces = [...new Set([...inventory.vaultPolicies, ...inventory.vaultAuthRoles, ...(inventory.vaultSecrets ?? [])].flatMap((x) => (x.namespace ? [x.namespace] : [])))];
  for (const policy of inventory.vaultPolicies) {
    for (const rule of policy.rules) {
      // Whether a path is one of Vault's own is a question of the namespace it is in (`team1/sys/…`).
      const path = withinVaultNamespace(policy.namespace, rule.path) ?? rule.path;
      if (!isConcreteVaultSecretPath(path) || namespaces.some((ns) => isVaultSystemPath(withinVaultNamespace(ns, rule.path) ?? ''))) continue;
      discover('vault', rule.path, rule.source, { vaultPath: rule.path });
    }
  }
  for (const secret of inventory.vaultSecrets ?? []) {
    // Writes to Vault's own endpoints (`auth/github/map/teams/x` through vault_generic_secret) configure it: no secret.
    // In another namespace, its mount is the first segment after the namespace's path.
    const written = withinVaultNamespace(secret.namespace, secret.path) ?? secret.path;
    if (isVaultSystemPath(written)) continue;
    // A path written without `data/` is read through its mount's KV version when the inventory knows it.
    const mount = secret.kvVersion === undefined ? kvMountOf(inventory.vaultMounts, secret.path) : undefined;
    const mountPath = secret.mount ?? mount?.path;
    const read = vaultReadPath(written, secret.kvVersion ?? mount?.kvVersion, mountPath === undefined ? undefined : withinVaultNamespace(secret.namespace, mountPath) ?? mountPath, engineMountOf(inventory.vaultMounts, secret.path));
    const path = inVaultNamespace(secret.namespace, read.path);
    const note = read.note;
    const notes = note ? [note] : [];
    if (!secret.pattern) { discover('vault', path, secret.source, { vaultPath: path, notes }); continue; }
    discovered.push({
      id: secret.pattern.id, kind: 'vault', resource: path, owners: [], origin: 'discovered', source: secret.source,
      notes: [`the path holds an unknown: ${secret.pattern.why}`, ...notes], vaultPath: path, vaultPattern: secret.pattern.why,
    });
  }
  for (const target of discovered) add(target);
  // A stored secret whose value a task definition copies is read there too (docs/semantics.md#ecs):
  // the copy joins that secret's answer. A secret no input lists is discovered by its copy when
  // the copy is certainly secret; a copy of a value nothing says is secret joins only a secret
  // already answered for.
  for (const { copy, certain, account: inAccount, region: inRegion, place } of copies) {
    const aws = resolveAwsSecret(index, copy.service, copy.ref, inAccount, inRegion);
    if (aws.service === 's3') continue;
    const probe: SecretTarget = { id: aws.name, kind: copy.service, resource: aws.name, owners: [], origin: 'discovered', source: place.source, notes: [], aws };
    const key = canonicalKey(probe);
    if (!seen.has(key) && certain) add(probe);
    const target = seen.get(key);
    if (!target) continue;
    (target.valueCopies ??= []).push(certain || target.origin === 'manifest' ? place : { ...place, plainValue: true });
  }

  // A secret named in an account no input lists, while nothing says which account the scan's own
  // infrastructure deploys into: its readers in the symbolic account cannot be matched to it. Said,
  // so that an empty reader list does not pass for a safe one.
  // Only when some principal is in the symbolic account: otherwise there is no reader to mismatch.
  if (manifest.defaultAccount === undefined && inventory.principals.some((p) => p.account === SYMBOLIC_ACCOUNT)) {
    const listed = new Set(inventory.principals.map((p) => p.account));
    for (const target of targets) {
      const named = target.aws?.account;
      if (named === undefined || !/^\d{12}$/.test(named) || listed.has(named)) continue;
      target.notes.push(`its ARN names account ${named}, which no input lists, and nothing names the account this configuration deploys into (read as ${SYMBOLIC_ACCOUNT}): if it is ${named}, set accounts.default in the manifest (or the provider's allowed_account_ids)`);
    }
  }

  // Ids must be unique; a discovered resource named like another secret's id gets its kind as prefix.
  const ids = new Set<string>();
  for (const target of targets) {
    if (ids.has(target.id)) target.id = `${target.kind}:${target.id}`;
    ids.add(target.id);
  }
  return targets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Resolves a task definition's `secrets[].valueFrom` to the SSM parameter or Secrets Manager secret it names. */
/** `arn:aws:s3:::BUCKET/KEY` as `s3://BUCKET/KEY`, or undefined when it names no S3 object. */
export function s3ObjectOf(arn: string): string | undefined {
  const object = /^arn:aws[a-z-]*:s3:::([^/]+\/.+)$/.exec(arn);
  return object ? `s3://${object[1] ?? ''}` : undefined;
}

export function resolveValueFrom(index: InventoryIndex, valueFrom: string, account: string, region: string): AwsSecretResource {
  // An environment file (`arn:aws:s3:::bucket/key.env`) is an S3 object.
  const object = s3ObjectOf(valueFrom);
  if (object !== undefined) return resolveAwsSecret(index, 's3', object, account, region);
  if (valueFrom.startsWith('arn:') && valueFrom.split(':')[2] === 'secretsmanager') {
    const secret = resolveAwsSecret(index, 'secretsmanager', valueFrom, account, region);
    // A task in another region fetches the replica there: the execution role reads that copy.
    const named = valueFrom.split(':')[3];
    if (secret.service === 'secretsmanager' && named !== undefined && named !== secret.region) {
      const copy = replicaCopies(secret).find((c) => c.region === named || c.region === '*');
      if (copy) return copy;
    }
    return secret;
  }
  return resolveAwsSecret(index, 'ssm', valueFrom, account, region) as AwsSecretResource;
}

function resolveAwsSecret(index: InventoryIndex, kind: 'ssm' | 'secretsmanager' | 's3', resource: string, account: string, region: string): AwsSecretResource {
  if (kind === 's3') {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(resource);
    const bucket = match?.[1] ?? '';
    const key = match?.[2] ?? '';
    const bucketInfo = index.bucketFor(bucket) ?? notListedBucket(index, bucket);
    const arn = `arn:aws:s3:::${bucket}/${key}`;
    const probes = /[*?]/.test(key) ? keyGlobProbes(index, arn) : [];
    return { service: 's3', bucket, key, arn, account: bucketInfo?.account ?? account, ...(bucketInfo ? { bucketInfo } : {}), ...(probes.length > 0 ? { probes } : {}) };
  }
  if (kind === 'ssm') {
    const parameter = findSsmParameter(index, resource);
    if (parameter) {
      const [, , , pRegion = region, pAccount = account] = parameter.arn.split(':');
      // A parameter whose name holds an unknown is asked about under the glob of its names, as its own answer is.
      return { service: 'ssm', name: parameter.name, arn: parameter.arn, account: pAccount, region: pRegion, parameter, ...(parameter.pattern ? { pattern: parameter.pattern } : {}) };
    }
    if (resource.startsWith('arn:')) {
      const [, , , pRegion = region, pAccount = account] = resource.split(':');
      const name = resource.slice(resource.indexOf(':parameter/') + ':parameter/'.length);
      // An ARN cannot tell `/a/b` from `a/b`; hierarchical names are created with the slash.
      const shownName = name.includes('/') ? `/${name}` : name;
      return withNotListedParameter(index, { service: 'ssm', name: shownName, arn: resource, account: pAccount, region: pRegion });
    }
    return withNotListedParameter(index, { service: 'ssm', name: resource, arn: ssmParameterArn(resource, region, account), account, region });
  }
  const ref = parseSecretsManagerRef(resource);
  const secret = findSecretsManagerSecret(index, ref, region);
  if (secret) {
    const [, , , sRegion = region, sAccount = account] = secret.arn.split(':');
    return { service: 'secretsmanager', name: secret.name, arn: secret.arn, account: sAccount, region: sRegion, secret, ...(secret.pattern ? { pattern: secret.pattern } : {}) };
  }
  const sRegion = ref.region ?? region;
  const sAccount = ref.account ?? account;
  // Without the random suffix the exact ARN is unknown; `-??????` matches what policies usually write.
  const arn = ref.arn ?? `arn:aws:secretsmanager:${sRegion}:${sAccount}:secret:${ref.name}-??????`;
  const missed = index.incompleteListing('secretsmanager', sAccount, sRegion);
  if (!missed) return { service: 'secretsmanager', name: ref.name, arn, account: sAccount, region: sRegion };
  // Not listed, but the listing stopped part-way: it may exist with any resource policy and key.
  const unseen: SecretsManagerSecret = { name: ref.name, arn, kmsKeyId: notListedKey(`secret ${ref.name}`), source: missed.source };
  if (missed.policy) unseen.policy = missed.policy;
  return { service: 'secretsmanager', name: ref.name, arn, account: sAccount, region: sRegion, secret: unseen };
}

/**
 * Resources a live listing may have missed (model `IncompleteListing`): a declared bucket not in
 * the inventory while a bucket listing stopped part-way has an unknown policy, an undecidable
 * Allow to anyone; a parameter not listed while its region's listing stopped may be a
 * SecureString under any key. Their readers turn conditional; none is removed.
 */
function notListedBucket(index: InventoryIndex, bucket: string): S3Bucket | undefined {
  const missed = index.incompleteListing('s3');
  if (!missed) return undefined;
  return { name: bucket, account: missed.account, ...(missed.policy ? { policy: missed.policy } : {}), source: missed.source };
}

function withNotListedParameter(index: InventoryIndex, aws: Extract<AwsSecretResource, { service: 'ssm' }>): AwsSecretResource {
  const missed = index.incompleteListing('ssm', aws.account, aws.region);
  if (!missed || aws.pattern) return aws;
  return { ...aws, parameter: { name: aws.name, arn: aws.arn, type: 'SecureString', keyId: notListedKey(`parameter ${aws.name}`), source: missed.source } };
}

/** A key reference no inventory resolves: decryption with it is undecided (graph/aws-read.ts). */
function notListedKey(what: string): string {
  return `(the key of ${what}, not listed)`;
}

/**
 * The path a Vault read goes to: with KV v2 declared, `mount/x` becomes `mount/data/x`. Under a
 * mount of another secrets engine (`engine`: a database engine's `creds/NAME`) the path is read as given.
 */
function vaultReadPath(path: string, kvVersion: 1 | 2 | undefined, fromMount?: string, engine?: VaultMount): { path: string; note?: string } {
  if (kvVersion === undefined && engine !== undefined) return { path, note: `a ${engine.type} secrets engine path (mount ${engine.path}): read as given` };
  const mountPath = fromMount ?? path.split('/')[0] ?? '';
  const [second, ...rest] = path.slice(mountPath.length + 1).split('/');
  const said = fromMount === undefined ? 'declared' : `(mount ${fromMount})`;
  if (kvVersion === 2 && second !== 'data') {
    const v2 = [mountPath, 'data', second, ...rest].filter((p) => p !== undefined).join('/');
    return { path: v2, note: `KV v2 ${said}: read as ${v2}` };
  }
  if (kvVersion === 2 || second === 'data') return { path, note: 'read as a KV v2 data path' };
  if (kvVersion === 1) return { path, note: `KV v1 ${said}: read as given` };
  return { path, note: 'read as given (a KV v1 path unless the manifest declares kv_version: 2)' };
}

/**
 * The KV mount a path lies under, from the inventory's mounts (live `sys/mounts`, Terraform
 * `vault_mount`): the longest mount path that prefixes it. https://developer.hashicorp.com/vault/api-docs/system/mounts
 */
function kvMountOf(mounts: readonly VaultMount[], path: string): { path: string; kvVersion: 1 | 2 } | undefined {
  let best: VaultMount | undefined;
  for (const mount of mounts) {
    if (mount.kvVersion === undefined || !path.startsWith(`${mount.path}/`)) continue;
    if (!best || mount.path.length > best.path.length) best = mount;
  }
  return best?.kvVersion === undefined ? undefined : { path: best.path, kvVersion: best.kvVersion };
}

/** Secrets engines whose paths are read as KV paths (`generic` is KV version 1's older name). */
const KV_ENGINES: ReadonlySet<string> = new Set(['kv', 'kv-v2', 'generic']);

/**
 * The mount of a secrets engine other than KV that a path lies under (`vault_mount` with `type =
 * "database"`, live `sys/mounts`): the longest mount path that prefixes it, when that one is not KV.
 */
function engineMountOf(mounts: readonly VaultMount[], path: string): VaultMount | undefined {
  let best: VaultMount | undefined;
  for (const mount of mounts) {
    if (!path.startsWith(`${mount.path}/`)) continue;
    if (!best || mount.path.length > best.path.length) best = mount;
  }
  return best !== undefined && best.kvVersion === undefined && !KV_ENGINES.has(best.type) ? best : undefined;
}

/**
 * A path a policy names that is one secret: no glob (`*`, `+`), no templated segment — Vault's own
 * (`{{identity.entity.id}}`) or a Terraform template's left in a policy file read on its own
 * (`${namespace}/…`, `%{ if … }`, filled in by `templatefile()`) — and not a system path.
 */
function isConcreteVaultSecretPath(path: string): boolean {
  if (/[*+]|\{\{|[$%]\{/.test(path)) return false;
  if (isVaultSystemPath(path)) return false;
  const second = path.split('/')[1];
  return !(second !== undefined && KV2_NON_DATA.has(second)) && !path.endsWith('/');
}

/**
 * What makes two targets the same secret. A Secrets Manager secret is its account, region and
 * name: a manifest naming it (`payments/db`, ARN stand-in `payments/db-??????`) and a task
 * definition naming it by full ARN (`payments/db-AbCdEf`) are one secret, reported under the
 * declared id.
 */
function canonicalKey(target: SecretTarget): string {
  // Two pattern secrets may have the same glob and still be two secrets (two unknowns); a reference
  // to one (its `.arn` in a valueFrom) carries its pattern and is the same secret.
  if (target.aws !== undefined && target.aws.service !== 's3' && target.aws.pattern !== undefined) return `aws-pattern:${target.aws.pattern.id}`;
  if (target.aws?.service === 'secretsmanager') return `secretsmanager:${target.aws.region}:${target.aws.account}:${target.aws.name}`;
  if (target.aws) return `aws:${target.aws.arn}`;
  if (target.vaultPattern !== undefined) return `vault-pattern:${target.id}`;
  if (target.vaultPath !== undefined) return `vault:${target.vaultPath}`;
  return `${target.kind}:${target.resource}`;
}

/**
 * A key glob names many objects; a statement granting one of them grants a read of the secret. Every
 * S3 resource pattern of the inventory's policies that starts with the glob's literal prefix is a
 * probe: asked as an object ARN, it matches its own statement. An over-approximation (a probe may
 * lie outside the glob's tail), so it can only widen the reader set.
 */
function keyGlobProbes(index: InventoryIndex, globArn: string): string[] {
  const prefix = globArn.slice(0, globArn.search(/[*?]/));
  const probes = new Set<string>();
  const visit = (document: JsonValue | undefined): void => {
    for (const statement of statementObjects(document)) {
      for (const resource of stringsIn(statement.Resource)) if (resource.startsWith(prefix) && resource !== globArn) probes.add(resource);
    }
  };
  const inventory = index.inventory;
  for (const principal of inventory.principals) principal.inlinePolicies.forEach((p) => visit(p.document));
  for (const group of inventory.groups) group.inlinePolicies.forEach((p) => visit(p.document));
  for (const managed of inventory.managedPolicies) visit(managed.policy.document);
  for (const bucket of inventory.buckets) visit(bucket.policy?.document);
  return [...probes].sort();
}
