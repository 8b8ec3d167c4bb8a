import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The package's bin wrapper runs through a shell, which splits "Gh;Sarif" at the semicolon; call
// the native Multitool the package points at instead.
const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

export interface ValidationResult { ruleId: string; level?: string; message: { id?: string; arguments?: string[] } }

/** Runs Microsoft's SARIF Multitool `validate --rule-kind "Gh;Sarif"` (all levels) and returns its results. */
export function validateWithMultitool(sarif: string): ValidationResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'sarif-'));
  const input = join(dir, 'report.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, sarif);
  const run = spawnSync(multitool, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '--output', output, input], { encoding: 'utf8' });
  assert.equal(run.status, 0, `multitool failed: ${run.stdout}\n${run.stderr}`);
  const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: ValidationResult[] }[] };
  return log.runs[0]?.results ?? [];
}

/** The results a GitHub upload would trip over: errors and warnings, as readable lines. */
export function seriousResults(results: ValidationResult[]): string[] {
  return results
    .filter((r) => r.level === undefined || r.level === 'error' || r.level === 'warning')
    .map((r) => `${r.level ?? 'warning'} ${r.ruleId} ${(r.message.arguments ?? []).join(' | ')}`);
}
