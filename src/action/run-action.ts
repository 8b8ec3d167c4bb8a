import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import type { Report } from '../model/report.js';
import { failsAt, writeOutputs as writeCliOutputs, type CliIo } from '../cli/write-outputs.js';
import { parseArguments, type CliOptions } from '../cli/parse-arguments.js';
import { parseDiffArguments } from '../cli/diff/parse-diff-arguments.js';
import { scanDiff } from '../cli/diff/run-diff.js';
import { newFindings } from '../diff/compare-reports.js';
import { formatDiffMarkdown } from '../report/diff-markdown.js';
import { formatMarkdown } from '../report/markdown.js';
import { fitMarkdown, JOB_SUMMARY_LIMIT, PR_COMMENT_LIMIT } from '../report/markdown-fit.js';
import { formatSarif } from '../report/sarif.js';
import { withoutSuppressed } from '../report/suppression-text.js';
import { reportRuleCatalog } from '../rules/sarif-rule-catalog.js';
import { scanDetailed, toolVersion } from '../api/scan.js';
import { UsageError } from '../usage-error.js';
import { readRunContext, type RunContext } from './github-event.js';
import { readActionInputs, type ActionInputs } from './inputs.js';
import { upsertPullRequestComment } from './pr-comment.js';
import { annotation, escapeData, writeOutputs } from './workflow-commands.js';

/** At most this many annotations: GitHub shows 10 errors and 10 warnings per step, 50 per job. */
const MAX_ANNOTATIONS = 50;

/**
 * The Action's entry, as the runner runs it: inputs from `INPUT_*`, the run from `GITHUB_*` and the
 * event payload. On a pull request (or with `base-ref`) it runs `secret-scan diff` against the base;
 * otherwise a plain scan. It writes the SARIF file, the chosen format (log or `output-file`), the
 * job summary, one PR comment updated in place, `::error` annotations for new findings, and the
 * outputs `sarif-file`, `new-findings`, `readers-added`, `exit-code`. Returns the process exit code:
 * 1 for counted findings at or above `fail-on` (0 with `soft-fail`), 2 for bad inputs, 3 when the
 * scan could not complete.
 */
export async function runAction(env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let exitCode: number;
  let softFail = false;
  const outputs: Record<string, string | number> = { 'sarif-file': '', 'new-findings': 0, 'readers-added': 0 };
  try {
    const context = readRunContext(env);
    const inputs = readActionInputs(env, context.pullRequest !== undefined);
    softFail = inputs.softFail;
    checkVersion(inputs.version);
    const base = inputs.baseRef !== '' ? inputs.baseRef : context.pullRequest?.baseSha ?? '';
    if (base !== '') ensureCommit(base, io.cwd, io);
    const argv = [
      ...inputs.paths, ...(inputs.manifest !== '' ? ['--manifest', inputs.manifest] : []), ...inputs.varFiles.flatMap((file) => ['--var-file', file]), ...inputs.terragruntEnv.flatMap((pair) => ['--terragrunt-env', pair]),
      '--fail-on', inputs.failOn, '--format', inputs.format,
    ];
    const options: CliOptions = base !== '' ? parseDiffArguments(['--base', base, ...argv]) : parseArguments(argv);
    const varFiles = { ...(options.varFiles ? { varFiles: options.varFiles } : {}), ...(options.terragruntEnv ? { terragruntEnv: options.terragruntEnv } : {}) };
    const report = base !== ''
      ? await scanDiff({ ...options, base }, io.cwd, { escalation: options.escalation, ...varFiles })
      : (await scanDetailed({ paths: options.paths, ...(options.manifest !== undefined ? { manifest: options.manifest } : {}), escalation: options.escalation, cwd: io.cwd, ...varFiles })).report;

    writeFormatted(report, options, inputs, io);
    const sarifPath = resolve(io.cwd, inputs.sarifFile);
    writeFile(sarifPath, formatSarif(report.diff !== undefined ? { ...report, findings: report.findings.filter((f) => f.baselineState === 'new') } : report,
      { rules: reportRuleCatalog(report), toolVersion: report.tool.version, category: inputs.sarifCategory }));
    outputs['sarif-file'] = sarifPath;

    const counted = report.diff !== undefined ? newFindings(report) : report.findings.filter((f) => (f.suppressions ?? []).length === 0);
    outputs['new-findings'] = counted.length;
    outputs['readers-added'] = report.diff?.summary.readersAdded ?? 0;
    for (const finding of counted.slice(0, MAX_ANNOTATIONS)) io.stdout.write(annotation(finding));

    const pointer = `the full report is in the workflow run's SARIF file (${inputs.sarifFile}) and JSON output`;
    const linkBase = context.repository !== '' ? `${context.serverUrl}/${context.repository}/blob/${context.pullRequest?.headSha ?? context.sha}/` : undefined;
    const summaryFile = env.GITHUB_STEP_SUMMARY;
    if (summaryFile !== undefined && summaryFile !== '') appendFileSync(summaryFile, renderMarkdown(report, JOB_SUMMARY_LIMIT, pointer, linkBase));
    if (inputs.comment && context.pullRequest !== undefined) await comment(context, inputs, renderMarkdown(report, PR_COMMENT_LIMIT, pointer, linkBase), io);

    exitCode = failsAt(counted, options.failOn) ? 1 : 0;
    if (exitCode === 1) io.stdout.write(`::error::${escapeData(`secret-scan: ${counted.length} ${report.diff !== undefined ? 'new ' : ''}finding(s); failing at ${options.failOn}${softFail ? ' (soft-fail: the step still passes)' : ''}`)}\n`);
  } catch (error) {
    exitCode = error instanceof UsageError || (error instanceof Error && error.message.startsWith('input ')) ? 2 : 3;
    io.stdout.write(`::error::${escapeData(`secret-scan: ${exitCode === 3 ? 'internal error: ' : ''}${error instanceof Error ? error.message : String(error)}`)}\n`);
  }
  writeOutputs(env.GITHUB_OUTPUT, { ...outputs, 'exit-code': exitCode });
  return softFail && exitCode === 1 ? 0 : exitCode;
}

/** The bundled scanner is the one a tag ships; `version` guards a workflow against running another. */
function checkVersion(wanted: string): void {
  if (wanted === '' || wanted === 'latest') return;
  const have = toolVersion();
  if (wanted.replace(/^v/, '') !== have) throw new UsageError(`input version ${wanted} asks for another secret-scan than this action ships (${have}); use the action's tag for that version, e.g. uses: OWNER/secret-scan@v${wanted.replace(/^v/, '')}`);
}

/** A CI checkout is often shallow: fetch the base commit when it is missing (best effort). */
function ensureCommit(ref: string, cwd: string, io: CliIo): void {
  const present = spawnSync('git', ['cat-file', '-e', `${ref}^{commit}`], { cwd, encoding: 'utf8' });
  if (present.status === 0) return;
  const fetched = spawnSync('git', ['fetch', '--no-tags', '--depth=1', 'origin', ref], { cwd, encoding: 'utf8' });
  if (fetched.status !== 0) io.stdout.write(`::warning::${escapeData(`secret-scan: could not fetch base ${ref}: ${fetched.stderr.trim()}`)}\n`);
}

function writeFormatted(report: Report, options: CliOptions, inputs: ActionInputs, io: CliIo): void {
  if (inputs.outputFile === '') { writeCliOutputs(report, options, { ...io, stdout: { write: (text: string) => io.stdout.write(text) } }); return; }
  let text = '';
  writeCliOutputs(report, options, { ...io, stdout: { write: (chunk: string) => { text += chunk; } } });
  writeFile(resolve(io.cwd, inputs.outputFile), text);
}

function renderMarkdown(report: Report, limit: number, pointer: string, linkBase: string | undefined): string {
  if (report.diff !== undefined) return formatDiffMarkdown(report, { limit, pointer, ...(linkBase !== undefined ? { linkBase } : {}) });
  return fitMarkdown({ head: [], items: formatMarkdown(withoutSuppressed(report)).split('\n'), tail: [] }, limit, pointer);
}

async function comment(context: RunContext, inputs: ActionInputs, body: string, io: CliIo): Promise<void> {
  if (inputs.githubToken === '' || context.pullRequest === undefined) {
    io.stdout.write('::warning::secret-scan: no github-token, so no PR comment\n');
    return;
  }
  try {
    const done = await upsertPullRequestComment({ apiUrl: context.apiUrl, repository: context.repository, issueNumber: context.pullRequest.number, token: inputs.githubToken }, body);
    io.stdout.write(`secret-scan: PR comment ${done}\n`);
  } catch (error) {
    // A fork's token cannot comment; the summary and SARIF still carry everything.
    io.stdout.write(`::warning::${escapeData(`secret-scan: ${error instanceof Error ? error.message : String(error)} (does the job have pull-requests: write?)`)}\n`);
  }
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

