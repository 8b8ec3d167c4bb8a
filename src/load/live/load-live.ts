import type { AwsLiveOptions } from './aws/aws-options.js';
import { collectAws } from './aws/collect-aws.js';
import { LiveCaller, type LiveLoadResult } from './live-call.js';
import { LiveProgress, type ProgressSink } from './live-progress.js';
import { collectVault, type VaultLiveOptions } from './vault/collect-vault.js';

export type { AwsLiveOptions, VaultLiveOptions, LiveLoadResult, ProgressSink };

/** What to read live (docs/live-mode.md). */
export interface LiveOptions {
  aws?: AwsLiveOptions;
  vault?: VaultLiveOptions;
  /** Progress lines go here (stderr); absent = silent (`--quiet`). */
  progress?: ProgressSink;
  /** Calls in flight at once (default: `aws.concurrency` or 16). */
  concurrency?: number;
}

/** A live collection and the number of API calls it made. */
export interface LiveCollection extends LiveLoadResult {
  calls: number;
  /** What was read: `aws:account:ID` per account, `vault:ADDR`. */
  sources: string[];
}

/** Reads live AWS and Vault concurrently; failures are issues in the result, never exceptions. */
export async function loadLive(options: LiveOptions): Promise<LiveCollection> {
  const progress = new LiveProgress(options.progress);
  const caller = new LiveCaller(options.concurrency ?? options.aws?.concurrency ?? 16, progress);
  const parts = await Promise.all([
    options.aws ? collectAws(options.aws, caller) : undefined,
    options.vault ? collectVault(options.vault, caller) : undefined,
  ]);
  const result: LiveCollection = { fragments: [], loaded: [], issues: [], calls: 0, sources: [] };
  for (const part of parts) {
    if (!part) continue;
    result.fragments.push(...part.fragments);
    result.loaded.push(...part.loaded);
    result.issues.push(...part.issues);
  }
  result.sources = [...new Set(result.loaded.flatMap((entry) => {
    const account = /\(account (\d{12})/.exec(entry)?.[1];
    if (account) return [`aws:account:${account}`];
    const vault = /^(vault:\S+?)(?:\/sys|\s)/.exec(entry)?.[1];
    return vault ? [vault] : [];
  }))].sort();
  result.calls = caller.calls;
  progress.finish(`live inventory read: ${result.loaded.length} sources, ${result.issues.length} issues`);
  return result;
}
