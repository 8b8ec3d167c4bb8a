import type { ManifestException } from '../../model/manifest.js';
import type { SourceRef } from '../../model/source.js';
import { UsageError } from '../../usage-error.js';
import { expandPrincipal } from './manifest-principal.js';

/**
 * One `exceptions:` entry (already schema-valid) as a ManifestException: `role/NAME` principals
 * expanded in the default account, `expires` checked to be a real calendar date. Throws UsageError
 * with `where` (file:line) otherwise.
 */
export function parseException(
  entry: { rule: string; secret?: string; principal?: string; reason: string; expires?: string },
  where: string, defaultAccount: string | undefined, source: SourceRef,
): ManifestException {
  const exception: ManifestException = { rule: entry.rule, reason: entry.reason.trim(), source };
  if (exception.reason.length === 0) throw new UsageError(`${where}: an exception needs a reason`);
  if (entry.secret !== undefined) exception.secret = entry.secret;
  if (entry.principal !== undefined) exception.principal = expandPrincipal(entry.principal, defaultAccount, where);
  if (entry.expires !== undefined) {
    const date = new Date(`${entry.expires}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== entry.expires) throw new UsageError(`${where}: expires "${entry.expires}" is not a date (YYYY-MM-DD)`);
    exception.expires = entry.expires;
  }
  return exception;
}
