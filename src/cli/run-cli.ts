import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Report } from '../model/report.js';
import { scanDetailed, toolVersion, type ScanOptions } from '../api/scan.js';
import { filterByBaseline } from '../report/baseline.js';
import { formatExplanation } from '../report/explain.js';
import { UsageError } from '../usage-error.js';
import { parseArguments, USAGE, type CliOptions } from './parse-arguments.js';
import { runDiffCli } from './diff/diff-command.js';
import { takeOutputFlags } from './output-flags.js';
import { failsAt, writeOutputs, type CliIo } from './write-outputs.js';
import { applySettings } from './settings.js';

/** Exit codes (README "Usage"). */
export const EXIT = { clean: 0, findings: 1, usage: 2, incomplete: 3 } as const;

/**
 * Runs the command line and returns the exit code (README "Usage"): 0 clean, 1 findings at or above
 * `--fail-on`, 2 usage error, 3 nothing was scanned or the scan could not complete (the reason is
 * printed). Errors are printed as one line; the stack of an internal error only with `--debug`.
 */
export async function runCli(rawArgv: string[], rawIo: CliIo): Promise<number> {
  const debug = rawArgv.includes('--debug');
  const output = takeOutputFlags(rawArgv, rawIo.stdout, process.env);
  const style = output.style;
  // --quiet silences progress and status lines on stderr (as trivy's does); the report asked for still goes to stdout.
  const io: CliIo = { ...rawIo, stdout: { write: (text: string) => rawIo.stdout.write(text), isTTY: style.color } };
  try {
    const isDiff = output.argv[0] === 'diff';
    const { argv, exclude } = applySettings(isDiff ? output.argv.slice(1) : output.argv, process.env, io.cwd);
    if (isDiff) return await runDiffCli(argv, io, exclude);
    const options = parseArguments(argv);
    if (options.command === 'help') { io.stdout.write(USAGE); return 0; }
    if (options.command === 'version') { io.stdout.write(`${toolVersion()}\n`); return 0; }
    const result = await scanDetailed({
      paths: options.paths, ...(options.manifest ? { manifest: options.manifest } : {}), escalation: options.escalation, cwd: io.cwd, exclude,
      ...(options.varFiles ? { varFiles: options.varFiles } : {}),
      ...(options.terragruntEnv ? { terragruntEnv: options.terragruntEnv } : {}),
      ...liveScanOptions(options, style.quiet, rawIo),
    });
    if (!style.quiet) for (const note of result.notes) io.stderr.write(`secret-scan: ${note}\n`);
    let report = result.report;
    if (options.baseline) report = filterByBaseline(report, readBaseline(resolve(io.cwd, options.baseline)));
    if (options.command === 'explain') {
      const secret = report.secrets.find((s) => s.id === options.secretId);
      if (!secret) throw new UsageError(`no secret with id "${options.secretId}" (known: ${report.secrets.map((s) => s.id).join(', ') || 'none'})`);
      io.stdout.write(formatExplanation(secret));
      return 0;
    }
    writeOutputs(report, options, io);
    if (result.nothingScanned) {
      io.stderr.write(`secret-scan: nothing was scanned: ${result.nothingScanned}\n`);
      return EXIT.incomplete;
    }
    return failsAt(report.findings, options.failOn) ? EXIT.findings : EXIT.clean;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`secret-scan: ${error.message}\n`);
      if (/^(Unknown option|Option|Unexpected argument)/.test(error.message)) io.stderr.write(USAGE);
      return EXIT.usage;
    }
    // One line: a message of an internal error may quote input, so only its class is named.
    const kind = error instanceof Error ? error.name : typeof error;
    io.stderr.write(`secret-scan: internal error (${kind}): the scan could not complete; rerun with --debug for the stack and please report it\n`);
    if (debug) io.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return EXIT.incomplete;
  }
}

/** Live reads, snapshots, and progress on stderr unless `--quiet`. */
function liveScanOptions(options: CliOptions, quiet: boolean, io: CliIo): Pick<ScanOptions, 'live' | 'snapshots' | 'snapshotOut'> {
  const { live, snapshots, snapshotOut } = options.live;
  return {
    ...(live ? { live: { ...live, ...(quiet ? {} : { progress: io.stderr }) } } : {}),
    ...(snapshots.length > 0 ? { snapshots } : {}),
    ...(snapshotOut !== undefined ? { snapshotOut } : {}),
  };
}

function readBaseline(path: string): Pick<Report, 'findings'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read baseline ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const findings = (parsed as { findings?: unknown }).findings;
  if (!Array.isArray(findings) || findings.some((f) => typeof (f as { fingerprint?: unknown }).fingerprint !== 'string')) {
    throw new UsageError(`baseline ${path} is not a secret-scan JSON report (findings with fingerprints)`);
  }
  return { findings: findings as Report['findings'] };
}
