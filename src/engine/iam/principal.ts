/**
 * Who is asking, and whether a `Principal` / `NotPrincipal` element names them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
import type { JsonValue } from '../../model/source.js';
import { isAccountId, parseArn } from './arn.js';
import { BoundedCache } from '../bounded-cache.js';

export type PrincipalKind = 'anonymous' | 'user' | 'role' | 'session' | 'root' | 'federated-user' | 'service' | 'other';

/** What the engine knows about the requesting principal, derived from its ARN once per request. */
export interface PrincipalInfo {
  raw: string;
  kind: PrincipalKind;
  account?: string;
  partition?: string;
  /** Value of `aws:PrincipalArn`: the role ARN for a role or one of its sessions. */
  principalArn?: string;
  /** Role name (last path segment) for a role or a session. */
  roleName?: string;
  userName?: string;
  sessionName?: string;
}

const principalCache = new BoundedCache<PrincipalInfo>(50_000);

/**
 * Reads a request principal string: ARN, `*` (anonymous) or a service principal name. The result
 * is cached and frozen (the graph asks about the same principals over and over).
 */
export function describePrincipal(raw: string): PrincipalInfo {
  return principalCache.get(raw, frozenPrincipal);
}

function frozenPrincipal(raw: string): PrincipalInfo {
  return Object.freeze(readPrincipal(raw));
}

function readPrincipal(raw: string): PrincipalInfo {
  if (raw === '*') return { raw, kind: 'anonymous' };
  const arn = parseArn(raw);
  if (!arn) {
    if (isAccountId(raw)) return { raw, kind: 'root', account: raw, partition: 'aws', principalArn: `arn:aws:iam::${raw}:root` };
    if (raw.endsWith('.amazonaws.com') || raw.endsWith('.amazonaws.com.cn')) return { raw, kind: 'service' };
    return { raw, kind: 'other' };
  }
  const base = { raw, account: arn.account, partition: arn.partition };
  if (arn.service === 'iam') {
    if (arn.resource === 'root') return { ...base, kind: 'root', principalArn: raw };
    if (arn.resource.startsWith('user/')) {
      return { ...base, kind: 'user', principalArn: raw, userName: lastSegment(arn.resource) };
    }
    if (arn.resource.startsWith('role/')) {
      return { ...base, kind: 'role', principalArn: raw, roleName: lastSegment(arn.resource) };
    }
  }
  if (arn.service === 'sts') {
    if (arn.resource.startsWith('assumed-role/')) {
      const [, roleName = '', ...session] = arn.resource.split('/');
      // The session ARN drops the role's path; aws:PrincipalArn is rebuilt without it (pass it in context when the path matters).
      return {
        ...base,
        kind: 'session',
        roleName,
        sessionName: session.join('/'),
        principalArn: `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`,
      };
    }
    if (arn.resource.startsWith('federated-user/')) return { ...base, kind: 'federated-user', principalArn: raw };
  }
  return { ...base, kind: 'other', principalArn: raw };
}

function lastSegment(resource: string): string {
  return resource.slice(resource.lastIndexOf('/') + 1);
}

/**
 * How a statement's principal element matched:
 * `any` (`*`), `account` (root ARN or bare account id: a delegation to the account),
 * `user` / `role` / `session` (named directly, by which kind of ARN), `other` (service, federated,
 * canonical user, NotPrincipal), `none`, or `unknown` (cannot be decided; `why` says why).
 */
export type PrincipalMatch =
  | { kind: 'any' | 'account' | 'user' | 'role' | 'session' | 'other' }
  | { kind: 'none' }
  | { kind: 'unknown'; why: string };

export interface CompiledPrincipal {
  negated: boolean;
  any: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonical: string[];
  /** Set when the element could not be read; matching is then undecided. */
  malformed?: string;
}

/** Reads a `Principal` or `NotPrincipal` value (string `*` or an object of string-or-array lists). */
export function compilePrincipal(value: JsonValue, negated: boolean): CompiledPrincipal {
  const out: CompiledPrincipal = { negated, any: false, aws: [], service: [], federated: [], canonical: [] };
  if (value === '*') { out.any = true; return out; }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out.malformed = `${negated ? 'NotPrincipal' : 'Principal'} must be "*" or an object`;
    return out;
  }
  for (const [key, raw] of Object.entries(value)) {
    const list = Array.isArray(raw) ? raw : [raw];
    if (!list.every((v): v is string => typeof v === 'string')) {
      out.malformed = `${key} principal values must be strings`;
      continue;
    }
    switch (key) {
      case 'AWS':
        for (const v of list) { if (v === '*') out.any = true; else out.aws.push(v); }
        break;
      case 'Service': out.service.push(...list); break;
      case 'Federated': out.federated.push(...list); break;
      case 'CanonicalUser': out.canonical.push(...list); break;
      default: out.malformed = `unknown principal type ${key}`;
    }
  }
  return out;
}

const RANK: Record<PrincipalMatch['kind'], number> = { none: 0, unknown: 1, account: 2, role: 3, session: 4, user: 4, other: 4, any: 4 };

/** Matches the requesting principal against a compiled Principal/NotPrincipal element. */
export function matchPrincipal(element: CompiledPrincipal, who: PrincipalInfo, standIns?: ReadonlySet<string>): PrincipalMatch {
  if (element.negated) return matchNotPrincipal(element, who);
  let best: PrincipalMatch = element.malformed ? { kind: 'unknown', why: element.malformed } : { kind: 'none' };
  if (element.any) return { kind: 'any' };
  for (const v of element.aws) {
    const m = matchAwsValue(v, who, standIns);
    if (RANK[m.kind] > RANK[best.kind]) best = m;
  }
  if (who.kind === 'service' || who.kind === 'other' || who.kind === 'federated-user') {
    if (element.service.includes(who.raw) || element.federated.includes(who.raw) || element.canonical.includes(who.raw)) {
      return { kind: 'other' };
    }
  }
  return best;
}

function matchAwsValue(v: string, who: PrincipalInfo, standIns: ReadonlySet<string> | undefined): PrincipalMatch {
  // The very string the request carries: also how a stand-in (a generated role name, one
  // symbolic principal the inputs cannot name) matches itself and nothing else.
  if (v === who.raw && who.kind !== 'anonymous') {
    if (who.kind === 'user' || who.kind === 'role' || who.kind === 'session') return { kind: who.kind };
    if (who.kind === 'root') return { kind: 'account' };
    return { kind: 'other' };
  }
  if (isAccountId(v)) return who.account === v && who.kind !== 'service' ? { kind: 'account' } : { kind: 'none' };
  const arn = parseArn(v);
  if (!arn) return { kind: 'none' }; // a unique id (AIDA…/AROA…) left behind by a deleted principal matches no one
  // A declared principal whose name is made at deploy, named by its stand-in: that principal, and it is not the caller.
  if (standIns?.has(v)) return { kind: 'none' };
  if (/[*?]/.test(v)) return who.account === undefined || arn.account === who.account || arn.account.includes('*')
    ? { kind: 'unknown', why: `wildcard in principal ARN ${v} is not valid in a Principal element` }
    : { kind: 'none' };
  if (arn.partition !== who.partition || arn.account !== who.account) return { kind: 'none' };
  if (arn.service === 'iam' && arn.resource === 'root') return { kind: 'account' };
  if (v === who.raw) {
    if (who.kind === 'user') return { kind: 'user' };
    if (who.kind === 'role') return { kind: 'role' };
    if (who.kind === 'session') return { kind: 'session' };
    return { kind: 'other' };
  }
  if (who.kind === 'session' && arn.service === 'iam' && arn.resource.startsWith('role/') && lastSegment(arn.resource) === who.roleName) {
    return { kind: 'role' };
  }
  if (who.kind === 'role' && arn.service === 'sts' && arn.resource.startsWith(`assumed-role/${who.roleName}/`)) {
    return { kind: 'unknown', why: `grant names one session (${v}) of this role; the request's session name is not known` };
  }
  return { kind: 'none' };
}

/**
 * NotPrincipal applies unless every identity the request carries is listed: the principal's own
 * ARN and its account (AWS's documented need to list the account too). For a role standing for
 * any of its sessions, the role ARN counts as listing it.
 */
function matchNotPrincipal(element: CompiledPrincipal, who: PrincipalInfo): PrincipalMatch {
  if (element.malformed) return { kind: 'unknown', why: element.malformed };
  if (element.any) return { kind: 'none' };
  if (who.kind === 'anonymous') return { kind: 'other' };
  if (who.kind === 'service' || who.kind === 'other' && who.account === undefined) {
    const listed = element.service.includes(who.raw) || element.federated.includes(who.raw) || element.canonical.includes(who.raw);
    return listed ? { kind: 'none' } : { kind: 'other' };
  }
  const accountListed = element.aws.some((v) => v === who.account || (parseArn(v)?.resource === 'root' && parseArn(v)?.account === who.account));
  let selfListed: boolean | 'unknown' = who.kind === 'root' ? accountListed : element.aws.includes(who.raw);
  if (!selfListed && who.kind === 'role' && element.aws.some((v) => v.includes(`:assumed-role/${who.roleName}/`))) selfListed = 'unknown';
  if (selfListed === 'unknown' && accountListed) return { kind: 'unknown', why: 'NotPrincipal lists one session of this role; the request\'s session name is not known' };
  return selfListed === true && accountListed ? { kind: 'none' } : { kind: 'other' };
}
