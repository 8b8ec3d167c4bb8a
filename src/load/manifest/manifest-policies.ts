import type { ManifestPolicy, ReaderSelector, SecretKind } from '../../model/manifest.js';
import type { SourceRef } from '../../model/source.js';
import { UsageError } from '../../usage-error.js';
import { expandPrincipal } from './manifest-principal.js';

export type RawSelector = string | { arn?: string; account?: string; tags?: Record<string, string> };
export interface RawPolicy {
  id: string; level: 'error' | 'warning' | 'note'; message: string; help?: string;
  secrets?: { kind?: SecretKind; ssm?: string; vault?: string; s3?: string; secretsmanager?: string; id?: string; tags?: Record<string, string> };
  deny_readers?: RawSelector[]; allow_readers?: RawSelector[]; no_conditional_readers?: boolean;
}

/**
 * The `policies:` entries (already schema-valid) as ManifestPolicy values: `role/NAME` selectors
 * expanded in the default account. Throws UsageError naming file:line for a duplicate id.
 */
export function parsePolicies(raw: readonly RawPolicy[], lineOf: (pointer: string) => number, file: string, defaultAccount: string | undefined): ManifestPolicy[] {
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    const line = lineOf(`/policies/${index}`);
    const where = `${file}:${line}`;
    if (seen.has(entry.id)) throw new UsageError(`${where}: duplicate policy id "${entry.id}"`);
    seen.add(entry.id);
    const source: SourceRef = { file, line };
    const policy: ManifestPolicy = { id: entry.id, level: entry.level, message: entry.message, secrets: { ...(entry.secrets ?? {}) }, source };
    if (entry.help !== undefined) policy.help = entry.help;
    if (entry.deny_readers !== undefined) policy.denyReaders = entry.deny_readers.map((s) => toSelector(s, defaultAccount, where));
    if (entry.allow_readers !== undefined) policy.allowReaders = entry.allow_readers.map((s) => toSelector(s, defaultAccount, where));
    if (entry.no_conditional_readers === true) policy.noConditionalReaders = true;
    return policy;
  });
}

function toSelector(raw: RawSelector, defaultAccount: string | undefined, where: string): ReaderSelector {
  if (typeof raw === 'string') return { arn: expandPrincipal(raw, defaultAccount, where) };
  const selector: ReaderSelector = {};
  if (raw.arn !== undefined) selector.arn = expandPrincipal(raw.arn, defaultAccount, where);
  if (raw.account !== undefined) selector.account = raw.account;
  if (raw.tags !== undefined) selector.tags = raw.tags;
  return selector;
}
