// Vault ACL: capabilities for 10,000 paths against 2,000 policies, compiled once, against the
// brute-force reference in the same run. Run standalone: npx tsx bench/vault.bench.ts
import { pathToFileURL } from 'node:url';
import { compileVaultPolicies, referenceCapabilities, vaultCapabilities } from '../src/engine/vault/index.js';
import type { VaultPolicy } from '../src/model/vault.js';

import type { BenchResult } from './bench-result.js';
export type { BenchResult };

// Deterministic pseudo-random numbers so runs compare.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function workload(): { policies: VaultPolicy[]; paths: string[] } {
  const rnd = lcg(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const teams = Array.from({ length: 200 }, (_, i) => `team${i}`);
  const policies: VaultPolicy[] = [];
  for (let p = 0; p < 2000; p++) {
    const team = pick(teams);
    const rules = [
      `secret/data/${team}/app${p}/*`,
      `secret/metadata/${team}/*`,
      `secret/data/+/shared-${p % 50}`,
      `kv/${team}/app${p}`,
      `secret/data/${team}/+/config`,
    ].map((path, i) => ({ path, capabilities: i === 4 && p % 7 === 0 ? ['deny'] : ['read', 'list'], source: { file: `p${p}.hcl`, line: i + 1 } }));
    policies.push({ name: `p${p}`, rules, source: { file: `p${p}.hcl` } });
  }
  const paths = Array.from({ length: 10000 }, (_, i) => {
    const team = pick(teams);
    switch (i % 4) {
      case 0: return `secret/data/${team}/app${Math.floor(rnd() * 2000)}/db`;
      case 1: return `secret/data/${team}/svc/config`;
      case 2: return `secret/data/${pick(teams)}/shared-${Math.floor(rnd() * 60)}`;
      default: return `kv/${team}/app${Math.floor(rnd() * 2000)}`;
    }
  });
  return { policies, paths };
}

/** Paths per second for the compiled ACL and for the brute-force reference; answers must agree. */
export async function runVaultBench(): Promise<BenchResult[]> {
  const { policies, paths } = workload();
  let t = performance.now();
  const acl = compileVaultPolicies(policies);
  const compileMs = performance.now() - t;
  t = performance.now();
  const ours = paths.map((p) => vaultCapabilities(acl, p));
  const oursMs = performance.now() - t;
  // The reference is slow; time a sample and check agreement on it.
  const sample = paths.slice(0, 200);
  t = performance.now();
  const ref = sample.map((p) => referenceCapabilities(policies, p));
  const refMs = performance.now() - t;
  sample.forEach((p, i) => {
    if (JSON.stringify(ref[i]) !== JSON.stringify(ours[i])) throw new Error(`disagreement on ${p}: ${JSON.stringify(ours[i])} vs ${JSON.stringify(ref[i])}`);
  });
  return [
    { name: 'capabilities, 10,000 paths x 2,000 policies', ours: Math.round(paths.length / (oursMs / 1000)), peer: Math.round(sample.length / (refMs / 1000)), unit: 'paths/s' },
    { name: 'compile 2,000 policies (10,000 rules)', ours: Math.round(compileMs * 10) / 10, peer: 0, unit: 'ms' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await runVaultBench()) console.log(`${r.name}: ours ${r.ours} ${r.unit}, brute-force reference ${r.peer} ${r.unit}`);
}
