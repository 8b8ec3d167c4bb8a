import * as crypto from 'node:crypto';
import type { Finding } from '../model/report.js';

/**
 * Stable identity of a finding across runs: sha256 (hex, 64 chars) of the rule id, the secret,
 * the principal and the primary location's file. The line is left out on purpose: unrelated edits
 * move lines, and GitHub / `--baseline` must still see the same finding.
 *
 * The finding's identifying properties (`role`, `policy`, `pattern`, `file`; never `line`) are
 * part of it. When a finding names neither secret nor principal (SS004–SS009, SS011 are about a setting or a
 * file), several findings of one rule can share a file; their message (with digits removed, since
 * those are mostly line numbers and counts) then tells them apart.
 */
export function fingerprintFinding(finding: Omit<Finding, 'fingerprint'>, rebasePath: (file: string) => string = (file) => file): string {
  // Paths are rebased (to the repository root) so that the fingerprint does not depend on the
  // directory the scan ran from; a path in the message or properties is rebased the same way.
  const files = [...new Set(finding.locations.map((l) => l.file))].filter((f) => f !== '' && rebasePath(f) !== f);
  const rebaseText = (text: string): string => files.reduce((out, file) => out.split(file).join(rebasePath(file)), text);
  const parts = [finding.ruleId, finding.secret ?? '', finding.principal ?? '', finding.locations[0] ? rebasePath(finding.locations[0].file) : ''];
  const identifying = Object.entries(finding.properties ?? {}).filter(([key]) => key !== 'line').sort(([a], [b]) => a.localeCompare(b));
  if (identifying.length > 0) parts.push(identifying.map(([key, value]) => `${key}=${rebaseText(String(value))}`).join('\u0001'));
  if (finding.secret === undefined && finding.principal === undefined) parts.push(rebaseText(finding.message).replace(/\d+/g, '#'));
  // NUL cannot occur in ids or paths, so joined parts cannot be confused with other splits.
  return sha256Hex(parts.join('\u0000'));
}

// One-shot hashing (Node 20.12 and later) skips a Hash object per finding: an organisation's
// report fingerprints tens of thousands. The same digest either way.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex: (text: string) => string = typeof oneShot === 'function'
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');
