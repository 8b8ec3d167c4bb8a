// The whole-scan fuzz target: one file of a fixture directory is mutated, the directory is scanned
// in-process (scanDetailed, as the CLI runs it), and every report format is rendered. Besides "no
// exception escapes" and "the canary never appears", it checks two properties against scans of
// the same directory with the original file (O) and without the file (B):
//
// - A mutated file is either loaded or named: F is in coverage.loaded or in coverage.skipped
//   (which carries every SS011 with its file).
// - The valid rest of the scan is unchanged:
//   1. every other file loads as before: coverage.loaded minus F is the same in M and O;
//   2. no reader is lost that does not depend on F. F's unit is F itself, except that every
//      Terraform file of the scan is one unit (variables, providers, locals and module calls cross
//      files; so is a file Terraform reads with `file()` or `templatefile()`). A reader of O depends on the unit when its chain (`via[].source.file`) cites a file
//      of the unit, or a file of the unit (before or after the mutation) names its principal (the
//      ARN's last segment: where the role or user is defined) or the secret. Every other reader of
//      every secret of O must still be a reader of that secret in M. Skipped when the scan identity
//      changed (a dump naming another account legitimately renames every principal), when F could
//      take access away without being cited (see `mayDeny`), and for a discovered secret that F
//      may define (gone from M);
//   3. when F was refused outright (named with "nothing was loaded from this file" or not
//      recognized), M reads as if F were absent: every reader of every secret of B is in M.
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { scanDetailed } from '../src/api/scan.js';
import type { Report } from '../src/model/report.js';
import { formatJson } from '../src/report/json.js';
import { formatText } from '../src/report/text.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { formatSarif } from '../src/report/sarif.js';
import { loadRuleCatalog } from '../src/rules/rule-catalog.js';

export interface ScanInput {
  /** Absolute path of the fixture directory in the repository (copied once per worker, never written). */
  fixture: string;
  /** The mutated file, relative to the fixture directory. */
  file: string;
  /** Its original text, restored after the run. */
  original: string;
  text: string;
}

export interface ScanRun {
  messages: string[];
  /** Broken properties, one line each. */
  violations: string[];
}

const copies = new Map<string, string>();
const baselines = new Map<string, Report>();
let work: string | undefined;

function copyOf(fixture: string): string {
  let dir = copies.get(fixture);
  if (dir === undefined) {
    work ??= mkdtempSync(join(tmpdir(), 'secret-scan-fuzz-'));
    dir = join(work, `${copies.size}-${basename(fixture)}`);
    cpSync(fixture, dir, { recursive: true });
    copies.set(fixture, dir);
  }
  return dir;
}

/** Removes this worker's copies (the runner calls it on exit). */
export function cleanUp(): void {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
}

async function scanDir(dir: string): Promise<{ report: Report; stderr: string[] }> {
  const result = await scanDetailed({ paths: ['.'], cwd: dir, today: '2026-01-01', respectGitignore: false });
  return { report: result.report, stderr: [...result.notes, ...(result.nothingScanned ? [result.nothingScanned] : [])] };
}

async function baseline(key: string, run: () => Promise<Report>): Promise<Report> {
  let report = baselines.get(key);
  if (report === undefined) {
    report = await run();
    baselines.set(key, report);
  }
  return report;
}

/**
 * Whether a file's text could hold something that takes access away without being cited in the
 * reader's chain: a Deny, an SCP or a permissions boundary, or a KMS key policy (which must also
 * allow). Mutating such a file may remove readers rightly.
 */
function mayDeny(text: string): boolean {
  return /Deny|NotPrincipal|NotAction|NotResource|[Bb]oundary|SERVICE_CONTROL|service_control|organizations|[Kk]ey[-_ ]?[Pp]olicy|kms/.test(text);
}

const readersOf = (report: Report): Map<string, Map<string, readonly string[]>> =>
  new Map(report.secrets.map((s) => [s.id, new Map(s.readers.map((r) => [r.principal, r.via.map((v) => v.source?.file ?? '')]))]));

export async function runScanTarget(input: ScanInput): Promise<ScanRun> {
  const dir = copyOf(input.fixture);
  const path = join(dir, input.file);
  const original = await baseline(`O|${input.fixture}`, async () => (await scanDir(dir)).report);
  const key = `B|${input.fixture}|${input.file}`;
  let mutated: { report: Report; stderr: string[] };
  try {
    writeFileSync(path, input.text);
    mutated = await scanDir(dir);
  } finally {
    writeFileSync(path, input.original);
  }
  const report = mutated.report;
  const messages = [
    ...mutated.stderr,
    formatJson(report),
    formatText(report, { color: false }),
    formatMarkdown(report),
    formatSarif(report, { rules: loadRuleCatalog(), toolVersion: '0.0.0' }),
  ];
  const violations: string[] = [];
  const f = input.file;
  const named = report.coverage.skipped.filter((s) => s.file === f);
  if (!report.coverage.loaded.includes(f) && named.length === 0) violations.push(`${f} neither loaded nor named in coverage.skipped`);
  const others = (r: Report): string => r.coverage.loaded.filter((l) => l !== f).sort().join('\n');
  if (others(report) !== others(original)) violations.push(`other files load differently: ${diffLines(others(original), others(report))}`);
  const sameIdentity = JSON.stringify(report.coverage.identity) === JSON.stringify(original.coverage.identity);
  const now = readersOf(report);
  if (sameIdentity && !mayDeny(input.text) && !mayDeny(input.original)) {
    const unit = unitOf(dir, f);
    const unitText = [...unit].filter((u) => u !== f).map((u) => readFileSync(join(dir, u), 'utf8')).concat(input.original, input.text).join('\n');
    for (const [secret, readers] of readersOf(original)) {
      const target = original.secrets.find((s) => s.id === secret);
      if (unitText.includes(secret) || (target !== undefined && unitText.includes(lastSegment(target.resource)))) continue;
      for (const [principal, files] of readers) {
        if (files.some((file) => unit.has(file)) || unitText.includes(lastSegment(principal))) continue;
        const after = now.get(secret);
        // A discovered secret may be defined by F itself: a mutation can rename it away.
        if (after === undefined && original.secrets.find((s) => s.id === secret)?.origin === 'discovered') continue;
        if (!after?.has(principal)) violations.push(`${secret} lost reader ${principal} (its chain does not cite ${f})`);
      }
    }
  }
  const refused = report.coverage.loaded.includes(f) ? named.some((s) => /nothing was loaded from this file/.test(s.reason)) : true;
  if (refused) {
    const without = await baseline(key, async () => {
      const aside = `${path}.fuzz-aside`;
      renameSync(path, aside);
      try { return (await scanDir(dir)).report; } finally { renameSync(aside, path); }
    });
    if (JSON.stringify(report.coverage.identity) === JSON.stringify(without.coverage.identity)) {
      for (const [secret, readers] of readersOf(without)) {
        for (const principal of readers.keys()) {
          if (!now.get(secret)?.has(principal)) violations.push(`${f} refused, yet ${secret} lost reader ${principal} that the scan without ${f} has`);
        }
      }
    }
  }
  return { messages, violations };
}

const TERRAFORM = /\.(tf|tf\.json|tfvars|tfvars\.json)$/;

/** The files a change to `file` may reach through references: all Terraform files of the scan for a Terraform file. */
function unitOf(dir: string, file: string): Set<string> {
  const terraform = readdirSync(dir, { recursive: true }).map(String).filter((f) => TERRAFORM.test(f)).map((f) => f.split(sep).join('/'));
  // A file Terraform reads (`templatefile("policies/x.json.tpl")`, `file(…)`) is part of the Terraform unit: readers cite the `.tf` line.
  const readByTerraform = terraform.some((f) => readFileSync(join(dir, f), 'utf8').includes(basename(file)));
  if (!TERRAFORM.test(file) && !readByTerraform) return new Set([file]);
  return new Set([...terraform, file]);
}

const lastSegment = (arn: string): string => arn.split(/[/:]/).filter((s) => s !== '').pop() ?? arn;

function diffLines(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  const gone = [...a].filter((l) => !b.has(l));
  const added = [...b].filter((l) => !a.has(l));
  return `${gone.length > 0 ? `no longer loaded: ${gone.join(', ')}` : ''}${added.length > 0 ? ` newly loaded: ${added.join(', ')}` : ''}`.trim();
}
