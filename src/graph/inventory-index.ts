import { intersects } from '../engine/iam/glob-relations.js';
import { matchesWildcard } from '../engine/iam/wildcard.js';
import type { IamPolicy } from '../model/iam.js';
import { isMultiRegionKeyId, kmsAliasRegion, kmsKeyIdentity, type IncompleteListing, type Inventory, type KmsAlias, type KmsKey, type S3Bucket, type S3ObjectAcl, type SecretsManagerSecret, type SsmParameter } from '../model/inventory.js';
import type { JsonValue } from '../model/source.js';
import { UNRESOLVED_KEY } from '../model/unknowns.js';
import { isJsonObject, rawStatements } from './policy-statements.js';
import { parameterSharePolicy } from './parameter-shares.js';

/** Lookups by name and ARN over one inventory, built once per scan so the graph never scans lists. */
export class InventoryIndex {
  readonly ssmByArn = new Map<string, SsmParameter>();
  readonly ssmByName = new Map<string, SsmParameter>();
  readonly secretsByArn = new Map<string, SecretsManagerSecret>();
  readonly secretsByName = new Map<string, SecretsManagerSecret[]>();
  /** By `kmsKeyIdentity`: the id, and for a multi-Region key the id in its Region. */
  private readonly keysByIdentity = new Map<string, KmsKey>();
  /** Multi-Region keys by their shared id: the primary and its replicas the inputs hold. */
  private readonly multiRegionKeys = new Map<string, KmsKey[]>();
  /** By name: every Region's alias of that name the inputs hold. */
  private readonly aliasesByName = new Map<string, KmsAlias[]>();
  /** Key id → the AWS managed alias (`alias/aws/…`) that targets it. */
  readonly awsAliasByKeyId = new Map<string, string>();
  readonly bucketsByName = new Map<string, S3Bucket>();
  /** Buckets whose names hold unknown parts: `name` is a glob. */
  private readonly patternBuckets: S3Bucket[] = [];

  constructor(readonly inventory: Inventory) {
    for (const parameter of inventory.ssmParameters) {
      this.ssmByArn.set(parameter.arn, parameter);
      if (!this.ssmByName.has(parameter.name)) this.ssmByName.set(parameter.name, parameter);
    }
    for (const secret of inventory.secretsManagerSecrets) {
      this.secretsByArn.set(secret.arn, secret);
      const list = this.secretsByName.get(secret.name) ?? [];
      list.push(secret);
      this.secretsByName.set(secret.name, list);
    }
    for (const key of inventory.kmsKeys) {
      this.keysByIdentity.set(kmsKeyIdentity(key.keyId, key.region), key);
      if (isMultiRegionKeyId(key.keyId)) this.multiRegionKeys.set(key.keyId, [...(this.multiRegionKeys.get(key.keyId) ?? []), key]);
    }
    for (const alias of inventory.kmsAliases) {
      this.aliasesByName.set(alias.name, [...(this.aliasesByName.get(alias.name) ?? []), alias]);
      if (alias.targetKeyId && alias.name.startsWith('alias/aws/')) this.awsAliasByKeyId.set(alias.targetKeyId, alias.name);
    }
    for (const bucket of inventory.buckets) {
      if (bucket.namePattern) this.patternBuckets.push(bucket);
      else this.bucketsByName.set(bucket.name, bucket);
    }
  }

  /**
   * The key `keyId` names in `region` (undefined: the Region is not known). A multi-Region key's id
   * names its primary and each replica, each with its own key policy: only the one in `region`
   * answers for it, and where the inputs hold none there, the key is not in the inventory (its
   * policy in another Region says nothing about this one). Without a Region, only a single copy does.
   */
  keyIn(keyId: string, region: string | undefined): KmsKey | undefined {
    if (!isMultiRegionKeyId(keyId)) return this.keysByIdentity.get(keyId);
    const copies = this.multiRegionKeys.get(keyId) ?? [];
    if (region === undefined) return copies.length === 1 ? copies[0] : undefined;
    const here = copies.find((key) => key.region === region);
    if (here) return here;
    // A copy whose Region no input says may be this Region's; several cannot be told apart.
    const unplaced = copies.filter((key) => key.region === undefined);
    return unplaced.length === 1 ? unplaced[0] : undefined;
  }

  /**
   * The alias `name` in `region`: alias names are unique per account and Region, so another
   * Region's alias of the same name may point at another key. One the inputs place nowhere (no ARN)
   * stands for its name wherever it is asked, as does the only alias of a name when no Region is asked.
   */
  aliasIn(name: string, region: string | undefined): KmsAlias | undefined {
    const aliases = this.aliasesByName.get(name) ?? [];
    if (region !== undefined) {
      const here = aliases.find((alias) => kmsAliasRegion(alias) === region);
      if (here) return here;
      const unplaced = aliases.filter((alias) => kmsAliasRegion(alias) === undefined);
      return unplaced.length === 1 ? unplaced[0] : undefined;
    }
    return aliases.length === 1 ? aliases[0] : undefined;
  }

  /**
   * The live listing of `kind` that stopped part-way and might have missed a resource of `account`
   * in `region` (any account's for buckets, whose names are global; any region's when not asked).
   */
  incompleteListing(kind: IncompleteListing['kind'], account?: string, region?: string): IncompleteListing | undefined {
    return (this.inventory.incompleteListings ?? []).find((l) => l.kind === kind
      && (account === undefined || l.account === account) && (region === undefined || l.region === undefined || l.region === region));
  }

  /**
   * The object `bucket/key` (globs where the names hold unknown parts) as S3 authorizes reading it:
   * the bucket's policy, joined by one statement per ACL of the inputs that may be this object's
   * and lets a group read it: an Allow to `*` of `s3:GetObject` and `s3:GetObjectVersion`, so that
   * the bucket policy's Denies still apply to it (docs/semantics.md#s3-acls). The ACL counts unless
   * the bucket's Object Ownership disables ACLs or Block Public Access ignores public ones, on the
   * bucket or on its account (`account`, when known). A grant whose ACL or names the inputs cannot
   * know, or that may be another object's, is undecided.
   */
  objectPolicy(bucket: string, key: string, account: string | undefined, bucketPolicy: IamPolicy | undefined): IamPolicy | undefined {
    const all = this.inventory.s3ObjectAcls;
    if (all === undefined) return bucketPolicy;
    const acls = all.filter((acl) => mayName(acl.bucket, bucket) && mayName(acl.key, key));
    if (acls.length === 0 || this.aclsOff(bucket, account)) return bucketPolicy;
    const cacheKey = `${bucket}\u0000${key}\u0000${account ?? ''}`;
    const known = this.objectPolicies.get(cacheKey);
    if (known && known.bucketPolicy === bucketPolicy) return known.policy;
    const resource = `arn:aws:s3:::${bucket}/${key}`;
    const aclPolicy: IamPolicy = {
      id: `the ACL of object s3://${bucket}/${key}`,
      document: { Version: '2012-10-17', Statement: acls.map((acl) => aclStatement(acl, resource, bucket, key)) },
      source: (acls[0] as S3ObjectAcl).source,
      statementSources: acls.map((acl) => acl.source),
    };
    const policy = bucketPolicy ? joinPolicies(`${bucketPolicy.id} and ${aclPolicy.id}`, [bucketPolicy, aclPolicy]) : aclPolicy;
    this.objectPolicies.set(cacheKey, { bucketPolicy, policy });
    return policy;
  }

  /**
   * The resource policy of the SSM parameter `arn` (a glob for a pattern parameter): its `own`, as an
   * input read it, joined by what the AWS RAM shares holding it grant (docs/semantics.md#ram-shares). A share naming
   * the parameter by a glob, or a pattern parameter, may or may not be this one: undecided.
   */
  parameterPolicy(arn: string, own?: IamPolicy): IamPolicy | undefined {
    const shares = (this.inventory.parameterShares ?? []).filter((share) => share.parameterArns.some((written) => mayName(written, arn)));
    if (shares.length === 0) return own;
    let policy = this.parameterPolicies.get(arn);
    if (!policy) {
      const policies = shares.map((share) => {
        const exact = share.parameterArns.includes(arn) && !/[*?]/.test(arn);
        return parameterSharePolicy(share, arn, exact ? undefined : `the share names ${share.parameterArns.join(', ')}, which may or may not be this parameter`);
      });
      policy = joinPolicies(`AWS RAM shares of ${arn}`, [...(own ? [own] : []), ...policies]);
      this.parameterPolicies.set(arn, policy);
    }
    return policy;
  }

  private readonly parameterPolicies = new Map<string, IamPolicy>();

  private readonly objectPolicies = new Map<string, { bucketPolicy: IamPolicy | undefined; policy: IamPolicy }>();

  /** Whether the bucket's ACLs are out of authorization: disabled there, or public ones ignored there or in its account. */
  private aclsOff(bucket: string, account: string | undefined): boolean {
    // Every ACL kept grants a group (AllUsers, AuthenticatedUsers): a public ACL, which IgnorePublicAcls ignores.
    return (this.inventory.s3AclSwitches ?? []).some(({ scope }) => ('bucket' in scope ? scope.bucket === bucket : account !== undefined && scope.account === account));
  }

  /**
   * The bucket named `name` as far as the inventory can tell: its own entry, joined by the policy
   * of every pattern bucket whose glob matches the name. Such a policy may or may not be this
   * bucket's, so each of its statements is undecided: its Allows make conditional readers and its
   * Denies never remove one (docs/semantics.md#symbolic-unknowns).
   */
  bucketFor(name: string): S3Bucket | undefined {
    const exact = this.bucketsByName.get(name);
    const possible = this.patternBuckets.filter((b) => b.policy && matchesWildcard(b.name, name));
    if (possible.length === 0) return exact;
    const first = possible[0] as S3Bucket;
    const policies = [...(exact?.policy ? [exact.policy] : []), ...possible.map((b) => undecidedPolicy(b.policy as IamPolicy, b.namePattern?.why ?? b.name))];
    const account = exact?.account ?? first.account;
    return { name, ...(account ? { account } : {}), policy: joinPolicies(`bucket/${name} bucket policy`, policies), source: exact?.source ?? first.source };
  }
}

/**
 * Whether a name the inputs write (a glob where they cannot know it) may be `name` (itself a glob
 * for a pattern secret): some name matches both (`intersects`, the engine's glob relations).
 */
function mayName(written: string, name: string): boolean {
  return written === name || intersects(written, name);
}

/**
 * One ACL as a statement of the object's resource policy. Undecided (a condition the engine can
 * never decide) when the ACL or its names hold unknown parts, or when either name is a glob and
 * the two are not the same: the ACL may be another object's.
 */
function aclStatement(acl: S3ObjectAcl, resource: string, bucket: string, key: string): JsonValue {
  const groups = acl.readers.map((group) => (group === 'AllUsers' ? 'AllUsers (anyone)' : 'AuthenticatedUsers (any AWS account)')).join(' and ');
  const statement: { [key: string]: JsonValue } = { Sid: `${acl.written}: READ for ${groups}`, Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: resource };
  const elsewhere = acl.bucket !== bucket || acl.key !== key || /[*?]/.test(`${bucket}/${key}`)
    ? `the ACL is that of s3://${acl.bucket}/${acl.key}, which may or may not be this object` : undefined;
  const why = [acl.undecided, elsewhere].filter((w) => w !== undefined).join('; ');
  if (why !== '') statement['Condition'] = { StringEquals: { [UNRESOLVED_KEY]: why } };
  return statement;
}

/** The statements of a document in order (so indexes match `statementSources`), malformed ones kept. */
function statementsOf(document: JsonValue): JsonValue[] {
  return (rawStatements(document) ?? []).filter((st): st is JsonValue => st !== undefined);
}

/** The same policy with every statement conditional on `why`, which the engine can never decide. */
function undecidedPolicy(policy: IamPolicy, why: string): IamPolicy {
  const statements = statementsOf(policy.document).map((st): JsonValue => {
    if (!isJsonObject(st)) return st;
    const condition = isJsonObject(st['Condition']) ? { ...st['Condition'] } : {};
    const equals = isJsonObject(condition['StringEquals']) ? { ...condition['StringEquals'] } : {};
    equals[UNRESOLVED_KEY] = why;
    condition['StringEquals'] = equals;
    return { ...st, Condition: condition };
  });
  const base = isJsonObject(policy.document) ? policy.document : { Version: '2012-10-17' };
  return { ...policy, document: { ...base, Statement: statements } };
}

/** One resource policy holding the statements of several, each keeping its source. */
function joinPolicies(id: string, policies: IamPolicy[]): IamPolicy {
  if (policies.length === 1) return policies[0] as IamPolicy;
  const statements = policies.flatMap((p) => statementsOf(p.document));
  const statementSources = policies.flatMap((p) => statementsOf(p.document).map((_, i) => p.statementSources?.[i] ?? p.source));
  return { id, document: { Version: '2012-10-17', Statement: statements }, source: (policies[0] as IamPolicy).source, statementSources };
}
