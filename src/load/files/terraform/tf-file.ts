import type { HclBody, HclRange } from '../hcl/hcl-ast.js';
import { expressionText } from './expression-text.js';

const MAX_SHOWN_SOURCE = 16_384;

/** One parsed `.tf` file: its path, text (to quote expressions) and body. */
export class TfFile {
  private readonly lineStarts: number[] = [0];

  constructor(readonly path: string, readonly text: string, readonly body: HclBody) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /**
   * The source text of a node, to name an unknown (`var.env`, `"logs-${var.env}/*"`), shown so that
   * it never carries a value (expression-text.ts). Past 16 KB an expression is not shown at all.
   */
  textOf(range: HclRange): string {
    const from = this.offset(range.start.line, range.start.column);
    const to = this.offset(range.end.line, range.end.column);
    return to - from > MAX_SHOWN_SOURCE ? '…' : expressionText(this.text.slice(from, Math.max(from, to)));
  }

  private offset(line: number, column: number): number {
    return (this.lineStarts[line - 1] ?? this.text.length) + column - 1;
  }
}
