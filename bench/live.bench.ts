// Live collection against the emulator with 50 ms added to every answer (network latency): an
// account of 1,000 roles, 3,000 managed policies, 2,000 parameters, 300 buckets and 500 Vault
// policies, read with bounded concurrency against the same collection one call at a time.
import { loadLive } from '../src/load/live/load-live.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REGION, SIZE } from './live-world.js';
import type { BenchResult } from './bench-result.js';

const DELAY_MS = 50;
const CONCURRENCY = 32;

/** The fewest calls the collection can make: one per page (at each API's maximum page size) plus one per resource. */
function requiredCalls(): number {
  const pages = (items: number, size: number): number => Math.max(1, Math.ceil(items / size));
  return 1 // GetCallerIdentity
    + pages(SIZE.roles + SIZE.policies, 1000) // GetAccountAuthorizationDetails, MaxItems 1000
    + 1 + SIZE.buckets // ListBuckets (which names each bucket's region), GetBucketPolicy each
    + pages(SIZE.parameters, 50) // DescribeParameters, MaxResults 50
    + 4 // ListKeys, ListAliases, ListSecrets, ListTaskDefinitions (empty)
    + 1 // Organizations ListRoots (the account is in no organization)
    + 3 + SIZE.vaultPolicies; // LIST sys/policies/acl, sys/auth, sys/mounts, each policy
}

/** Collects the account and Vault at `concurrency`; returns wall time and calls made. */
async function collect(concurrency: number): Promise<{ ms: number; cpuMs: number; calls: number; issues: number; logged: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./live-emulator-process.ts', import.meta.url)), String(DELAY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [url, control] = await new Promise<string[]>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim().split(' ')));
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDBASE', AWS_SECRET_ACCESS_KEY: 'bench', AWS_EC2_METADATA_DISABLED: 'true' });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await loadLive({
      aws: { endpoint: url ?? '', regions: [REGION] },
      vault: { address: url ?? '', token: 'bench' },
      concurrency,
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const logged = Number(await (await fetch(control ?? '')).text());
    return { ms, cpuMs: (used.user + used.system) / 1000, calls: result.calls, issues: result.issues.length, logged };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Bounded concurrency against one call at a time; prints the calls made against those pagination requires. */
export async function runLiveBench(): Promise<BenchResult[]> {
  // A first collection loads the SDK's lazily imported modules (credential chain, protocols), so
  // that neither measured run pays for them.
  await collect(CONCURRENCY);
  const ours = await collect(CONCURRENCY);
  const serial = await collect(1);
  const required = requiredCalls();
  console.log(`live collection: ${ours.logged} API calls made (serial run: ${serial.logged}; pagination and one call per resource require ${required}); issues: ${ours.issues}/${serial.issues}`);
  // On a shared machine the concurrent run is bound by the client's CPU (SDK parsing, signing, HCL), the serial one by the 50 ms answers.
  console.log(`live collection client CPU: ${ours.cpuMs.toFixed(0)} ms concurrent, ${serial.cpuMs.toFixed(0)} ms serial; load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`);
  return [{ name: `1,000 roles, 3,000 policies, 2,000 parameters, 300 buckets, 500 Vault policies; ${DELAY_MS} ms per answer, ${CONCURRENCY} in flight`, ours: ours.ms, peer: serial.ms, unit: 'ms' }];
}
