import type { SourceRef } from '../model/source.js';
import { UNRESOLVED_KEY } from '../model/unknowns.js';

/**
 * The symbolic unknown (docs/semantics.md#symbolic-unknowns): a value Terraform knows only after apply, a variable without a
 * value, a CloudFormation parameter without a default — anything the inputs cannot know. Every
 * loader keeps it in place of the value, with the expression as written, so the mapping widens
 * exactly that value (a wildcard segment in a string, one element of a list, one symbolic
 * principal) and says why. Terraform (`TfUnknown`) and CloudFormation (`CfnUnknown`) values both
 * have this shape; `isUnknown` is the one test for it in load/.
 */
export interface SymbolicUnknown {
  readonly unknown: true;
  /** The expression that could not be resolved, as written: `var.env`, `!Ref DeployerArn`. */
  readonly expression: string;
  /** A glob (`*` any run, `?` one character) covering every value it may take; `*` when absent. */
  readonly pattern?: string;
  /** Where the expression is written. */
  readonly source?: SourceRef;
}

export { UNRESOLVED_KEY };

/** True for a symbolic unknown (Terraform or CloudFormation), false for every known value. */
export function isUnknown<T>(value: T): value is Extract<T, SymbolicUnknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as { unknown?: unknown; expression?: unknown };
  return candidate.unknown === true && typeof candidate.expression === 'string';
}

/**
 * A map value of a loader that may hold unknowns (Terraform's `TfValue`, CloudFormation's
 * `CfnValue`): an object that is neither a list nor a symbolic unknown.
 */
export function isKnownMap<T>(value: T): value is Exclude<Extract<T, object>, readonly unknown[] | SymbolicUnknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** The reason a widened value is conditional: the expression and, when known, where it is written. */
export function unknownReason(unknown: SymbolicUnknown, fallback?: SourceRef): string {
  const at = unknown.source ?? fallback;
  if (at?.line === undefined) return unknown.expression;
  const file = at.file.slice(at.file.lastIndexOf('/') + 1);
  return `${unknown.expression} (${file}:${at.line})`;
}

/** A glob standing for every value of a string with unknown parts. */
export function patternOf(value: string | SymbolicUnknown): string {
  return typeof value === 'string' ? value : value.pattern ?? '*';
}

/**
 * Parses a JSON document written as a template (a heredoc, a `templatefile`, a `!Sub`) whose
 * interpolations are partly unknown, keeping its structure: an unknown spliced in where a JSON
 * value goes (`"Resource": ${jsonencode(var.arns)}`) stays that value; one inside a string
 * (`"arn:aws:s3:::${var.bucket}/*"`) makes that string a template of its own, built by
 * `inString`. Returns undefined when the text is not JSON with the unknowns in place — then
 * the unknown hides the structure itself.
 */
export function parseJsonTemplate<U>(parts: readonly (string | U)[], inString: (pieces: (string | U)[]) => U): unknown {
  const holes: U[] = [];
  const token = (i: number): string => `\u00ABsecret-scan-unknown-${i}\u00BB`;
  let text = '';
  let quoted = false;
  for (const part of parts) {
    if (typeof part !== 'string') {
      text += quoted ? token(holes.length) : `"${token(holes.length)}"`;
      holes.push(part);
      continue;
    }
    for (let i = 0; i < part.length; i++) {
      const c = part[i];
      if (quoted && c === '\\') { i++; continue; }
      if (c === '"') quoted = !quoted;
    }
    text += part;
  }
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { return undefined; }
  const TOKEN = /\u00ABsecret-scan-unknown-(\d+)\u00BB/g;
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('\u00ABsecret-scan-unknown-')) return value;
      const pieces: (string | U)[] = [];
      let last = 0;
      for (const m of value.matchAll(TOKEN)) {
        if (m.index > last) pieces.push(value.slice(last, m.index));
        pieces.push(holes[Number(m[1])] as U);
        last = m.index + m[0].length;
      }
      if (last < value.length) pieces.push(value.slice(last));
      return pieces.length === 1 && typeof pieces[0] !== 'string' ? pieces[0] : inString(pieces);
    }
    if (Array.isArray(value)) return value.map(restore);
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = restore(v);
      return out;
    }
    return value;
  };
  return restore(parsed);
}
