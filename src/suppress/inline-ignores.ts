/** An inline `# secret-scan:ignore RULE[,RULE…] reason` comment and the lines it covers. */
export interface InlineIgnore {
  /** Rule ids or globs it names. */
  rules: string[];
  /** Empty when the comment gives none; such a comment suppresses nothing. */
  reason: string;
  /** 1-based line of the comment. */
  line: number;
  /**
   * 1-based lines whose findings it covers: its own line; for a comment on a line of its own, the
   * next code line and, when that line opens a block, the whole block.
   */
  covers: number[];
}

/** File names whose comments are read: Terraform, HCL (Vault policies), YAML (CloudFormation, the manifest). */
export const IGNORE_COMMENT_FILES = /\.(tf|tfvars|hcl|ya?ml)$/i;

const IGNORE = /(?:#|\/\/)\s*secret-scan:ignore\s+([A-Za-z0-9*?]+(?:\s*,\s*[A-Za-z0-9*?]+)*)(?:\s+(.*))?$/;
const COMMENT_ONLY = /^\s*(#|\/\/)/;

/**
 * Finds the ignore comments of one file. A comment on a line with code covers that line. A comment
 * on a line of its own covers the first following line that is not a comment or blank (so it can
 * sit in a block of comments above the grant) and, when that line opens a block — a Terraform/HCL
 * `{`, `[` or `(` left open, or a YAML key ending in `:` — every line of that block, so a comment
 * above a `resource`, a `policy =` or a CloudFormation resource covers the statements inside. Pure.
 */
export function findInlineIgnores(text: string): InlineIgnore[] {
  const lines = text.split(/\r?\n/);
  const ignores: InlineIgnore[] = [];
  lines.forEach((content, index) => {
    const match = IGNORE.exec(content);
    if (match === null) return;
    const line = index + 1;
    const covers = [line];
    if (COMMENT_ONLY.test(content)) {
      let next = index + 1;
      while (next < lines.length && (COMMENT_ONLY.test(lines[next] ?? '') || (lines[next] ?? '').trim() === '')) next += 1;
      if (next < lines.length) covers.push(...blockLines(lines, next).map((i) => i + 1));
    }
    ignores.push({ rules: (match[1] ?? '').split(',').map((rule) => rule.trim()), reason: (match[2] ?? '').trim(), line, covers });
  });
  return ignores;
}

/** Indexes of the line at `start` and, when it opens a block, of every line up to the block's end. */
function blockLines(lines: readonly string[], start: number): number[] {
  const first = lines[start] ?? '';
  const covered = [start];
  if (/:\s*(#.*)?$/.test(first) && !/[{[(]\s*$/.test(first)) {
    // YAML: the lines indented deeper than the key belong to it.
    const indent = indentOf(first);
    for (let i = start + 1; i < lines.length; i += 1) {
      const line = lines[i] ?? '';
      if (line.trim() !== '' && indentOf(line) <= indent) break;
      covered.push(i);
    }
    return covered;
  }
  let depth = bracketBalance(first);
  for (let i = start + 1; i < lines.length && depth > 0; i += 1) {
    depth += bracketBalance(lines[i] ?? '');
    covered.push(i);
  }
  return covered;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Opening minus closing brackets outside double-quoted strings and comments. */
function bracketBalance(line: string): number {
  let balance = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '\\') i += 1;
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '#' || (ch === '/' && line[i + 1] === '/')) break;
    else if (ch === '{' || ch === '[' || ch === '(') balance += 1;
    else if (ch === '}' || ch === ']' || ch === ')') balance -= 1;
  }
  return balance;
}
