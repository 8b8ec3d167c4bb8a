import { toolVersion } from '../../api/scan.js';
import { newFindings } from '../../diff/compare-reports.js';
import { failsAt, writeOutputs, type CliIo } from '../write-outputs.js';
import { DIFF_USAGE, parseDiffArguments } from './parse-diff-arguments.js';
import { scanDiff } from './run-diff.js';

/**
 * `secret-scan diff --base REF [PATH…]`: writes the diff outputs and returns 1 when a *new* finding
 * (one the base did not have, not covered by an exception) is at or above `--fail-on`, else 0.
 * Usage errors are thrown to the caller, which maps them to exit code 2.
 */
export async function runDiffCli(argv: string[], io: CliIo, exclude: string[] = []): Promise<number> {
  const options = parseDiffArguments(argv);
  if (options.command === 'help') { io.stdout.write(DIFF_USAGE); return 0; }
  if (options.command === 'version') { io.stdout.write(`${toolVersion()}\n`); return 0; }
  const report = await scanDiff(options, io.cwd, {
    escalation: options.escalation, exclude,
    ...(options.varFiles ? { varFiles: options.varFiles } : {}),
    ...(options.terragruntEnv ? { terragruntEnv: options.terragruntEnv } : {}),
  });
  writeOutputs(report, options, io);
  return failsAt(newFindings(report), options.failOn) ? 1 : 0;
}
