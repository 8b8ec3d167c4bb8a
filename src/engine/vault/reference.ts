import type { VaultPolicy } from '../../model/vault.js';

/**
 * A deliberately naive re-statement of Vault's matching, for tests and benchmarks only: every
 * rule is checked against the path with a regular expression and the winner is chosen by the
 * documented tie-breakers. Capabilities only (no parameters, wrapping or templates).
 * https://developer.hashicorp.com/vault/docs/concepts/policies#priority-matching
 */
export function referenceCapabilities(policies: VaultPolicy[], rawPath: string): string[] {
  if (policies.some((p) => p.name === 'root')) return ['root'];
  const groups = new Map<string, { path: string; caps: Set<string> }>();
  for (const policy of policies) {
    for (const rule of policy.rules) {
      if (rule.path.includes('{{')) continue;
      const g = groups.get(rule.path) ?? { path: rule.path, caps: new Set<string>() };
      groups.set(rule.path, g);
      if (g.caps.has('deny')) continue;
      if (rule.capabilities.includes('deny')) g.caps = new Set(['deny']);
      else for (const c of rule.capabilities) g.caps.add(c);
    }
  }
  const all = [...groups.values()];
  const isSeg = (p: string): boolean => p === '+' || p.includes('/+') || p.startsWith('+/');
  const exact = (p: string) => all.find((g) => !isSeg(g.path) && !g.path.endsWith('*') && g.path === p);
  const nonExact = (p: string) => {
    const prefixes = all.filter((g) => !isSeg(g.path) && g.path.endsWith('*') && p.startsWith(g.path.slice(0, -1)));
    prefixes.sort((a, b) => b.path.length - a.path.length);
    const ranked: { rank: (number | string)[]; g: { caps: Set<string> } }[] = [];
    const longest = prefixes[0];
    if (longest) ranked.push({ rank: [longest.path.length - 1, 0, 0, longest.path.length - 1, longest.path.slice(0, -1)], g: longest });
    for (const g of all) {
      if (!isSeg(g.path) || !segmentRegex(g.path).test(p)) continue;
      const prefix = g.path.endsWith('*');
      const wc = prefix ? g.path.slice(0, -1) : g.path;
      // Higher rank wins: later first wildcard, not-prefix, fewer `+`, longer, lexically greater.
      ranked.push({ rank: [g.path.indexOf('+'), prefix ? 0 : 1, -wc.split('/').filter((s) => s === '+').length, wc.length, wc], g });
    }
    ranked.sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) {
        const x = a.rank[i] as number | string;
        const y = b.rank[i] as number | string;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
    return ranked[ranked.length - 1]?.g;
  };
  const path = rawPath.replace(/^\/+/, '');
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const hit = exact(path) ?? exact(trimmed) ?? (path.endsWith('/') ? nonExact(trimmed) : undefined) ?? nonExact(path);
  if (!hit || hit.caps.has('deny') || hit.caps.size === 0) return ['deny'];
  return [...hit.caps].sort();
}

function segmentRegex(rulePath: string): RegExp {
  const prefix = rulePath.endsWith('*');
  const body = prefix ? rulePath.slice(0, -1) : rulePath;
  const re = body
    .split('/')
    .map((s) => (s === '+' ? '[^/]*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${re}${prefix ? '[^]*' : ''}$`);
}
