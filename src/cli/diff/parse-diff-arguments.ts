import { UsageError } from '../../usage-error.js';
import { parseArguments, type CliOptions } from '../parse-arguments.js';

export interface DiffOptions extends CliOptions {
  /** The git ref the working tree is compared with (its merge base with HEAD). */
  base: string;
}

/**
 * Parses `secret-scan diff --base REF [PATH…] [options]` (argv after `diff`): takes out `--base`,
 * then reads the rest as the scan's own options, so both commands accept the same flags.
 */
export function parseDiffArguments(argv: string[]): DiffOptions {
  const rest: string[] = [];
  let base: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') { rest.push(...argv.slice(i)); break; }
    if (arg === '--base') {
      base = argv[i + 1];
      if (base === undefined || base.startsWith('-')) throw new UsageError('--base needs a git ref, e.g. --base origin/main');
      i += 1;
    } else if (arg.startsWith('--base=')) base = arg.slice('--base='.length);
    else rest.push(arg);
  }
  const options = parseArguments(rest);
  if (options.command !== 'scan') return { ...options, base: base ?? '' };
  if (base === undefined || base === '') throw new UsageError('diff needs --base REF (e.g. secret-scan diff --base origin/main infra/)');
  return { ...options, base };
}

export const DIFF_USAGE = `Usage: secret-scan diff --base REF [PATH...] [options]

Scans the merge base of REF and HEAD (a git worktree) and the working tree with the same paths and
manifest, and reports per secret the readers added, removed or changed. Only new findings count
for --fail-on. Accepts every option of a scan.
`;
