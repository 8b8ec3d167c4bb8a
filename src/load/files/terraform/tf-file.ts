import type { HclBody, HclRange } from '../hcl/hcl-ast.js';
import { expressionText } from './expression-text.js';

const MAX_SHOWN_SOURCE = 8_192;

/** One parsed `.tf` file: its path, text (to quote expressions) and body. */
export class TfFile {
  private readonly lineStarts: number[] = [0];
  private readonly shown = new Map<string, string>();

  constructor(readonly path: string, readonly text: string, readonly body: HclBody) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /**
   * The source text of a node, to name an unknown (`var.env`, `"logs-${var.env}/*"`), shown so that
   * it never carries a value (expression-text.ts). Past 8 KB an expression is not shown at all.
   */
  textOf(range: HclRange): string {
    const from = this.offset(range.start.line, range.start.column);
    const to = this.offset(range.end.line, range.end.column);
    if (to - from > MAX_SHOWN_SOURCE) return '…';
    // Each unknown inside an expression names its own part; a part is asked for again with each use.
    const key = `${from}:${to}`;
    let shown = this.shown.get(key);
    if (shown === undefined) this.shown.set(key, (shown = expressionText(this.text.slice(from, Math.max(from, to)))));
    return shown;
  }

  private offset(line: number, column: number): number {
    return (this.lineStarts[line - 1] ?? this.text.length) + column - 1;
  }
}
