// HCL parser choice, measured: tree-sitter-hcl (ours) against hcl2-parser (peer).
// Run standalone: npx tsx bench/hcl.bench.ts
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

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

/** Load time, throughput on small policies, and a 4,000-block file, for both parsers. */
export async function runHclBench(): Promise<BenchResult[]> {
  let t = performance.now();
  const { parseHcl } = await import('../src/load/files/hcl/parse-hcl.js');
  const oursLoad = performance.now() - t;
  t = performance.now();
  const hcl2 = require('hcl2-parser') as { parseToObject: (s: string) => unknown };
  const peerLoad = performance.now() - t;

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
