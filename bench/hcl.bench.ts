// HCL parser choice, measured: tree-sitter-hcl (ours) against hcl2-parser (peer).
// Run standalone: npx tsx bench/hcl.bench.ts
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { BenchResult } from './bench-result.js';
export type { BenchResult };

const require = createRequire(import.meta.url);

function policyText(blocks: number): string {
  const out: string[] = [];
  for (let i = 0; i < blocks; i++) {
    out.push(`# rule ${i}\npath "secret/data/team-${i % 97}/app-${i}/*" {\n  capabilities = ["read", "list"]\n  allowed_parameters = {\n    "version" = []\n  }\n}\n`);
  }
  return out.join('\n');
}

function time(fn: () => void, minMs = 300): number {
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

/** Milliseconds a fresh Node process spends evaluating `statement` (an import), as the module's load time. */
function loadTimeInFreshProcess(statement: string): number {
  const script = `const t = performance.now(); ${statement}; console.log(performance.now() - t);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number.parseFloat(run.stdout.trim());
}

/** Load time, throughput on small policies, and a 4,000-block file, for both parsers. */
export async function runHclBench(): Promise<BenchResult[]> {
  // Load times are measured in fresh processes: in this one either module may already be loaded.
  const built = fileURLToPath(new URL('../dist/src/load/files/hcl/parse-hcl.js', import.meta.url));
  const oursLoad = existsSync(built) ? loadTimeInFreshProcess(`await import(${JSON.stringify(pathToFileURL(built).href)})`) : Number.NaN;
  const peerLoad = loadTimeInFreshProcess(`(await import('node:module')).createRequire(${JSON.stringify(import.meta.url)})('hcl2-parser')`);
  const { parseHcl } = await import('../src/load/files/hcl/parse-hcl.js');
  const hcl2 = require('hcl2-parser') as { parseToObject: (s: string) => unknown };

  const small = policyText(5);
  const big = policyText(4000);
  const oursSmall = time(() => parseHcl(small));
  const peerSmall = time(() => hcl2.parseToObject(small));
  const oursBig = time(() => parseHcl(big), 1000);
  const peerBig = time(() => hcl2.parseToObject(big), 1000);
  return [
    { name: 'module load', ours: round(oursLoad), peer: round(peerLoad), unit: 'ms' },
    { name: 'small policies (5 path blocks)', ours: Math.round(1000 / oursSmall), peer: Math.round(1000 / peerSmall), unit: 'policies/s' },
    { name: `4,000 path blocks (${Math.round(big.length / 1024)} KB)`, ours: round(oursBig), peer: round(peerBig), unit: 'ms' },
  ];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await runHclBench()) console.log(`${r.name}: ours ${r.ours} ${r.unit}, hcl2-parser ${r.peer} ${r.unit}`);
}
