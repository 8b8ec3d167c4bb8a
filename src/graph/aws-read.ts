import { GraphMemo } from './graph-memo.js';
import type { IamContextValue, IamDecision, IamPolicy } from '../model/iam.js';
import type { KmsKey } from '../model/inventory.js';
import type { JsonObject, JsonValue } from '../model/source.js';
import { isJsonObject, rawStatements, someString } from './policy-statements.js';
import type { Issue } from '../model/issue.js';
import type { Access } from './access.js';
import { decidingAllow, describeDecision, placeStep } from './access.js';
import { resolveKmsKey } from './aws-names.js';
import { keySidePolicy } from './kms-grants.js';
import { accountOfArn, parseArn } from '../engine/iam/index.js';
import type { InventoryIndex } from './inventory-index.js';
import { decide, isAllowed, type ResourceSide } from './iam-decider.js';
import type { PrincipalNode } from './principal-universe.js';
import type { AwsSecretResource } from './secret-targets.js';

const requestsOf = new GraphMemo<AwsSecretResource, { action: string; resource: string }[]>();
/** Reads of one AWS-held secret: the actions, of which any one suffices, and the resource they are asked on. */
export function readRequests(aws: AwsSecretResource): { action: string; resource: string }[] {
  let requests = requestsOf.get(aws);
  if (!requests) {
    requests = buildReadRequests(aws);
    requestsOf.set(aws, requests);
  }
  return requests;
}

/** Parameter hierarchy levels AWS allows (sysman-paramstore-su-create.html). */
const MAX_SSM_LEVELS = 15;

/**
 * The requests that return a secret's value. Besides the reads the contract names, two more return it:
 * `s3:GetObjectVersion`, which authorizes a GetObject naming a version, the current one included
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Versioning"), and
 * `ssm:GetParameterHistory`, which returns every version's value, decrypted on request
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameterHistory.html).
 */
function buildReadRequests(aws: AwsSecretResource): { action: string; resource: string }[] {
  if (aws.service === 's3') return [aws.arn, ...(aws.probes ?? [])].flatMap((resource) => [{ action: 's3:GetObject', resource }, { action: 's3:GetObjectVersion', resource }]);
  // A pattern secret is asked for under the glob of its ARNs (docs/semantics.md#symbolic-unknowns).
  const arn = aws.pattern?.arn ?? aws.arn;
  if (aws.service === 'secretsmanager') return [{ action: 'secretsmanager:GetSecretValue', resource: arn }];
  // GetParametersByPath is authorized on the path the caller asks for, i.e. any ancestor of the parameter.
  const requests = [
    { action: 'ssm:GetParameter', resource: arn },
    { action: 'ssm:GetParameters', resource: arn },
    { action: 'ssm:GetParameterHistory', resource: arn },
  ];
  const prefix = arn.slice(0, arn.indexOf(':parameter/') + ':parameter'.length);
  // AWS allows 15 levels; a name with more (invalid, already an SS011 where loaded) is asked about
  // its first 15 ancestors and its parent only, so the cost stays linear in the name's length.
  const name = (aws.pattern?.name ?? aws.name).replace(/^\//, '');
  const ends: number[] = [];
  for (let at = name.indexOf('/'); at >= 0; at = name.indexOf('/', at + 1)) ends.push(at);
  const asked = ends.length <= MAX_SSM_LEVELS ? ends : [...ends.slice(0, MAX_SSM_LEVELS), ends[ends.length - 1] as number];
  for (let i = asked.length - 1; i >= 0; i--) requests.push({ action: 'ssm:GetParametersByPath', resource: `${prefix}/${name.slice(0, asked[i])}` });
  return requests;
}

/**
 * Whether `node` can read the value of an AWS-held secret by itself (docs/semantics.md#iam-read): the read action
 * through identity, resource, boundary and SCP policies, and for encrypted values `kms:Decrypt`
 * through the key policy. Returns the access with one `iam-read` step, or undefined. `onlyActions`
 * keeps the reads a caller makes with particular actions (the ECS agent's, graph/ecs-access.ts).
 */
export function readAwsSecret(node: PrincipalNode, secretId: string, aws: AwsSecretResource, index: InventoryIndex, issues: IssueSink, prefilter?: ReadPrefilter, onlyActions?: ReadonlySet<string>): Access | undefined {
  const resourcePolicy = resourcePolicyOf(aws, index);
  const requests = onlyActions === undefined ? readRequests(aws) : readRequests(aws).filter((r) => onlyActions.has(r.action));
  const pattern = aws.service !== 's3' ? aws.pattern : undefined;
  // Who is asked is the caller's choice (graph/candidates.ts), and so is which of the read requests:
  // with no resource policy, one no identity Allow could match is denied without asking.
  const skips = prefilter !== undefined && !resourcePolicy && pattern === undefined;
  let best: { action: string; decision: IamDecision } | undefined;
  const side: ResourceSide = { policy: resourcePolicy ?? null, ...(aws.account ? { account: aws.account } : {}) };
  for (const { action, resource } of requests) {
    // Once a read is allowed conditionally, only an outright one is worth asking for.
    if (skips && !prefilter.identityMayAllow(node, action, resource, best !== undefined)) continue;
    const asked = pattern ? { ...side, pattern: { why: pattern.why, ...(resource === pattern.arn ? { standIn: aws.arn } : {}) } } : side;
    const decision = decide(node, action, resource, asked);
    if (!isAllowed(decision)) continue;
    if (!best || (best.decision.conditional && !decision.conditional)) best = { action, decision };
    if (!decision.conditional) break;
  }
  if (!best) return undefined;
  const read = best;
  const decrypt = decryptAccess(node, aws, index, issues, prefilter);
  if (decrypt === 'denied') return undefined;
  const allow = decidingAllow(read.decision);
  const readDetail = describeDecision(read.action, read.decision, allow);
  // Joined: one flat string rather than a tree of pieces (see describeDecision).
  const detail = decrypt === 'not-needed' ? readDetail : [readDetail, decrypt.detail].join('; ');
  const conditional = read.decision.conditional || (decrypt !== 'not-needed' && decrypt.conditional);
  const step = placeStep({ conditional, edge: 'iam-read', source: allow?.source, detail }, node.arn, secretId);
  return { conditional, steps: [step] };
}

/**
 * The resource policy AWS reads for a secret: a Secrets Manager secret's own; for an S3 object, its
 * bucket's, with the object's ACL grants (InventoryIndex.objectPolicy); for a parameter, what the
 * AWS RAM shares holding it grant (InventoryIndex.parameterPolicy).
 */
export function resourcePolicyOf(aws: AwsSecretResource, index: InventoryIndex): IamPolicy | undefined {
  if (aws.service === 'secretsmanager') return aws.secret?.policy;
  if (aws.service === 'ssm') return index.parameterPolicy(aws.pattern?.arn ?? aws.arn, aws.parameter?.policy);
  return index.objectPolicy(aws.bucket, aws.key, aws.account, aws.bucketInfo?.policy);
}

/**
 * Which requests need not be asked, because the engine could only deny them (graph/candidates.ts):
 * `identityMayAllow` is false only when no identity Allow of the node could match the request (with
 * `outright`, none could allow it outright); `mayAllowWith` is false only when, besides, the
 * resource's policy could not allow the node by naming it.
 */
export interface ReadPrefilter {
  identityMayAllow(node: PrincipalNode, action: string, resource: string, outright?: boolean): boolean;
  mayAllowWith(node: PrincipalNode, action: string, resource: string, policy: IamPolicy): boolean;
}

/** Collects issues once per key, however many principals ask. */
export class IssueSink {
  readonly issues: Issue[] = [];
  private readonly seen = new Set<string>();
  add(issue: Issue): void {
    const key = `${issue.code}|${issue.source.file}|${issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push(issue);
  }
}

type DecryptAccess = 'not-needed' | 'denied' | { conditional: boolean; detail: string };

/** What decrypting one secret's value takes, whoever asks: settled once per secret. */
type DecryptPlan =
  | { kind: 'not-needed' }
  | { kind: 'aws-managed' }
  | { kind: 'undecided'; answer: DecryptAccess; issue: Issue }
  | {
      kind: 'key';
      keyInfo: KmsKey & { policy: IamPolicy };
      keyAccount: string | undefined;
      viaService: string;
      encryptionContext: Record<string, string>;
      /** Keys of the encryption context whose values the inputs do not know (present in the request, values unknown). */
      contextKeysWithoutValue: string[];
      /** Names one decryption (key, service, key account) for the answers shared across secrets; undefined while the key's account must be assumed per principal. */
      sharedKey: string | undefined;
      /** The request context per caller account (`decryptContext`). */
      contexts: Map<string, Readonly<Record<string, IamContextValue>>>;
    };

const plans = new GraphMemo<AwsSecretResource, DecryptPlan>();

function decryptPlan(aws: AwsSecretResource, index: InventoryIndex): DecryptPlan {
  let plan = plans.get(aws);
  if (!plan) plans.set(aws, (plan = buildDecryptPlan(aws, index)));
  return plan;
}

function buildDecryptPlan(aws: AwsSecretResource, index: InventoryIndex): DecryptPlan {
  if (aws.service === 's3') return { kind: 'not-needed' };
  let keyRef: string;
  let viaService: string;
  let encryptionContext: Record<string, string>;
  let contextKeysWithoutValue: string[] = [];
  if (aws.service === 'ssm') {
    // Only SecureString values are encrypted; a parameter the inventory does not describe may be one.
    if (aws.parameter && aws.parameter.type !== 'SecureString') return { kind: 'not-needed' };
    if (!aws.parameter) return { kind: 'not-needed' };
    keyRef = aws.parameter.keyId ?? 'alias/aws/ssm';
    viaService = `ssm.${aws.region}.amazonaws.com`;
    encryptionContext = { 'kms:EncryptionContext:PARAMETER_ARN': aws.arn };
  } else {
    keyRef = aws.secret?.kmsKeyId ?? 'alias/aws/secretsmanager';
    viaService = `secretsmanager.${aws.region}.amazonaws.com`;
    encryptionContext = { 'kms:EncryptionContext:SecretARN': aws.arn };
    // Secrets Manager also names the version it encrypts (SecretVersionId), which the inputs do not know
    // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context).
    contextKeysWithoutValue = ['SecretVersionId'];
  }
  const key = resolveKmsKey(index, keyRef, aws.region);
  if (key.kind === 'aws-managed') return { kind: 'aws-managed' };
  if (key.kind === 'unknown' || !key.key.policy) {
    const source = aws.service === 'ssm' ? aws.parameter?.source : aws.secret?.source;
    return {
      kind: 'undecided',
      answer: { conditional: true, detail: `kms:Decrypt on ${keyRef} undecided: key policy not in inventory` },
      issue: {
        code: 'kmsKeyPolicyMissing',
        message: `the key policy of KMS key ${keyRef} is not in the inventory; decryption is assumed possible (add \`aws kms get-key-policy\` output as KEY-ID.key-policy.json)`,
        source: source ?? { file: 'secret-scan:inventory' },
      },
    };
  }
  const keyInfo = key.key as KmsKey & { policy: IamPolicy };
  const keyAccount = keyInfo.account ?? accountOfArn(keyInfo.arn);
  const sharedKey = keyAccount !== undefined ? `${keyInfo.arn}\u0000${viaService}\u0000${keyAccount}` : undefined;
  return { kind: 'key', keyInfo, keyAccount, viaService, encryptionContext, contextKeysWithoutValue, sharedKey, contexts: new Map() };
}

function decryptAccess(node: PrincipalNode, aws: AwsSecretResource, index: InventoryIndex, issues: IssueSink, prefilter: ReadPrefilter | undefined): DecryptAccess {
  const plan = decryptPlan(aws, index);
  if (plan.kind === 'not-needed') return 'not-needed';
  // AWS managed keys let every principal of the account that may read the value decrypt it (docs/semantics.md#iam-read),
  // and nobody else: their key policies cannot be changed to admit other accounts
  // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html).
  // `*` stands for principals of other accounts; the account's own are listed one by one, or,
  // when the inventory lists none of them, stood for by the account's root (principal-universe.ts).
  // A principal a policy names by an expression the inputs cannot resolve may be one of the
  // account's own: it decrypts if it is, so its read stays, conditionally.
  if (plan.kind === 'aws-managed') {
    if (node.kind === 'symbolic' && node.account === undefined) return { conditional: true, detail: `kms:Decrypt with the AWS managed key of ${aws.service === 'ssm' ? 'SSM' : 'Secrets Manager'}: only if the principal is in the secret's account, which is not known` };
    return node.account !== undefined && node.account === aws.account ? 'not-needed' : 'denied';
  }
  if (plan.kind === 'undecided') {
    issues.add(plan.issue);
    return plan.answer;
  }
  const { keyInfo, keyAccount, viaService } = plan;
  // A key whose account no input names (a key policy dump alone) is most likely in the secret's
  // account: it is asked there, and the answer is only possible, never certain nor impossible (docs/semantics.md#identities).
  const assumedAccount = keyAccount === undefined ? aws.account ?? node.account : undefined;
  const keyArn = assumedAccount === undefined ? keyInfo.arn : withAccount(keyInfo.arn, assumedAccount);
  // Hundreds of secrets share a key: unless some policy in the decision reads the encryption
  // context (the one part of the request that names the secret), one answer per principal, key
  // and service serves them all.
  const keyPolicy = keySidePolicy(keyInfo);
  const shared = !sameForEverySecret(node, keyPolicy) ? undefined
    : plan.sharedKey ?? `${keyArn}\u0000${viaService}\u0000${assumedAccount ?? ''}`;
  let answers = shared === undefined ? undefined : decryptAnswers.get(node);
  const known = shared === undefined ? undefined : answers?.get(shared);
  if (known !== undefined) return known;
  // A key policy must allow, by naming the principal or by delegating to its account's IAM policies,
  // which must then allow kms:Decrypt (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
  const answer = keyPolicy !== undefined && prefilter !== undefined && !mayDecrypt(node, keyArn, keyPolicy, prefilter)
    ? 'denied' : decryptDecision(node, plan, keyPolicy, keyArn, assumedAccount);
  if (shared !== undefined) {
    if (!answers) decryptAnswers.set(node, (answers = new Map()));
    answers.set(shared, answer);
  }
  return answer;
}

const decryptAnswers = new GraphMemo<PrincipalNode, Map<string, DecryptAccess>>();

// Asked once per principal and key: the prefilter's answer does not depend on the secret.
const mayDecryptWith = new GraphMemo<PrincipalNode, Map<string, boolean>>();
function mayDecrypt(node: PrincipalNode, keyArn: string, keyPolicy: IamPolicy, prefilter: ReadPrefilter): boolean {
  let known = mayDecryptWith.get(node);
  if (!known) mayDecryptWith.set(node, (known = new Map()));
  let may = known.get(keyArn);
  if (may === undefined) known.set(keyArn, (may = prefilter.mayAllowWith(node, 'kms:Decrypt', keyArn, keyPolicy)));
  return may;
}

function decryptDecision(node: PrincipalNode, plan: Extract<DecryptPlan, { kind: 'key' }>, keyPolicy: IamPolicy | undefined, keyArn: string, assumedAccount: string | undefined): DecryptAccess {
  const { keyInfo, keyAccount } = plan;
  // The key policy with the key's grants (graph/kms-grants.ts).
  const decision = decide(node, 'kms:Decrypt', keyArn, { policy: keyPolicy ?? null, isKmsKey: true, ...(keyAccount ?? assumedAccount ? { account: (keyAccount ?? assumedAccount) as string } : {}) }, decryptContext(plan, node.account ?? ''));
  if (!isAllowed(decision)) return 'denied';
  const detail = describeDecision(`kms:Decrypt on ${keyInfo.keyId}`, decision);
  if (assumedAccount !== undefined) return { conditional: true, detail: `${detail} (the key's account is not known; assumed ${assumedAccount})` };
  return { conditional: decision.conditional, detail };
}

/**
 * The request context of decrypting the secret's value for a caller in `callerAccount`: one frozen
 * object per secret and account, so that the engine reads it once, whoever asks.
 */
function decryptContext(plan: Extract<DecryptPlan, { kind: 'key' }>, callerAccount: string): Readonly<Record<string, IamContextValue>> {
  let context = plan.contexts.get(callerAccount);
  if (!context) {
    const { viaService, encryptionContext } = plan;
    context = Object.freeze({
      'kms:ViaService': viaService,
      'kms:CallerAccount': callerAccount,
      'aws:ViaAWSService': true,
      'kms:EncryptionContextKeys': [...Object.keys(encryptionContext).map((k) => k.slice('kms:EncryptionContext:'.length)), ...plan.contextKeysWithoutValue],
      ...encryptionContext,
    });
    plan.contexts.set(callerAccount, context);
  }
  return context;
}

/**
 * True when no policy that takes part in `node`'s decryption with this key reads the encryption
 * context: no condition key naming it, and no policy variable (which could name any context key).
 * Then the decision is the same for every secret under the key. Unreadable parts count as reading
 * it, so that nothing undecided is shared by mistake.
 */
function sameForEverySecret(node: PrincipalNode, keyPolicy: IamPolicy | undefined): boolean {
  if (keyPolicy !== undefined && readsContext(keyPolicy)) return false;
  let nodeReads = nodesReadingContext.get(node);
  if (nodeReads === undefined) {
    const policies = [
      ...(node.identity === 'unknown' ? [] : node.identity),
      ...(node.boundary ? [node.boundary] : []),
      ...node.scps.flatMap((level) => level.policies),
      ...node.possibleScps,
    ];
    nodeReads = policies.some(readsContext);
    nodesReadingContext.set(node, nodeReads);
  }
  return !nodeReads;
}

const nodesReadingContext = new GraphMemo<PrincipalNode, boolean>();
const contextReaders = new GraphMemo<IamPolicy, boolean>();
function readsContext(policy: IamPolicy): boolean {
  let reads = contextReaders.get(policy);
  if (reads === undefined) {
    const statements = rawStatements(policy.document);
    reads = statements === undefined || statements.some((st) => isJsonObject(st) && statementReadsContext(st));
    contextReaders.set(policy, reads);
  }
  return reads;
}

function statementReadsContext(statement: JsonObject): boolean {
  if (hasVariable(statement['Resource']) || hasVariable(statement['NotResource'])) return true;
  const condition = statement['Condition'];
  if (condition === undefined) return false;
  if (!isJsonObject(condition)) return true;
  for (const operator in condition) {
    const entry = condition[operator];
    if (!isJsonObject(entry)) return true;
    for (const key in entry) if (/encryptioncontext/i.test(key) || hasVariable(entry[key])) return true;
  }
  return false;
}

function hasVariable(value: JsonValue | undefined): boolean {
  return someString(value, holdsVariable);
}

// Made once: a closure per call was most of what reading every policy for context keys allocated.
const holdsVariable = (member: string): boolean => member.includes('${');

/** The ARN with its account field replaced. */
function withAccount(arn: string, account: string): string {
  const parsed = parseArn(arn);
  return parsed ? `arn:${parsed.partition}:${parsed.service}:${parsed.region}:${account}:${parsed.resource}` : arn;
}
