import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FindingLevel, Report } from '../model/report.js';
import { scanDetailed, toolVersion, type ScanOptions } from '../scan.js';
import { reportRuleCatalog } from '../rules/sarif-rule-catalog.js';
import { filterByBaseline } from '../report/baseline.js';
import { formatExplanation } from '../report/explain.js';
import { formatJson, writeJson } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import { suppressionLines, withoutSuppressed } from '../report/suppression-text.js';
import { UsageError } from '../usage-error.js';
import { parseArguments, USAGE, type CliOptions, type FailOn } from './parse-arguments.js';
import { runDiffCli } from './diff/diff-command.js';
import { takeOutputFlags, TEXT_LEGEND } from './output-flags.js';
import { applySettings } from './settings.js';
import { diffRenderers } from './diff/diff-renderers.js';

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
}

const LEVEL_RANK: Record<FindingLevel, number> = { note: 1, warning: 2, error: 3 };
const FAIL_RANK: Record<FailOn, number> = { note: 1, warning: 2, error: 3, never: Infinity };

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
      ...liveScanOptions(options, style.quiet, rawIo),
    });
    if (!style.quiet) for (const note of result.notes) io.stderr.write(`secret-scan: ${note}\n`);
    let report = result.report;
    if (options.baseline) report = filterByBaseline(report, readBaseline(resolve(io.cwd, options.baseline)));
    if (options.command === 'explain') {
      const secret = report.secrets.find((s) => s.id === options.secretId);
      if (!secret) throw new UsageError(`no secret with id "${options.secretId}" (known: ${report.secrets.map((s) => s.id).join(', ') || 'none'})`);
      io.stdout.write(formatExplanation(secret, new Set(result.manifest.trusted)));
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

/** True when some finding not covered by an exception is at or above `failOn`. */
export function failsAt(findings: Report['findings'], failOn: FailOn): boolean {
  const threshold = FAIL_RANK[failOn];
  return findings.some((f) => (f.suppressions ?? []).length === 0 && LEVEL_RANK[f.level] >= threshold);
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

/** Writes `--json/--sarif/--markdown` files and the `--format` output to stdout. */
export function writeOutputs(report: Report, options: CliOptions, io: CliIo): void {
  const render = report.diff !== undefined ? diffRenderers(report, io) : {
    text: () => `${withSuppressionLines(formatText(withoutSuppressed(report), { color: io.stdout.isTTY === true }), report)}${report.secrets.length > 0 ? `\n${TEXT_LEGEND}\n` : ''}`,
    json: () => formatJson(report),
    sarif: () => formatSarif(report, { rules: reportRuleCatalog(report), toolVersion: report.tool.version }),
    markdown: () => withSuppressionLines(formatMarkdown(withoutSuppressed(report)), report),
  };
  // JSON is streamed: an organisation's report holds tens of thousands of readers.
  const emit = (format: CliOptions['format'], write: (chunk: string) => void): void => {
    if (format === 'json' && report.diff === undefined) writeJson(report, write);
    else write(render[format]());
  };
  const targets: [string, keyof typeof render][] = [
    ...(options.jsonFile ?? []).map((f): [string, 'json'] => [f, 'json']),
    ...(options.sarifFile ?? []).map((f): [string, 'sarif'] => [f, 'sarif']),
    ...(options.markdownFile ?? []).map((f): [string, 'markdown'] => [f, 'markdown']),
  ];
  const toStdout = targets.filter(([file]) => file === '-').map(([, format]) => format);
  if (toStdout.length > 1 || (toStdout.length === 1 && options.formatGiven)) {
    throw new UsageError('only one report can go to stdout: give "-" to one of --json/--sarif/--markdown, or --format, not several');
  }
  for (const [file, format] of targets) {
    if (file === '-') continue;
    const path = resolve(io.cwd, file);
    let fd: number | undefined;
    try {
      ensureDirectory(dirname(path));
      fd = openSync(path, 'w');
      const handle = fd;
      emit(format, (chunk) => { writeSync(handle, chunk); });
    } catch (error) {
      throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  emit(toStdout[0] ?? options.format, (chunk) => { io.stdout.write(chunk); });
}

/**
 * Creates a report's directory one level at a time (mkdirSync's recursive mode never returns on
 * some pseudo file systems, e.g. below /proc). Depth is bounded by the path itself.
 */
function ensureDirectory(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDirectory(parent);
  mkdirSync(dir);
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

function withSuppressionLines(rendered: string, report: Report): string {
  const lines = suppressionLines(report);
  return lines.length === 0 ? rendered : `${rendered}\n${lines.join('\n')}\n`;
}
