/**
 * Whether a Vault policy rule path and a glob of request paths have some path in common: the glob
 * stands for a secret whose path holds a part the inputs do not know (`*` any text, `/` included;
 * `?` any one character). A rule path is literal but for a segment wildcard `+` (one whole segment),
 * an identity template `{{…}}` (some text without `/`) and a trailing `*` (any suffix)
 * (https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax).
 */
type Token =
  | { kind: 'char'; char: string }
  /** One character other than `/`. */
  | { kind: 'segment-char' }
  /** One character, any. */
  | { kind: 'any-char' }
  /** Any text (`*`). */
  | { kind: 'any-text' }
  /** Any text without `/`. */
  | { kind: 'segment-text' };

const isRun = (t: Token): boolean => t.kind === 'any-text' || t.kind === 'segment-text';

function ruleTokens(rule: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i] as string;
    const wholeSegment = (i === 0 || rule[i - 1] === '/') && (i + 1 === rule.length || rule[i + 1] === '/');
    if (c === '+' && wholeSegment) { tokens.push({ kind: 'segment-char' }, { kind: 'segment-text' }); continue; }
    if (c === '{' && rule.startsWith('{{', i)) {
      const end = rule.indexOf('}}', i + 2);
      if (end >= 0) { tokens.push({ kind: 'segment-char' }, { kind: 'segment-text' }); i = end + 1; continue; }
    }
    if (c === '*' && i === rule.length - 1) { tokens.push({ kind: 'any-text' }); continue; }
    tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

function globTokens(glob: string): Token[] {
  return [...glob].map((c): Token => (c === '*' ? { kind: 'any-text' } : c === '?' ? { kind: 'any-char' } : { kind: 'char', char: c }));
}

/** Whether two single-character tokens can stand for the same character. */
function sameChar(a: Token, b: Token): boolean {
  if (a.kind === 'char' && b.kind === 'char') return a.char === b.char;
  if (a.kind === 'char') return b.kind === 'any-char' || a.char !== '/';
  if (b.kind === 'char') return a.kind === 'any-char' || b.char !== '/';
  return true;
}

/** Whether a run token can produce the character a single-character token stands for. */
function runTakes(run: Token, single: Token): boolean {
  return run.kind === 'any-text' || (single.kind === 'char' ? single.char !== '/' : true);
}

export function vaultRuleMeetsGlob(rulePath: string, glob: string): boolean {
  const a = ruleTokens(rulePath);
  const b = globTokens(glob);
  const seen = new Set<number>();
  // Depth-first over (position in a, position in b). Where both sides are in a run, some common
  // text exists without the two runs ever producing the same character (a run may always be
  // shortened), so a run either ends or takes one character of the other side's single tokens.
  const meet = (i: number, j: number): boolean => {
    if (i === a.length && j === b.length) return true;
    const key = i * (b.length + 1) + j;
    if (seen.has(key)) return false;
    seen.add(key);
    const ta = a[i];
    const tb = b[j];
    if (ta && isRun(ta) && (meet(i + 1, j) || (tb !== undefined && !isRun(tb) && runTakes(ta, tb) && meet(i, j + 1)))) return true;
    if (tb && isRun(tb) && (meet(i, j + 1) || (ta !== undefined && !isRun(ta) && runTakes(tb, ta) && meet(i + 1, j)))) return true;
    return ta !== undefined && tb !== undefined && !isRun(ta) && !isRun(tb) && sameChar(ta, tb) && meet(i + 1, j + 1);
  };
  return meet(0, 0);
}
