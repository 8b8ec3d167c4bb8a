// How an expression's source text is shown when it names an unknown (`var.env`,
// `"logs-${var.env}/*"`). The text reaches every report format, so it must never carry a value:
// the text is read token by token, as HCL's lexer would
// (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#lexical-elements), and
// - a short expression written on one line is shown as written;
// - any other keeps its structure (names, operators, brackets, `${…}` interpolations) while the
//   literal text of every string and the body of every heredoc become `…`;
// - text that does not read as one expression (a string left open, brackets that do not pair,
//   a heredoc without its end) is not shown at all: parser recovery may have run it across the
//   attributes that follow, values included. Comments are dropped.

/** Longest text shown as written (single line only). */
const SHORT = 60;
/** Longest text shown at all. */
const LONGEST = 160;
const HIDDEN = '…';

/** The text to show for an expression written as `source` (its exact source text). */
export function expressionText(source: string): string {
  const short = !source.includes('\n') && source.trim().length <= SHORT;
  const shown = new ExpressionLexer(source, short).read();
  if (shown === undefined) return HIDDEN;
  return shown.length <= LONGEST ? shown : `${shown.slice(0, LONGEST - 1)}${HIDDEN}`;
}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** A run of characters that start no token of interest, outside and inside a string (copied at once). */
const PLAIN = /[^"#/<()[\]{}]+/y;
const LITERAL = /[^"\\$%\n]+/y;

class ExpressionLexer {
  private at = 0;
  private out = '';

  constructor(private readonly text: string, private readonly showLiterals: boolean) {}

  /** The shown text, or undefined when the source is not one well-formed expression. */
  read(): string | undefined {
    return this.tokens(undefined) && this.at >= this.text.length ? this.out.replace(/\s+/g, ' ').trim() : undefined;
  }

  /** Reads tokens until `until` closes them (or the end when undefined); false on malformed text. */
  private tokens(until: string | undefined): boolean {
    const open: string[] = [];
    while (this.at < this.text.length) {
      const c = this.text[this.at] ?? '';
      const next = this.text[this.at + 1] ?? '';
      if (c === '#' || (c === '/' && next === '/')) this.skipLine();
      else if (c === '/' && next === '*') {
        const end = this.text.indexOf('*/', this.at + 2);
        if (end < 0) return false;
        this.at = end + 2;
        this.out += ' ';
      } else if (c === '"') {
        if (!this.quoted()) return false;
      } else if (c === '<' && next === '<' && /^<<-?[A-Za-z_]/.test(this.text.slice(this.at, this.at + 4))) {
        if (!this.heredoc()) return false;
      } else if (c in CLOSING) {
        open.push(CLOSING[c] ?? '');
        this.take(1);
      } else if (c === ')' || c === ']' || c === '}') {
        if (open.length === 0) {
          if (c !== until) return false;
          return true;
        }
        if (open.pop() !== c) return false;
        this.take(1);
      } else {
        PLAIN.lastIndex = this.at;
        this.take(PLAIN.test(this.text) ? PLAIN.lastIndex - this.at : 1);
      }
    }
    return open.length === 0 && until === undefined;
  }

  /** A quoted template: literal runs (shown or hidden) and `${…}` / `%{…}` sequences (read as tokens). */
  private quoted(): boolean {
    this.take(1);
    let literal = '';
    const flush = (): void => {
      if (literal !== '') this.out += this.showLiterals ? literal : HIDDEN;
      literal = '';
    };
    while (this.at < this.text.length) {
      const c = this.text[this.at] ?? '';
      const next = this.text[this.at + 1] ?? '';
      if (c === '\n') return false;
      if (c === '"') {
        flush();
        this.take(1);
        return true;
      }
      if (c === '\\') {
        literal += this.text.slice(this.at, this.at + 2);
        this.at += 2;
      } else if ((c === '$' || c === '%') && next === c && this.text[this.at + 2] === '{') {
        literal += this.text.slice(this.at, this.at + 3); // `$${` is a literal `${`
        this.at += 3;
      } else if ((c === '$' || c === '%') && next === '{') {
        flush();
        this.take(2);
        if (!this.tokens('}')) return false;
        this.take(1);
      } else {
        LITERAL.lastIndex = this.at;
        const end = LITERAL.test(this.text) ? LITERAL.lastIndex : this.at + 1;
        literal += this.text.slice(this.at, end);
        this.at = end;
      }
    }
    return false;
  }

  /** `<<EOT` … `EOT` (or `<<-EOT`, indented end): the body is never shown. */
  private heredoc(): boolean {
    const head = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.text.slice(this.at));
    if (!head) return false;
    const marker = head[2] ?? '';
    const end = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
    const body = this.text.slice(this.at + head[0].length);
    const found = end.exec(body);
    if (!found) return false;
    this.out += `<<${head[1] ?? ''}${marker} ${HIDDEN} ${marker}`;
    this.at += head[0].length + found.index + found[0].length;
    return true;
  }

  private skipLine(): void {
    const end = this.text.indexOf('\n', this.at);
    this.at = end < 0 ? this.text.length : end;
  }

  private take(n: number): void {
    this.out += this.text.slice(this.at, this.at + n);
    this.at += n;
  }
}
