import { isUnknown, parseJsonTemplate } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import type { TfUnknown, TfValue } from './terraform-resource.js';

/**
 * A JSON document written as a template (a heredoc, `templatefile`, `data "template_file"`) around
 * values Terraform knows only after apply, parsed with those values in place: a string holding one
 * becomes an unknown whose pattern keeps the string's known text (`arn:aws:s3:::logs-${var.env}/*`
 * → `arn:aws:s3:::logs-*\/*`), pieces naming another resource's attribute resolved first, so each
 * unknown widens only where it sits (docs/semantics.md#symbolic-unknowns). Policy documents and
 * container definitions are both written this way. Undefined when the unknowns hide the structure
 * (the text is not JSON with them in place).
 */
export function jsonFromTemplate(state: MappingState, parts: TfValue[]): TfValue | undefined {
  const inString = (pieces: (string | TfValue)[]): TfValue => {
    const { resolved, text, pattern } = state.resolvePieces(pieces, 'join');
    if (text !== undefined) return text;
    const unknowns = resolved.filter(isUnknown);
    const u: TfUnknown = { unknown: true, expression: [...new Set(unknowns.map((x) => x.expression))].join(', ') || 'a value that is not text' };
    const at = unknowns.find((x) => x.source)?.source;
    if (at) u.source = at;
    u.pattern = pattern.replace(/\*+/g, '*');
    return u;
  };
  const parsed = parseJsonTemplate<TfValue>(parts, inString);
  return parsed === undefined ? undefined : (parsed as TfValue);
}
