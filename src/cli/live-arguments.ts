import type { LiveOptions } from '../load/live/load-live.js';
import { UsageError } from '../usage-error.js';

/** The live-mode part of the command line (docs/live-mode.md). */
export interface LiveArguments {
  live?: Omit<LiveOptions, 'progress'>;
  snapshots: string[];
  snapshotOut?: string;
}

/** The parsed flag values live mode reads. */
export interface LiveFlagValues {
  aws?: boolean;
  vault?: boolean;
  profile?: string;
  region?: string[];
  'assume-role'?: string[];
  'no-base-account'?: boolean;
  'vault-addr'?: string;
  'snapshot-out'?: string;
  snapshot?: string[];
}

/**
 * `--aws [--profile P] [--region R]... [--assume-role ARN]... [--no-base-account]`,
 * `--vault [--vault-addr URL]`, `--snapshot-out FILE`, `--snapshot FILE...`. Flags that only
 * make sense with `--aws` or `--vault` are usage errors without them.
 */
export function liveArguments(values: LiveFlagValues): LiveArguments {
  const awsOnly = (['profile', 'region', 'assume-role', 'no-base-account'] as const).filter((flag) => values[flag] !== undefined);
  if (!values.aws && awsOnly.length > 0) throw new UsageError(`--${awsOnly.join(', --')} need${awsOnly.length === 1 ? 's' : ''} --aws`);
  if (!values.vault && values['vault-addr'] !== undefined) throw new UsageError('--vault-addr needs --vault');
  if (values['snapshot-out'] !== undefined && !values.aws && !values.vault) throw new UsageError('--snapshot-out saves a live read: add --aws and/or --vault');
  for (const arn of values['assume-role'] ?? []) {
    if (!/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(arn)) throw new UsageError(`--assume-role needs a role ARN (arn:aws:iam::ACCOUNT:role/NAME), got "${arn}"`);
  }
  if (values['no-base-account'] && (values['assume-role'] ?? []).length === 0) throw new UsageError('--no-base-account leaves nothing to scan without --assume-role');
  const result: LiveArguments = { snapshots: values.snapshot ?? [] };
  if (values['snapshot-out'] !== undefined) result.snapshotOut = values['snapshot-out'];
  if (values.aws || values.vault) {
    const live: NonNullable<LiveArguments['live']> = {};
    if (values.aws) {
      live.aws = {
        ...(values.profile !== undefined ? { profile: values.profile } : {}),
        ...(values.region ? { regions: values.region } : {}),
        ...(values['assume-role'] ? { assumeRoles: values['assume-role'] } : {}),
        baseAccount: values['no-base-account'] !== true,
      };
    }
    if (values.vault) live.vault = values['vault-addr'] !== undefined ? { address: values['vault-addr'] } : {};
    result.live = live;
  }
  return result;
}
