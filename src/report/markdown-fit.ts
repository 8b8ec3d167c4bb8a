/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const PR_COMMENT_LIMIT = 65_536;
/** GitHub's limit on one step's job summary (GITHUB_STEP_SUMMARY), in bytes. */
export const JOB_SUMMARY_LIMIT = 1024 * 1024;

export interface MarkdownBlocks {
  /** Always shown: title, summary line, table header. */
  head: string[];
  /** Shown in order while they fit; the rest are counted in the note. */
  items: string[];
  /** Always shown after the items. */
  tail: string[];
}

/**
 * Joins blocks into Markdown no longer than `limit` (measured in UTF-8 bytes, which is never less
 * than the character count, so it holds for both of GitHub's limits). Items that do not fit are
 * left out whole, and a line says how many and where the full report is (`pointer`). Guarantees
 * the result fits whenever head, tail and the note fit.
 */
export function fitMarkdown(blocks: MarkdownBlocks, limit: number, pointer: string): string {
  const size = (text: string): number => Buffer.byteLength(text, 'utf8');
  const head = blocks.head.join('\n');
  const tail = blocks.tail.join('\n');
  const shown: string[] = [];
  const noteFor = (left: number): string => `\n\n> ${left} more ${left === 1 ? 'entry' : 'entries'} not shown here (size limit); ${pointer}\n`;
  let used = size(head) + size(tail) + size(noteFor(blocks.items.length)) + 4;
  for (const item of blocks.items) {
    const cost = size(item) + 1;
    if (used + cost > limit) break;
    shown.push(item);
    used += cost;
  }
  const left = blocks.items.length - shown.length;
  const body = [...blocks.head, ...shown].join('\n') + (left > 0 ? noteFor(left) : '\n') + (tail === '' ? '' : `\n${tail}\n`);
  return body.replace(/\n{3,}/g, '\n\n');
}
