import type { Node } from 'web-tree-sitter';
import type { HclExpression, HclTemplate, HclTemplatePart } from './hcl-ast.js';
import type { HclSource } from './hcl-source.js';

/** Turns an expression node into an AST expression; supplied by the expression converter. */
export type ConvertExpression = (node: Node | null | undefined) => HclExpression;

interface TemplateContext {
  src: HclSource;
  convert: ConvertExpression;
  quoted: boolean;
  /** `<<-` heredocs: columns of leading whitespace removed from every line. */
  indent: number;
}

/**
 * Converts a quoted template or heredoc node. Literal text is taken from the source between the
 * structural nodes, because the grammar treats whitespace as "extra" and drops it from literal chunks.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#templates
 */
export function convertTemplate(node: Node, src: HclSource, convert: ConvertExpression): HclTemplate {
  const children = node.children.filter((c): c is Node => c !== null);
  if (node.type === 'heredoc_template') {
    const ids = children.filter((c) => c.type === 'heredoc_identifier');
    const open = ids[0];
    const close = ids.length > 1 ? ids[ids.length - 1] : undefined;
    const indented = children.some((c) => c.type === 'heredoc_start' && c.text === '<<-');
    const afterOpen = open ? src.text.indexOf('\n', open.endIndex) : -1;
    const from = afterOpen >= 0 ? afterOpen + 1 : node.endIndex;
    const to = close ? src.text.lastIndexOf('\n', close.startIndex - 1) + 1 : node.endIndex;
    const body = src.slice(from, Math.max(from, to));
    const ctx: TemplateContext = { src, convert, quoted: false, indent: indented ? minIndent(body) : 0 };
    const inner = children.filter((c) => c.startIndex >= from && c.endIndex <= Math.max(from, to));
    return {
      kind: 'template',
      parts: applyStripMarkers(partsBetween(inner, from, Math.max(from, to), ctx)),
      heredoc: { marker: open?.text ?? '', indented },
      range: src.range(node),
    };
  }
  const start = children.find((c) => c.type === 'quoted_template_start');
  const end = children.find((c) => c.type === 'quoted_template_end');
  const from = start ? start.endIndex : node.startIndex;
  const to = end && !end.isMissing ? end.startIndex : node.endIndex;
  const ctx: TemplateContext = { src, convert, quoted: true, indent: 0 };
  const inner = children.filter((c) => c !== start && c !== end);
  return { kind: 'template', parts: applyStripMarkers(partsBetween(inner, from, to, ctx)), range: src.range(node) };
}

/** Decodes the literal text of a quoted string (`string_lit`), escapes included. */
export function quotedLiteralText(node: Node, src: HclSource): string {
  const children = node.children.filter((c): c is Node => c !== null);
  const start = children.find((c) => c.type === 'quoted_template_start');
  const end = children.find((c) => c.type === 'quoted_template_end');
  const from = start ? start.endIndex : node.startIndex;
  const to = end && !end.isMissing ? end.startIndex : node.endIndex;
  return unescapeQuoted(src.slice(from, to));
}

function partsBetween(nodes: Node[], from: number, to: number, ctx: TemplateContext): HclTemplatePart[] {
  const parts: HclTemplatePart[] = [];
  let cursor = from;
  for (const n of nodes) {
    if (n.type !== 'template_interpolation' && n.type !== 'template_directive') continue;
    pushText(parts, cursor, n.startIndex, ctx);
    cursor = n.endIndex;
    if (n.type === 'template_interpolation') {
      const kids = n.children.filter((c): c is Node => c !== null);
      const expr = kids.find((c) => c.type === 'expression');
      const markers = kids.filter((c) => c.type === 'strip_marker');
      parts.push({
        kind: 'interpolation',
        expression: ctx.convert(expr),
        stripLeft: markers.some((m) => expr === undefined || m.startIndex < expr.startIndex),
        stripRight: markers.some((m) => expr !== undefined && m.startIndex > expr.startIndex),
      });
    } else {
      const directive = n.namedChildren.find((c): c is Node => c !== null);
      if (directive) parts.push(convertDirective(directive, ctx));
    }
  }
  pushText(parts, cursor, to, ctx);
  return parts;
}

function convertDirective(node: Node, ctx: TemplateContext): HclTemplatePart {
  const kids = node.children.filter((c): c is Node => c !== null);
  if (node.type === 'template_if') {
    const intro = kids.find((c) => c.type === 'template_if_intro');
    const elseIntro = kids.find((c) => c.type === 'template_else_intro');
    const endNode = kids.find((c) => c.type === 'template_if_end');
    const condition = ctx.convert(intro?.namedChildren.find((c) => c?.type === 'expression'));
    const thenEnd = elseIntro ? elseIntro.startIndex : endNode ? endNode.startIndex : node.endIndex;
    const thenFrom = intro ? intro.endIndex : node.startIndex;
    const part: HclTemplatePart = {
      kind: 'if',
      condition,
      then: partsBetween(kids.filter((c) => c.startIndex >= thenFrom && c.endIndex <= thenEnd), thenFrom, thenEnd, ctx),
    };
    if (elseIntro) {
      const elseEnd = endNode ? endNode.startIndex : node.endIndex;
      part.else = partsBetween(
        kids.filter((c) => c.startIndex >= elseIntro.endIndex && c.endIndex <= elseEnd),
        elseIntro.endIndex,
        elseEnd,
        ctx,
      );
    }
    return part;
  }
  const start = kids.find((c) => c.type === 'template_for_start');
  const endNode = kids.find((c) => c.type === 'template_for_end');
  const names = (start?.namedChildren ?? []).filter((c): c is Node => c?.type === 'identifier').map((c) => c.text);
  const bodyFrom = start ? start.endIndex : node.startIndex;
  const bodyTo = endNode ? endNode.startIndex : node.endIndex;
  const part: HclTemplatePart = {
    kind: 'for',
    valueVar: names.length > 1 ? (names[1] ?? '') : (names[0] ?? ''),
    collection: ctx.convert(start?.namedChildren.find((c) => c?.type === 'expression')),
    body: partsBetween(kids.filter((c) => c.startIndex >= bodyFrom && c.endIndex <= bodyTo), bodyFrom, bodyTo, ctx),
  };
  if (names.length > 1 && names[0] !== undefined) part.keyVar = names[0];
  return part;
}

function pushText(parts: HclTemplatePart[], from: number, to: number, ctx: TemplateContext): void {
  if (to <= from) return;
  let raw = ctx.src.slice(from, to);
  if (ctx.indent > 0) raw = stripIndent(raw, ctx.src.text[from - 1] === '\n', ctx.indent);
  const value = ctx.quoted ? unescapeQuoted(raw) : raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (value !== '') parts.push({ kind: 'text', value });
}

function applyStripMarkers(parts: HclTemplatePart[]): HclTemplatePart[] {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p?.kind !== 'interpolation') continue;
    const prev = parts[i - 1];
    const next = parts[i + 1];
    if (p.stripLeft && prev?.kind === 'text') prev.value = prev.value.replace(/\s+$/, '');
    if (p.stripRight && next?.kind === 'text') next.value = next.value.replace(/^\s+/, '');
  }
  return parts.filter((p) => p.kind !== 'text' || p.value !== '');
}

function minIndent(body: string): number {
  let min = Infinity;
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^[ \t]*/.exec(line);
    min = Math.min(min, m ? m[0].length : 0);
  }
  return min === Infinity ? 0 : min;
}

function stripIndent(raw: string, atLineStart: boolean, indent: number): string {
  const lines = raw.split('\n');
  return lines
    .map((line, i) => (i === 0 && !atLineStart ? line : line.replace(new RegExp(`^[ \\t]{0,${indent}}`), '')))
    .join('\n');
}

/** HCL quoted-string escapes: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals */
function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    switch (esc) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case '"': return '"';
      case '\\': return '\\';
      default:
        // `\u` without four hex digits, or `\U` past U+10FFFF, is no character: kept as written
        // (HCL rejects it; String.fromCodePoint would throw a RangeError and end the scan).
        if (esc !== undefined && esc.length > 1) {
          const code = parseInt(esc.slice(1), 16);
          if (code <= 0x10ffff) return String.fromCodePoint(code);
        }
        return m;
    }
  });
}
