import type { TfFunction } from './tf-functions.js';
import { toStringValue, type TfValue } from './tf-values.js';

// https://developer.hashicorp.com/terraform/language/functions (string functions). Arguments are
// known here: tf-functions.ts turns a call with an unknown argument into an unknown first.

function str(v: TfValue | undefined): string | undefined {
  return v === undefined ? undefined : toStringValue(v);
}

/** `format` verbs: %s, %d, %f, %v, %q, %t and %%, with simple width/precision flags. */
function formatString(spec: string, args: TfValue[]): string | undefined {
  let i = 0;
  let failed = false;
  const out = spec.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g, (_m, _flags: string, _width: string, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (arg === undefined) { failed = true; return ''; }
    switch (verb) {
      case 's': case 'v': {
        const s = toStringValue(arg);
        if (s === undefined) { failed = verb === 's'; return JSON.stringify(arg); }
        return s;
      }
      case 'q': return JSON.stringify(toStringValue(arg) ?? '');
      case 'd': { const n = Number(arg); if (Number.isNaN(n)) failed = true; return String(Math.trunc(n)); }
      case 'f': { const n = Number(arg); if (Number.isNaN(n)) failed = true; return n.toFixed(precision ? Number(precision) : 6); }
      case 't': return String(arg);
      default: failed = true; return '';
    }
  });
  return failed ? undefined : out;
}

/** Terraform's `replace`: a substring, or an RE2 pattern when written between slashes. */
function replaceString(s: string, search: string, replacement: string): string | undefined {
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    try {
      return s.replace(new RegExp(search.slice(1, -1), 'g'), replacement.replace(/\$\{?(\d+)\}?/g, '$$$1'));
    } catch {
      return undefined;
    }
  }
  return s.split(search).join(replacement);
}

export const stringFunctions: Record<string, TfFunction> = {
  format: ([spec, ...rest]) => {
    const s = str(spec);
    return s === undefined ? undefined : formatString(s, rest);
  },
  formatlist: ([spec, ...rest]) => {
    const s = str(spec);
    if (s === undefined) return undefined;
    const lengths = rest.filter(Array.isArray).map((a) => (a as TfValue[]).length);
    if (lengths.length === 0) return [formatString(s, rest) ?? ''];
    const n = lengths[0] as number;
    if (lengths.some((l) => l !== n)) return undefined;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = formatString(s, rest.map((a) => (Array.isArray(a) ? (a[i] as TfValue) : a)));
      if (r === undefined) return undefined;
      out.push(r);
    }
    return out;
  },
  replace: ([s, a, b]) => {
    const [x, y, z] = [str(s), str(a), str(b)];
    return x === undefined || y === undefined || z === undefined ? undefined : replaceString(x, y, z);
  },
  join: ([sep, ...lists]) => {
    const d = str(sep);
    if (d === undefined || !lists.every(Array.isArray)) return undefined;
    const parts = lists.flatMap((l) => l as TfValue[]).map(str);
    return parts.every((p) => p !== undefined) ? parts.join(d) : undefined;
  },
  split: ([sep, s]) => {
    const [d, x] = [str(sep), str(s)];
    return d === undefined || x === undefined ? undefined : x.split(d);
  },
  lower: ([s]) => str(s)?.toLowerCase(),
  upper: ([s]) => str(s)?.toUpperCase(),
  title: ([s]) => str(s)?.replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: ([s]) => str(s)?.trim(),
  trim: ([s, cut]) => {
    const [x, c] = [str(s), str(cut)];
    if (x === undefined || c === undefined) return undefined;
    let a = 0;
    let b = x.length;
    while (a < b && c.includes(x[a] as string)) a++;
    while (b > a && c.includes(x[b - 1] as string)) b--;
    return x.slice(a, b);
  },
  trimprefix: ([s, p]) => {
    const [x, y] = [str(s), str(p)];
    return x === undefined || y === undefined ? undefined : x.startsWith(y) ? x.slice(y.length) : x;
  },
  trimsuffix: ([s, p]) => {
    const [x, y] = [str(s), str(p)];
    return x === undefined || y === undefined ? undefined : y !== '' && x.endsWith(y) ? x.slice(0, -y.length) : x;
  },
  substr: ([s, o, l]) => {
    const x = str(s);
    const off = Number(o);
    const len = Number(l);
    if (x === undefined || Number.isNaN(off) || Number.isNaN(len)) return undefined;
    const chars = [...x];
    const from = off < 0 ? chars.length + off : off;
    return chars.slice(from, len < 0 ? undefined : from + len).join('');
  },
  startswith: ([s, p]) => {
    const [x, y] = [str(s), str(p)];
    return x === undefined || y === undefined ? undefined : x.startsWith(y);
  },
  endswith: ([s, p]) => {
    const [x, y] = [str(s), str(p)];
    return x === undefined || y === undefined ? undefined : x.endsWith(y);
  },
  strcontains: ([s, p]) => {
    const [x, y] = [str(s), str(p)];
    return x === undefined || y === undefined ? undefined : x.includes(y);
  },
  basename: ([s]) => str(s)?.replace(/\/+$/, '').split('/').pop(),
  dirname: ([s]) => {
    const x = str(s);
    if (x === undefined) return undefined;
    const at = x.lastIndexOf('/');
    return at < 0 ? '.' : at === 0 ? '/' : x.slice(0, at);
  },
  abs: ([n]) => (typeof n === 'number' ? Math.abs(n) : undefined),
  // https://developer.hashicorp.com/terraform/language/functions/urlencode: Go's url.QueryEscape,
  // which also escapes !'()* (encodeURIComponent keeps them) and writes a space as `+`.
  urlencode: ([s]) => str(s)?.split(' ').map((part) => encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('+'),
  base64encode: ([s]) => {
    const x = str(s);
    return x === undefined ? undefined : Buffer.from(x, 'utf8').toString('base64');
  },
  base64decode: ([s]) => {
    const x = str(s);
    return x === undefined ? undefined : Buffer.from(x, 'base64').toString('utf8');
  },
  regex: ([p, s]) => {
    const [pattern, x] = [str(p), str(s)];
    if (pattern === undefined || x === undefined) return undefined;
    try {
      const m = new RegExp(pattern).exec(x);
      if (!m) return undefined;
      if (m.groups) return { ...m.groups } as TfValue;
      return m.length > 1 ? m.slice(1).map((g) => g ?? null) : m[0];
    } catch {
      return undefined;
    }
  },
};
