/**
 * IAM glob matching (`*` = any run of characters, `?` = exactly one), in linear-ish time.
 *
 * AWS matches Action, Resource, `StringLike` and `ArnLike` values as globs over the whole string:
 * wildcards span `:` and `/` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 * No regular expression is ever built from a policy value: a pattern is split at `*` once, and the
 * segments are found left to right (the leftmost occurrence of each middle segment is always a
 * safe choice for `*`-only globs), so a match costs one pass of `indexOf` per segment, or one
 * bit-parallel pass for segments holding `?`.
 */
import { BoundedCache } from '../bounded-cache.js';

/** Private-use characters standing for a literal `*` / `?` (from `${*}`, `${?}` or a substituted variable value). */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

export interface WildcardOptions {
  caseInsensitive?: boolean;
}

/** A glob split once at its `*`s, ready to match many values. */
export interface CompiledGlob {
  /** The pattern as written (lower-cased when compiled case-insensitive). */
  readonly pattern: string;
  readonly caseInsensitive: boolean;
  /** `*` alone: matches everything. */
  readonly any: boolean;
  /** Segments between `*`s; one segment means no `*` at all. */
  readonly parts: readonly string[];
  /** Some segment holds `?` or a literal marker, so segments must be compared character by character. */
  readonly slow: boolean;
}

/** Compiles a glob; the result is immutable and can be shared across requests. */
export function compileGlob(pattern: string, options: WildcardOptions = {}): CompiledGlob {
  const caseInsensitive = options.caseInsensitive === true;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const parts = p.split('*');
  const slow = /[?\uE000\uE001]/.test(p);
  return { pattern: p, caseInsensitive, any: p === '*' || (parts.every((s) => s === '') && parts.length > 1), parts, slow };
}

/**
 * True when `value` matches the glob `pattern` as a whole. Decides in O(|pattern| + |value|·k) at
 * worst, where k is the longest `?`-bearing segment, and in O(|value|) for patterns without `?`.
 */
export function matchesWildcard(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  return matchCompiledGlob(cachedGlob(pattern, options.caseInsensitive === true), value);
}

/** The compiled glob of `pattern`, shared with every other caller that asks for the same one (bounded cache). */
export function sharedGlob(pattern: string, options: WildcardOptions = {}): CompiledGlob {
  return cachedGlob(pattern, options.caseInsensitive === true);
}

// One-shot callers (rules, the read prefilter) ask about the same few thousand policy patterns
// again and again; compiled globs are immutable, so they are kept, up to a bound.
const caseSensitiveGlobs = new BoundedCache<CompiledGlob>(50_000);
const caseInsensitiveGlobs = new BoundedCache<CompiledGlob>(50_000);
const compileCaseSensitive = (pattern: string): CompiledGlob => compileGlob(pattern);
const compileCaseInsensitive = (pattern: string): CompiledGlob => compileGlob(pattern, { caseInsensitive: true });
function cachedGlob(pattern: string, caseInsensitive: boolean): CompiledGlob {
  return caseInsensitive ? caseInsensitiveGlobs.get(pattern, compileCaseInsensitive) : caseSensitiveGlobs.get(pattern, compileCaseSensitive);
}

/**
 * Matches a compiled glob against a value. A case-insensitive glob lower-cases the value first,
 * unless the caller says it already is (`valueIsLowerCase`, the engine's per-request action).
 */
export function matchCompiledGlob(glob: CompiledGlob, rawValue: string, valueIsLowerCase = false): boolean {
  if (glob.any) return true;
  const value = glob.caseInsensitive && !valueIsLowerCase ? rawValue.toLowerCase() : rawValue;
  const parts = glob.parts;
  const first = parts[0] as string;
  if (parts.length === 1) {
    return value.length === first.length && segmentAt(first, value, 0, glob.slow);
  }
  const last = parts[parts.length - 1] as string;
  if (value.length < first.length + last.length) return false;
  if (!segmentAt(first, value, 0, glob.slow)) return false;
  const end = value.length - last.length;
  if (!segmentAt(last, value, end, glob.slow)) return false;
  let pos = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const seg = parts[i] as string;
    if (seg.length === 0) continue;
    const at = findSegment(seg, value, pos, end, glob.slow);
    if (at < 0) return false;
    pos = at + seg.length;
  }
  return pos <= end;
}

function charMatches(p: string, v: string): boolean {
  if (p === '?') return true;
  if (p === LITERAL_STAR) return v === '*';
  if (p === LITERAL_QUESTION) return v === '?';
  return p === v;
}

function segmentAt(seg: string, value: string, at: number, slow: boolean): boolean {
  if (at + seg.length > value.length) return false;
  if (!slow) return sameAt(seg, value, at);
  for (let i = 0; i < seg.length; i++) {
    if (!charMatches(seg[i] as string, value[at + i] as string)) return false;
  }
  return true;
}

/**
 * `value` holds `seg` at `at` (caller checked the length). Compared from the end because ARN
 * patterns share long prefixes with the values they miss, and with a plain loop because V8's
 * `startsWith` costs ~10x more per call on short strings.
 */
function sameAt(seg: string, value: string, at: number): boolean {
  for (let i = seg.length - 1; i >= 0; i--) if (seg.charCodeAt(i) !== value.charCodeAt(at + i)) return false;
  return true;
}

/** Leftmost start of `seg` in `value[from, limit)`, or -1. */
function findSegment(seg: string, value: string, from: number, limit: number, slow: boolean): number {
  if (!slow || !/[?\uE000\uE001]/.test(seg)) {
    if (limit - from > 512) {
      const at = value.indexOf(seg, from);
      return at >= 0 && at + seg.length <= limit ? at : -1;
    }
    // Short haystacks (every ARN): a first-character scan beats indexOf's per-call table setup.
    const c0 = seg.charCodeAt(0);
    for (let i = from, last = limit - seg.length; i <= last; i++) {
      if (value.charCodeAt(i) === c0 && sameAt(seg, value, i)) return i;
    }
    return -1;
  }
  return shiftAndFind(shiftAndTable(seg), value, from, limit);
}

/**
 * Bit-parallel (Shift-And) search for a segment holding `?`: one pass over the value, costing
 * ceil(m/32) word operations per character, whatever the pattern — so no input can make it
 * quadratic the way "try every start position" would be on `a?a?a?…b` against `aaaa…`.
 */
interface ShiftAndTable {
  m: number;
  words: number;
  masks: Map<string, Uint32Array>;
  /** Mask for characters the segment does not name: only the `?` positions. */
  other: Uint32Array;
}

const tableCache = new Map<string, ShiftAndTable>();

function shiftAndTable(seg: string): ShiftAndTable {
  const cached = tableCache.get(seg);
  if (cached) return cached;
  const m = seg.length;
  const words = Math.ceil(m / 32);
  const other = new Uint32Array(words);
  const masks = new Map<string, Uint32Array>();
  for (let i = 0; i < m; i++) {
    const c = seg[i] as string;
    if (c === '?') { other[i >>> 5] = (other[i >>> 5] as number) | (1 << (i & 31)); continue; }
    const ch = c === LITERAL_STAR ? '*' : c === LITERAL_QUESTION ? '?' : c;
    if (!masks.has(ch)) masks.set(ch, new Uint32Array(words));
  }
  for (const [ch, mask] of masks) {
    for (let i = 0; i < m; i++) {
      const c = seg[i] as string;
      const lit = c === LITERAL_STAR ? '*' : c === LITERAL_QUESTION ? '?' : c;
      if (c === '?' || lit === ch) mask[i >>> 5] = (mask[i >>> 5] as number) | (1 << (i & 31));
    }
  }
  const table = { m, words, masks, other };
  if (tableCache.size > 1000) tableCache.clear();
  tableCache.set(seg, table);
  return table;
}

function shiftAndFind(t: ShiftAndTable, value: string, from: number, limit: number): number {
  const state = new Uint32Array(t.words);
  const lastWord = (t.m - 1) >>> 5;
  const lastBit = 1 << ((t.m - 1) & 31);
  for (let j = from; j < limit; j++) {
    const mask = t.masks.get(value[j] as string) ?? t.other;
    let carry = 1;
    for (let w = 0; w < t.words; w++) {
      const d = state[w] as number;
      state[w] = (((d << 1) | carry) & (mask[w] as number)) >>> 0;
      carry = d >>> 31;
    }
    if (((state[lastWord] as number) & lastBit) !== 0) return j - t.m + 1;
  }
  return -1;
}
