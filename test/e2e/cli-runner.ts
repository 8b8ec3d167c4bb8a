import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Report } from '../../src/model/report.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const builtCli = join(repoRoot, 'dist', 'src', 'cli', 'main.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run build` first) as a user would, from the repository root. */
export function runBuiltCli(args: string[], cwd = repoRoot): CliRun {
  const result = spawnSync(process.execPath, [builtCli, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Scans a directory with the built CLI and returns the JSON report; fails the test on a bad exit. */
export function scanJson(dir: string): Report {
  const run = runBuiltCli([dir, '--format', 'json', '--fail-on', 'never']);
  if (run.status !== 0) throw new Error(`secret-scan ${dir} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Report;
}

/** Each secret's status and readers (conditional or not), in the shape of `expected.json`. */
export function secretsView(report: Report): Record<string, { status: string; readers: Record<string, { conditional: boolean }> }> {
  return Object.fromEntries(report.secrets.map((s) => [s.id, {
    status: s.status,
    readers: Object.fromEntries(s.readers.map((r) => [r.principal, { conditional: r.conditional }])),
  }]));
}
