import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FindingLevel, Report } from '../model/report.js';
import { reportRuleCatalog } from '../rules/sarif-rule-catalog.js';
import { formatJson, writeJson, writeJsonBytes } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import { suppressionLines, withoutSuppressed } from '../report/suppression-text.js';
import { UsageError } from '../usage-error.js';
import type { CliOptions, FailOn } from './parse-arguments.js';
import { TEXT_LEGEND } from './output-flags.js';
import { diffRenderers } from './diff/diff-renderers.js';

// Where a report goes and whether it fails the run: shared by `scan`, `diff` and the Action.

export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
}

const LEVEL_RANK: Record<FindingLevel, number> = { note: 1, warning: 2, error: 3 };
const FAIL_RANK: Record<FailOn, number> = { note: 1, warning: 2, error: 3, never: Infinity };

/** True when some finding not covered by an exception is at or above `failOn`. */
export function failsAt(findings: Report['findings'], failOn: FailOn): boolean {
  const threshold = FAIL_RANK[failOn];
  return findings.some((f) => (f.suppressions ?? []).length === 0 && LEVEL_RANK[f.level] >= threshold);
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
      // JSON goes to a file as UTF-8 bytes, encoded straight into one buffer (README "Org scale").
      if (format === 'json' && report.diff === undefined) writeJsonBytes(report, (chunk) => { writeSync(handle, chunk); });
      else emit(format, (chunk) => { writeSync(handle, chunk); });
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

function withSuppressionLines(rendered: string, report: Report): string {
  const lines = suppressionLines(report);
  return lines.length === 0 ? rendered : `${rendered}\n${lines.join('\n')}\n`;
}
