import { ownEntry } from '../../../input-safety.js';
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  'µs': 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/**
 * Parses a Vault duration as `parseutil.ParseDurationSecond` does: a number or digit string is
 * seconds, otherwise a Go duration (`1h30m`, `90s`) with Vault's extra `d` (days) suffix.
 * Returns `undefined` when the value is not a duration. Fractions of a second are truncated.
 * https://developer.hashicorp.com/vault/docs/concepts/duration-format
 */
export function parseVaultDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return 0;
  if (/^\d+$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (ownEntry(UNIT_SECONDS, m[2] ?? '') ?? 0);
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? Math.floor(total + 1e-9) : undefined;
}
