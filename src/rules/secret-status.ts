import type { Reader, SecretStatus } from '../model/report.js';

/**
 * Whether an owner can read: it is a reader itself, or an abstract reader covers it — `*`, or the
 * root of its own account (e.g. a Vault ec2 role bound only by account admits every principal of
 * that account, docs/semantics.md#principals), so "the owner cannot read it" would be false.
 */
export function ownerReads(owner: string, readers: readonly Reader[]): boolean {
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(owner)?.[1];
  return readers.some((r) => r.principal === owner || r.principal === '*' || (account !== undefined && r.principal === `arn:aws:iam::${account}:root`));
}

/**
 * Status of one secret (docs/semantics.md#status): `unowned` without owners; `overexposed` when a reader is neither
 * owner nor trusted (it wins over unreachable); `unreachable` when an owner cannot read it; else `ok`.
 * A conditional reader is a reader, for both counts.
 */
export function secretStatus(owners: readonly string[], readers: readonly Reader[], trusted: ReadonlySet<string>): SecretStatus {
  if (owners.length === 0) return 'unowned';
  const ownerSet = new Set(owners);
  if (readers.some((r) => !ownerSet.has(r.principal) && !trusted.has(r.principal))) return 'overexposed';
  if (owners.some((o) => !ownerReads(o, readers))) return 'unreachable';
  return 'ok';
}
