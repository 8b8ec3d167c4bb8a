/**
 * The patterns of Terraform's `fileset(path, pattern)`, read as a regular expression over a file's
 * path relative to `path` (https://developer.hashicorp.com/terraform/language/functions/fileset):
 * `*` any run of characters but `/`; `**` as a whole path component any run of directories, none
 * included (`**` inside a component is `*`); `?` one character but `/`; `{a,b}` one of the
 * alternatives, themselves patterns; `[abc]`, `[a-z]`, `[^abc]` (also `[!abc]`) one character but
 * `/` in or out of the class; `\` takes the next character as it is. Undefined for a pattern
 * Terraform refuses (an unclosed `[` or `{`), which `fileset` then cannot evaluate.
 */
export function filesetPattern(pattern: string): RegExp | undefined {
  const body = translate(pattern, 0, false);
  return body && body.end === pattern.length ? new RegExp(`^${body.source}$`, 'u') : undefined;
}

interface Translated { source: string; end: number }

/** Translates from `start` up to the end, or, inside braces, up to the `,` or `}` that ends the alternative. */
function translate(pattern: string, start: number, inBraces: boolean): Translated | undefined {
  let out = '';
  let i = start;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (inBraces && (c === ',' || c === '}')) return { source: out, end: i };
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      out += escapeRegExp(next);
      i += 2;
    } else if (c === '*') {
      let stars = 1;
      while (pattern[i + stars] === '*') stars++;
      const atStart = i === 0 || pattern[i - 1] === '/';
      const atEnd = i + stars === pattern.length || pattern[i + stars] === '/';
      if (stars >= 2 && atStart && atEnd) {
        // `**/` matches zero or more whole directories; a final `**` anything below.
        if (i + stars === pattern.length) { out += '.*'; i += stars; } else { out += '(?:[^/]*/)*'; i += stars + 1; }
      } else {
        out += '[^/]*';
        i += stars;
      }
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const cls = characterClass(pattern, i);
      if (!cls) return undefined;
      out += cls.source;
      i = cls.end;
    } else if (c === '{') {
      const alternatives: string[] = [];
      let at = i + 1;
      for (;;) {
        const alt = translate(pattern, at, true);
        if (!alt || alt.end >= pattern.length) return undefined;
        alternatives.push(alt.source);
        if (pattern[alt.end] === '}') { at = alt.end + 1; break; }
        at = alt.end + 1;
      }
      out += `(?:${alternatives.join('|')})`;
      i = at;
    } else {
      out += escapeRegExp(c);
      i++;
    }
  }
  return inBraces ? undefined : { source: out, end: i };
}

/** `[…]` at `start`: a class of characters other than `/`, with ranges and `^`/`!` negation. */
function characterClass(pattern: string, start: number): Translated | undefined {
  let i = start + 1;
  let negated = false;
  if (pattern[i] === '^' || pattern[i] === '!') { negated = true; i++; }
  let members = '';
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    let c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      c = next;
      i++;
    }
    members += escapeClassMember(c);
    i++;
    first = false;
    if (pattern[i] === '-' && pattern[i + 1] !== undefined && pattern[i + 1] !== ']') {
      let high = pattern[i + 1] as string;
      i += 2;
      if (high === '\\') {
        const next = pattern[i];
        if (next === undefined) return undefined;
        high = next;
        i++;
      }
      if (high < c) return undefined;
      members += `-${escapeClassMember(high)}`;
    }
  }
  if (pattern[i] !== ']' || members === '') return undefined;
  // A class never matches the separator, negated or not.
  return { source: negated ? `[^/${members}]` : `(?:(?!/)[${members}])`, end: i + 1 };
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function escapeClassMember(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}
