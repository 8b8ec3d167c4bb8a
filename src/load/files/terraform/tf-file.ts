import type { HclBody, HclRange } from '../hcl/hcl-ast.js';

/** One parsed `.tf` file: its path, text (to quote expressions) and body. */
export class TfFile {
  private readonly lineStarts: number[] = [0];

  constructor(readonly path: string, readonly text: string, readonly body: HclBody) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /**
   * The source text of a node, as written, to name an unknown (`var.env`, `"logs-${var.env}/*"`).
   * It ends up in every report format, so it must not carry values: a long expression is a
   * structure (a `jsonencode({...})` holding a container's environment), whose plain string
   * literals are shown as `"…"`, and the text is cut at 160 characters.
   */
  textOf(range: HclRange): string {
    const from = this.offset(range.start.line, range.start.column);
    const to = this.offset(range.end.line, range.end.column);
    const text = this.text.slice(from, Math.max(from, Math.min(to, from + 4096))).replace(/\s+/g, ' ').trim();
    const shown = text.length <= 60 ? text : text.replace(/"(?:[^"\\$]|\\.|\$(?!\{))*"/g, '"…"');
    return shown.length <= 160 ? shown : `${shown.slice(0, 159)}…`;
  }

  private offset(line: number, column: number): number {
    return (this.lineStarts[line - 1] ?? this.text.length) + column - 1;
  }
}
