/**
 * The condition operators and how one policy value matches one context value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * A negated operator is described by its positive counterpart plus `negated`, because AWS defines
 * it as "no policy value matches" (NOR), not as "some policy value does not match".
 */
import { parseArn } from '../arn.js';
import { compileGlob, matchCompiledGlob } from '../wildcard.js';
import { ipInCidr, parseCidr, parseIp } from './ip.js';

export type OperatorType = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

export interface OperatorSpec {
  type: OperatorType;
  negated: boolean;
  /** Positive comparison used by this operator (negated operators invert the OR over values). */
  compare: 'equals' | 'equalsIgnoreCase' | 'like' | 'lt' | 'lte' | 'gt' | 'gte' | 'ip' | 'arnLike' | 'null';
  /** Policy variables are substituted in this operator's values. */
  variables: boolean;
}

const S = (compare: OperatorSpec['compare'], negated = false): OperatorSpec => ({ type: 'string', negated, compare, variables: true });
const N = (compare: OperatorSpec['compare'], negated = false): OperatorSpec => ({ type: 'numeric', negated, compare, variables: false });
const D = (compare: OperatorSpec['compare'], negated = false): OperatorSpec => ({ type: 'date', negated, compare, variables: false });
const A = (negated: boolean): OperatorSpec => ({ type: 'arn', negated, compare: 'arnLike', variables: true });

/** Every base operator AWS defines (without `ForAnyValue:`/`ForAllValues:` and `IfExists`). */
export const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  StringEquals: S('equals'), StringNotEquals: S('equals', true),
  StringEqualsIgnoreCase: S('equalsIgnoreCase'), StringNotEqualsIgnoreCase: S('equalsIgnoreCase', true),
  StringLike: S('like'), StringNotLike: S('like', true),
  NumericEquals: N('equals'), NumericNotEquals: N('equals', true),
  NumericLessThan: N('lt'), NumericLessThanEquals: N('lte'), NumericGreaterThan: N('gt'), NumericGreaterThanEquals: N('gte'),
  DateEquals: D('equals'), DateNotEquals: D('equals', true),
  DateLessThan: D('lt'), DateLessThanEquals: D('lte'), DateGreaterThan: D('gt'), DateGreaterThanEquals: D('gte'),
  Bool: { type: 'bool', negated: false, compare: 'equalsIgnoreCase', variables: true },
  BinaryEquals: { type: 'binary', negated: false, compare: 'equals', variables: false },
  IpAddress: { type: 'ip', negated: false, compare: 'ip', variables: false },
  NotIpAddress: { type: 'ip', negated: true, compare: 'ip', variables: false },
  // ArnEquals and ArnLike behave the same: both take wildcards, component by component.
  ArnEquals: A(false), ArnLike: A(false), ArnNotEquals: A(true), ArnNotLike: A(true),
  Null: { type: 'null', negated: false, compare: 'null', variables: false },
};

/** A policy value read once for its operator; `undefined` fields mean "could not be read". */
export type PreparedValue =
  | { kind: 'text'; text: string }
  | { kind: 'glob'; glob: ReturnType<typeof compileGlob> }
  | { kind: 'number'; n: number }
  | { kind: 'cidr'; cidr: NonNullable<ReturnType<typeof parseCidr>> }
  | { kind: 'arn'; parts: ReturnType<typeof compileGlob>[] }
  | { kind: 'malformed'; why: string };

/** Reads one (already variable-substituted) policy value for an operator. */
export function prepareValue(spec: OperatorSpec, raw: string): PreparedValue {
  switch (spec.type) {
    case 'string':
      if (spec.compare === 'like') return { kind: 'glob', glob: compileGlob(raw) };
      if (spec.compare === 'equalsIgnoreCase') return { kind: 'text', text: raw.toLowerCase() };
      return { kind: 'text', text: raw };
    case 'bool':
      return { kind: 'text', text: raw.toLowerCase() };
    case 'binary':
      return { kind: 'text', text: raw };
    case 'numeric': {
      const n = parseNumber(raw);
      return n === undefined ? { kind: 'malformed', why: `${raw} is not a number` } : { kind: 'number', n };
    }
    case 'date': {
      const n = parseDate(raw);
      return n === undefined ? { kind: 'malformed', why: `${raw} is not a date` } : { kind: 'number', n };
    }
    case 'ip': {
      const cidr = parseCidr(raw);
      return cidr ? { kind: 'cidr', cidr } : { kind: 'malformed', why: `${raw} is not an IP address or CIDR block` };
    }
    case 'arn': {
      const arn = parseArn(raw);
      // Not six components: only a lone "*" still matches anything; otherwise compare as text.
      if (!arn) return raw === '*' ? { kind: 'glob', glob: compileGlob(raw) } : { kind: 'text', text: raw };
      return { kind: 'arn', parts: [arn.partition, arn.service, arn.region, arn.account, arn.resource].map((p) => compileGlob(p)) };
    }
    case 'null':
      return { kind: 'text', text: raw.toLowerCase() };
  }
}

/** Positive comparison of one prepared policy value with one context value. */
export function compareValue(spec: OperatorSpec, policy: PreparedValue, ctx: string): boolean {
  switch (policy.kind) {
    case 'malformed': return false;
    case 'text':
      return spec.compare === 'equalsIgnoreCase' ? ctx.toLowerCase() === policy.text : ctx === policy.text;
    case 'glob': return matchCompiledGlob(policy.glob, ctx);
    case 'number': {
      const v = spec.type === 'date' ? parseDate(ctx) : parseNumber(ctx);
      if (v === undefined) return false;
      switch (spec.compare) {
        case 'equals': return v === policy.n;
        case 'lt': return v < policy.n;
        case 'lte': return v <= policy.n;
        case 'gt': return v > policy.n;
        case 'gte': return v >= policy.n;
        default: return false;
      }
    }
    case 'cidr': {
      const ip = parseIp(ctx.includes('/') ? ctx.slice(0, ctx.indexOf('/')) : ctx);
      return ip !== undefined && ipInCidr(ip, policy.cidr);
    }
    case 'arn': {
      const arn = parseArn(ctx);
      if (!arn) return false;
      const values = [arn.partition, arn.service, arn.region, arn.account, arn.resource];
      return policy.parts.every((glob, i) => matchCompiledGlob(glob, values[i] as string));
    }
  }
}

function parseNumber(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** ISO 8601 date/time, or epoch seconds (as AWS accepts both); milliseconds since epoch. */
export function parseDate(raw: string): number | undefined {
  const t = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}
