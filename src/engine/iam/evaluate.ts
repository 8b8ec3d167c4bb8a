/**
 * AWS's decision flow over compiled policies: explicit deny wins; SCPs cap the principal's account;
 * same-account requests are allowed by identity (within the permissions boundary) or by a
 * resource policy naming the principal; cross-account requests need both sides; KMS key policies
 * must allow, alone or by delegating to the account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 *
 * Everything is three-valued (no < unknown < yes): an undecided Allow yields a conditional Allow,
 * an undecided Deny never removes access but makes the Allow conditional.
 */
import { statementsFor } from './statement-index.js';
import { BoundedCache } from '../bounded-cache.js';
import type { IamDecision, IamReason, IamRequest, UndecidedCondition } from '../../model/iam.js';
import { accountOfArn } from './arn.js';
import type { CompiledIamPolicy, CompiledStatement } from './compile.js';
import { describePrincipal } from './principal.js';
import { RequestContext } from './request-context.js';
import { evaluateStatement, type PreparedRequest, type StatementOutcome } from './statement.js';

/** A policy set whose policies are already compiled (compile once, evaluate many times). */
export interface CompiledIamPolicySet {
  identity: CompiledIamPolicy[] | 'unknown';
  resource?: CompiledIamPolicy | null;
  permissionBoundary?: CompiledIamPolicy | null;
  /** One entry per level of the organization path (root, OUs, account); see `IamPolicySet.scps`. */
  scps?: CompiledScpLevel[];
  /** SCPs whose place on the path is not known; see `IamPolicySet.possibleScps`. */
  possibleScps?: CompiledIamPolicy[];
  resourceIsKmsKey?: boolean;
  resourceIsTrustPolicy?: boolean;
}

export interface CompiledScpLevel {
  target: string;
  policies: CompiledIamPolicy[];
  incomplete?: boolean;
}

type PolicyType = IamReason['policyType'];
type V = 0 | 1 | 2;

interface Hit {
  policy: CompiledIamPolicy;
  type: PolicyType;
  st: CompiledStatement;
  outcome: StatementOutcome;
  v: V;
  note?: string;
}

/** `missing` says why a "no" is a no; built lazily (most requests are denied and need no text). */
interface Term { v: V; hits: readonly Hit[]; missing: string | Term[] }

function missingText(t: Term): string {
  return typeof t.missing === 'string' ? t.missing : t.missing.map(missingText).filter((m) => m !== '').join('; ');
}

const IDENTITY_UNKNOWN_NOTE = 'identity policies of this principal are not in the inventory: assumed to allow anything (and to deny nothing)';

function collect(policy: CompiledIamPolicy, type: PolicyType, req: PreparedRequest, withPrincipal: boolean, allows: Hit[], denies: Hit[]): void {
  // Indexed, not for…of: without inlining (src/v8-tuning.ts) every step of an array iterator is an object.
  const statements = statementsFor(policy, req);
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i] as CompiledStatement;
    const outcome = evaluateStatement(st, req, withPrincipal, true);
    if (outcome.state === 'no') continue;
    const hit: Hit = { policy, type, st, outcome, v: outcome.state === 'yes' ? 2 : 1 };
    // An unreadable Effect counts as a possible Allow: doubt never removes access.
    (st.effect === 'Deny' ? denies : allows).push(hit);
  }
}

function term(hits: Hit[], missing: string): Term {
  let v: V = 0;
  let mixed = false;
  for (const h of hits) {
    if (h.v > v) { if (v !== 0) mixed = true; v = h.v; } else if (h.v < v) mixed = true;
  }
  if (v === 0) return { v, hits: [], missing };
  return { v, hits: mixed ? hits.filter((h) => h.v === v) : hits, missing };
}

const YES: Term = { v: 2, hits: [], missing: '' };

/**
 * Logical AND of two or three terms; the explanation of what is missing is only built when the
 * result is "no". Fixed arity and shared hit lists: the engine joins terms several times per
 * request, tens of thousands of requests per scan, and most terms hold no hits at all.
 */
function and(a: Term, b: Term, c?: Term): Term {
  let v: V = a.v < b.v ? a.v : b.v;
  if (c !== undefined && c.v < v) v = c.v;
  const hits = joinHits(a.hits, b.hits, c?.hits);
  if (v !== 0) return { v, hits, missing: '' };
  const missing: Term[] = [];
  for (const t of c === undefined ? [a, b] : [a, b, c]) if (t.v === 0) missing.push(t);
  return { v, hits, missing };
}

/** AND of any number of terms (one per SCP level). */
function andAll(terms: readonly Term[]): Term {
  let result = terms[0] ?? YES;
  for (let i = 1; i < terms.length; i++) result = and(result, terms[i] as Term);
  return result;
}

function or(a: Term, b: Term, c?: Term): Term {
  let v: V = a.v > b.v ? a.v : b.v;
  if (c !== undefined && c.v > v) v = c.v;
  if (v === 0) {
    let best = a;
    if (b.hits.length > best.hits.length) best = b;
    if (c !== undefined && c.hits.length > best.hits.length) best = c;
    return { v, hits: best.hits, missing: best.missing };
  }
  const hits = joinHits(a.v === v ? a.hits : NO_HITS, b.v === v ? b.hits : NO_HITS, c !== undefined && c.v === v ? c.hits : NO_HITS);
  return { v, hits, missing: '' };
}

const NO_HITS: readonly Hit[] = Object.freeze([]);

/** The hits of up to three terms in order; a list is shared, not copied, when it is the only non-empty one (no caller mutates them). */
function joinHits(a: readonly Hit[], b: readonly Hit[], c: readonly Hit[] = NO_HITS): readonly Hit[] {
  if (b.length === 0 && c.length === 0) return a;
  if (a.length === 0 && c.length === 0) return b;
  if (a.length === 0 && b.length === 0) return c;
  return a.concat(b, c);
}

function toReason(h: Hit): IamReason {
  const r: IamReason = {
    policyId: h.policy.id,
    policyType: h.type,
    statementIndex: h.st.index,
    effect: h.st.effect ?? 'Allow',
    // A fresh array: statement outcomes share a frozen empty one.
    undecided: h.outcome.undecided.length > 0 ? [...h.outcome.undecided] : [],
  };
  if (h.st.sid !== undefined) r.sid = h.st.sid;
  r.source = h.st.source;
  if (h.note) r.note = h.note;
  return r;
}

const actionCache = new BoundedCache<{ action: string; service: string }>(10_000);

/** Lower-cased action and its service prefix, cached: a scan asks about a handful of actions. */
function splitAction(raw: string): { action: string; service: string } {
  return actionCache.get(raw, readAction);
}

function readAction(raw: string): { action: string; service: string } {
  const action = raw.toLowerCase();
  const colon = action.indexOf(':');
  return { action, service: colon < 0 ? action : action.slice(0, colon) };
}

/** Evaluates a request against compiled policies with AWS's documented semantics. Pure and deterministic. */
export function evaluateCompiledIamRequest(request: IamRequest, set: CompiledIamPolicySet): IamDecision {
  const who = describePrincipal(request.principal);
  const resourceAccount = request.resourceAccount ?? accountOfArn(request.resource);
  const { action, service } = splitAction(request.action);
  const principalSide = who.kind !== 'anonymous' && who.kind !== 'service';
  const req: PreparedRequest = {
    action,
    service,
    resource: request.resource,
    resourcePattern: request.resourcePattern,
    resourceStandIn: request.resourceStandIn,
    who,
    principalStandIns: request.principalStandIns,
    ctx: new RequestContext(request, who, resourceAccount),
    hasBoundary: principalSide && !!set.permissionBoundary,
  };

  const denies: Hit[] = [];
  const identityAllows: Hit[] = [];
  const resourceAllows: Hit[] = [];
  const boundaryAllows: Hit[] = [];
  if (principalSide && set.identity !== 'unknown') for (const p of set.identity) collect(p, 'identity', req, false, identityAllows, denies);
  if (set.resource) collect(set.resource, 'resource', req, true, resourceAllows, denies);
  const boundary = principalSide ? set.permissionBoundary : undefined;
  if (boundary) collect(boundary, 'boundary', req, false, boundaryAllows, denies);
  const scpTerms = principalSide ? scpLevelTerms(set, req, denies) : [];

  const certainDenies = denies.length === 0 ? denies : denies.filter((d) => d.v === 2);
  if (certainDenies.length > 0) return { decision: 'ExplicitDeny', conditional: false, reasons: certainDenies.map(toReason) };

  const identityTerm: Term = set.identity === 'unknown'
    ? { v: 2, hits: [unknownIdentityHit()], missing: '' }
    : term(identityAllows, 'identity policies do not allow');
  const boundaryTerm = boundary ? term(boundaryAllows, 'permissions boundary does not allow') : YES;
  const scpTerm = scpTerms.length > 0 ? andAll(scpTerms) : YES;

  let result: Term;
  let accountNote: string | undefined;
  if (!set.resource && principalSide) {
    // No resource policy: identity (within boundary and SCPs) decides, same- or cross-account alike
    // (cross-account with no resource policy cannot be allowed).
    const sameAccount = who.account !== undefined && resourceAccount !== undefined ? who.account === resourceAccount : undefined;
    const kmsOrCross = mustAllow(set) || sameAccount === false;
    result = kmsOrCross ? { v: 0, hits: identityTerm.hits, missing: mustAllow(set) ? `no ${resourceName(set)} allows` : 'no resource policy allows the cross-account request' } : and(scpTerm, identityTerm, boundaryTerm);
    if (!kmsOrCross && sameAccount === undefined && result.v > 0) {
      result = { ...result, v: 1 as V };
      accountNote = unknownAccountNote(who.account, resourceAccount);
    }
  } else {
    const r = decideWithResourcePolicy(set, resourceAllows, identityTerm, boundaryTerm, scpTerm, principalSide, who.account, resourceAccount);
    result = r.result;
    accountNote = r.accountNote;
  }

  if (result.v === 0) {
    const missing = result.hits.length > 0 ? missingText(result) : '';
    const note = missing ? `applies, but the request is not allowed: ${missing}` : undefined;
    return { decision: 'ImplicitDeny', conditional: false, reasons: result.hits.map((h) => toReason(note && !h.note ? { ...h, note } : h)) };
  }
  const possibleDenies = denies.length === 0 ? denies : denies.filter((d) => d.v === 1);
  const reasons = [...result.hits, ...possibleDenies].map(toReason);
  if (accountNote) {
    // Not a statement: the engine's own note on the request, which names no policy or source.
    const key = who.account === undefined ? 'aws:PrincipalAccount' : 'aws:ResourceAccount';
    reasons.push({ policyId: request.resource, policyType: 'resource', statementIndex: -1, effect: 'Allow', undecided: [{ operator: 'SameAccount', key, values: [], why: accountNote }], note: accountNote });
  }
  return { decision: 'Allow', conditional: result.v === 1 || possibleDenies.length > 0, reasons };
}

/** Why an answer that same-account rules allow is only possible: which of the two accounts is not known. */
function unknownAccountNote(principalAccount: string | undefined, resourceAccount: string | undefined): string {
  const unknown = principalAccount === undefined && resourceAccount === undefined ? 'neither the principal\'s account nor the resource\'s is known'
    : principalAccount === undefined ? 'the principal\'s account is not known' : 'the resource account is not known';
  return `${unknown}, so same-account rules were assumed`;
}

/** The decision when a resource (or key) policy takes part. */
function decideWithResourcePolicy(
  set: CompiledIamPolicySet, resourceAllows: Hit[], identityTerm: Term, boundaryTerm: Term, scpTerm: Term,
  principalSide: boolean, principalAccount: string | undefined, resourceAccount: string | undefined,
): { result: Term; accountNote?: string } {
  const kms = mustAllow(set);
  const resName = resourceName(set);
  if (!principalSide) return { result: term(resourceAllows, `${resName} does not allow this caller`) };
  const viaAccount: Hit[] = [];
  const directCapped: Hit[] = [];
  const directFree: Hit[] = [];
  for (const h of resourceAllows) {
    const kind = h.outcome.principal?.kind;
    if (kind === 'account') { h.note = 'grant to the account (root) delegates to IAM: the principal\'s own policies must allow too'; viaAccount.push(h); }
    // AWS: a grant to a role ARN is limited by the role's permissions boundary; grants to a user ARN or a session ARN are not.
    else if (kind === 'role') directCapped.push(h);
    else directFree.push(h);
  }
  const identitySide = and(identityTerm, boundaryTerm);
  const same = (): Term => {
    const resourceDirect = or(term(directFree, `${resName} does not name the principal`), and(term(directCapped, `${resName} does not name the principal`), boundaryTerm));
    const viaIam = and(term(viaAccount, `${resName} does not allow`), identitySide);
    return kms ? or(resourceDirect, viaIam) : or(identitySide, resourceDirect, viaIam);
  };
  const cross = (): Term => and(identitySide, or(term([...directFree, ...directCapped], `${resName} does not allow the principal`), term(viaAccount, `${resName} does not allow the principal's account`)));
  const sameAccount = principalAccount !== undefined && resourceAccount !== undefined ? principalAccount === resourceAccount : undefined;
  if (sameAccount === true) return { result: and(scpTerm, same()) };
  if (sameAccount === false) return { result: and(scpTerm, cross()) };
  const s = same();
  // Same-account rules are never narrower; if cross-account ones would say less, the answer is only possible.
  if (cross().v < s.v) return { result: and(scpTerm, { ...s, v: 1 }), accountNote: unknownAccountNote(principalAccount, resourceAccount) };
  return { result: and(scpTerm, s) };
}

/**
 * One term per SCP level: some SCP attached at the level must allow. Denies of attached SCPs go
 * to `denies` as they are; those of SCPs whose placement is unknown become undecided (they never
 * remove access), and their Allows may satisfy any level, conditionally. A level that may hold
 * SCPs the inputs do not show allows conditionally when none of its known SCPs does.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
function scpLevelTerms(set: CompiledIamPolicySet, req: PreparedRequest, denies: Hit[]): Term[] {
  const levels = set.scps ?? [];
  const possibleAllows: Hit[] = [];
  for (const scp of set.possibleScps ?? []) {
    const allows: Hit[] = [];
    const maybeDenies: Hit[] = [];
    collect(scp, 'scp', req, false, allows, maybeDenies);
    const placement = placementUndecided(scp.id);
    for (const h of maybeDenies) denies.push(possibly(h, placement, 'SCP whose placement is not known: its Deny may apply, so it does not remove access but makes it conditional'));
    for (const h of allows) possibleAllows.push(possibly(h, placement, 'SCP whose placement is not known: it may be attached at a level where no known SCP allows'));
  }
  const terms: Term[] = [];
  for (const level of levels) {
    const allows: Hit[] = [];
    for (const scp of level.policies) collect(scp, 'scp', req, false, allows, denies);
    let t = term(allows, `no SCP attached at ${level.target} allows`);
    if (t.v === 0) {
      const others = level.incomplete ? [...possibleAllows, incompleteLevelHit(level.target)] : possibleAllows;
      if (others.length > 0) t = { v: 1, hits: others, missing: '' };
    }
    terms.push(t);
  }
  return terms;
}

const SCP_PLACEMENT_KEY = 'secret-scan:ScpPlacement';

function placementUndecided(policyId: string): UndecidedCondition {
  return { operator: 'ScpPlacement', key: SCP_PLACEMENT_KEY, values: [policyId], why: `the inputs do not say whether ${policyId} is attached on this account's path` };
}

function possibly(h: Hit, why: UndecidedCondition, note: string): Hit {
  return { ...h, v: 1, outcome: { ...h.outcome, state: 'unknown', undecided: [...h.outcome.undecided, why] }, note };
}

function incompleteLevelHit(target: string): Hit {
  const id = `(SCPs at ${target} not all in the inputs)`;
  const source = { file: 'secret-scan:scp-level', pointer: target };
  const policy: CompiledIamPolicy = { policy: { id, document: null, source }, id, variablesEnabled: false, statements: [], byService: new Map(), anyService: [] };
  const st: CompiledStatement = { index: -1, effect: 'Allow', notAction: false, notResource: false, conditions: [], malformed: [], source };
  const undecided: UndecidedCondition = { operator: 'ScpAttachment', key: 'secret-scan:ScpAttachedAt', values: [target], why: `no SCP the inputs show at ${target} allows; an SCP they do not show (such as FullAWSAccess) may be attached there` };
  return { policy, type: 'scp', st, outcome: { state: 'unknown', undecided: [undecided] }, v: 1, note: undecided.why };
}

function unknownIdentityHit(): Hit {
  const policy: CompiledIamPolicy = { policy: { id: '(identity policies not in inventory)', document: null, source: { file: 'secret-scan:unknown-identity' } }, id: '(identity policies not in inventory)', variablesEnabled: false, statements: [], byService: new Map(), anyService: [] };
  const st: CompiledStatement = { index: -1, effect: 'Allow', notAction: false, notResource: false, conditions: [], malformed: [], source: { file: 'secret-scan:unknown-identity' } };
  return { policy, type: 'identity', st, outcome: { state: 'yes', undecided: [] }, v: 2, note: IDENTITY_UNKNOWN_NOTE };
}

/** Key policies and role trust policies must explicitly allow the principal (AWS evaluation logic). */
function mustAllow(set: CompiledIamPolicySet): boolean {
  return set.resourceIsKmsKey === true || set.resourceIsTrustPolicy === true;
}

function resourceName(set: CompiledIamPolicySet): string {
  return set.resourceIsKmsKey ? 'key policy' : set.resourceIsTrustPolicy ? 'trust policy' : 'resource policy';
}
