// The org-scale bench: a generated organisation (bench/generate-org.ts) at 1× and 3×, each scanned in
// its own process. Prints the scan / parse-floor ratio at 1×, the growth 1×→3×, the peak RSS at 3×
// and the time per stage, with V8 set as the CLI sets it (src/v8-tuning.ts; at 1× also with V8's
// defaults). Times are CPU time (user + system) of the measured process: on a shared
// machine wall time says more about the neighbours than about the scan. The scan runs the compiled
// code in dist/, as the CLI does (`npm run bench` builds it first; bench/org-scan.child.mjs). Run
// alone with `npm run build && npx tsx bench/org.bench.ts [scale...]`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateOrg, type OrgCounts } from './generate-org.js';

export interface OrgRun {
  scale: number; counts: OrgCounts; floorMs: number; scanMs: number; stages: Record<string, number>; maxRssMb: number; readers: number;
  /** At 1×: the same two measurements with V8's default settings instead of the CLI's (src/v8-tuning.ts). */
  untuned?: { floorMs: number; scanMs: number };
}

const child = fileURLToPath(new URL('./org-scan.child.mjs', import.meta.url));

function measure(mode: 'floor' | 'scan', dir: string, untuned = false): { ms: number; stages: Record<string, number>; maxRssMb: number; readers?: number } {
  const out = execFileSync(process.execPath, [child, ...(untuned ? ['--untuned'] : []), mode, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { ms: number; stages: Record<string, number>; maxRssMb: number; readers?: number };
}

/**
 * Generates the org at `scale` (seed 1), then times the parse floor and the scan, each the best of
 * two runs (CPU time on a shared 2-core machine varies by ±15% between runs of the same code); the
 * peak RSS is the higher of the two scans'.
 */
export function runOrgScale(scale: number): OrgRun {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-org-'));
  try {
    const counts = generateOrg(dir, { seed: 1, scale });
    const floorMs = Math.min(measure('floor', dir).ms, measure('floor', dir).ms);
    const first = measure('scan', dir);
    const second = measure('scan', dir);
    const scan = first.ms <= second.ms ? first : second;
    const maxRssMb = Math.max(first.maxRssMb, second.maxRssMb);
    const untuned = scale === 1 ? {
      floorMs: Math.min(measure('floor', dir, true).ms, measure('floor', dir, true).ms),
      scanMs: Math.min(measure('scan', dir, true).ms, measure('scan', dir, true).ms),
    } : undefined;
    return { scale, counts, floorMs, scanMs: scan.ms, stages: scan.stages, maxRssMb, readers: scan.readers ?? 0, ...(untuned ? { untuned } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatOrgBench(runs: OrgRun[]): string {
  const lines = ['## Org scale: a generated organisation (bench/generate-org.ts, seed 1), scanned in a child process'];
  for (const r of runs) {
    const c = r.counts;
    lines.push(`${r.scale}x: ${c.roles} roles, ${c.users} users, ${c.policies} policies (${c.statements} statements), ${c.services} task definitions, ${c.buckets} bucket policies, ${c.keys} keys, ${c.secrets} declared secrets, ${c.vaultPolicies} Vault policies, ${c.vaultRoles} auth roles; ${c.files} files, ${(c.bytes / 1e6).toFixed(0)} MB`);
    lines.push(`    parse floor ${Math.round(r.floorMs)} ms; scan ${Math.round(r.scanMs)} ms (best of two) (${(r.scanMs / r.floorMs).toFixed(1)}x the floor), peak RSS ${r.maxRssMb} MB, ${r.readers} reader entries`);
    lines.push(`    stages (CPU ms): ${Object.entries(r.stages).map(([s, ms]) => `${s} ${ms} ms`).join(', ')}`);
    if (r.untuned) lines.push(`    with V8's defaults instead of the CLI's settings: parse floor ${Math.round(r.untuned.floorMs)} ms; scan ${Math.round(r.untuned.scanMs)} ms (${(r.untuned.scanMs / r.untuned.floorMs).toFixed(1)}x the floor)`);
  }
  const one = runs.find((r) => r.scale === 1);
  const three = runs.find((r) => r.scale === 3);
  if (one) lines.push(`scan / parse floor at 1x: ${(one.scanMs / one.floorMs).toFixed(1)}x (goal <= 3x)`);
  if (one && three) {
    lines.push(`growth 1x -> 3x: ${(three.scanMs / one.scanMs).toFixed(2)}x (goal <= 3.3x)`);
    lines.push(`peak RSS at 3x: ${three.maxRssMb} MB (goal <= 1024 MB)`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scales = process.argv.slice(2).map(Number);
  console.log(formatOrgBench((scales.length > 0 ? scales : [1, 3]).map(runOrgScale)));
}
