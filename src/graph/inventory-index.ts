import { matchesWildcard } from '../engine/iam/wildcard.js';
import type { IamPolicy } from '../model/iam.js';
import type { IncompleteListing, Inventory, KmsAlias, KmsKey, S3Bucket, SecretsManagerSecret, SsmParameter } from '../model/inventory.js';
import type { JsonValue } from '../model/source.js';
import { UNRESOLVED_KEY } from '../model/unknowns.js';
import { isJsonObject, rawStatements } from './policy-statements.js';

/** Lookups by name and ARN over one inventory, built once per scan so the graph never scans lists. */
export class InventoryIndex {
  readonly ssmByArn = new Map<string, SsmParameter>();
  readonly ssmByName = new Map<string, SsmParameter>();
  readonly secretsByArn = new Map<string, SecretsManagerSecret>();
  readonly secretsByName = new Map<string, SecretsManagerSecret[]>();
  readonly keysById = new Map<string, KmsKey>();
  readonly aliasesByName = new Map<string, KmsAlias>();
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
    for (const key of inventory.kmsKeys) this.keysById.set(key.keyId, key);
    for (const alias of inventory.kmsAliases) {
      this.aliasesByName.set(alias.name, alias);
      if (alias.targetKeyId && alias.name.startsWith('alias/aws/')) this.awsAliasByKeyId.set(alias.targetKeyId, alias.name);
    }
    for (const bucket of inventory.buckets) {
      if (bucket.namePattern) this.patternBuckets.push(bucket);
      else this.bucketsByName.set(bucket.name, bucket);
    }
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
