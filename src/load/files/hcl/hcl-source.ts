import type { Node } from 'web-tree-sitter';
import type { HclPosition, HclRange } from './hcl-ast.js';

/**
 * Positions computed from string indices, so columns are JavaScript (UTF-16) columns whatever
 * the parser reports, and one table serves every node of a file.
 */
export class HclSource {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of a string index. */
  position(index: number): HclPosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - (this.lineStarts[lo] ?? 0) + 1 };
  }

  range(node: Node): HclRange {
    return { start: this.position(node.startIndex), end: this.position(node.endIndex) };
  }

  slice(from: number, to: number): string {
    return this.text.slice(from, to);
  }
}
