// `npm run bench`: every engine against a peer measured in the same run, then the time each
// pipeline stage takes on generated inventories. Figures are for this machine only.
import { formatBenchTable } from './bench-result.js';
import { runHclBench } from './hcl.bench.js';
import { runIamBench } from './iam.bench.js';
import { runLiveBench } from './live.bench.js';
import { runPipelineBench } from './pipeline.bench.js';
import { formatOrgBench, runOrgScale } from './org.bench.js';
import { runTerraformBench } from './terraform.bench.js';
import { runVaultBench } from './vault.bench.js';
import { initHclParser } from '../src/load/files/hcl/parse-hcl.js';

await initHclParser();

const only = process.argv.slice(2);
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);

if (wanted('iam')) console.log(formatBenchTable('IAM engine: decisions per second', '@cloud-copilot/iam-simulate', await runIamBench()));
if (wanted('vault')) console.log(formatBenchTable('Vault ACL: capabilities per path', 'brute-force reference', await runVaultBench()));
if (wanted('hcl')) console.log(formatBenchTable('HCL parser', 'hcl2-parser', await runHclBench()));
if (wanted('terraform')) console.log(formatBenchTable('Terraform loader: 2,000 .tf files, evaluated and mapped', 'tree-sitter parse only', await runTerraformBench()));
if (wanted('live')) console.log(formatBenchTable('Live collection (emulator, 50 ms per answer)', 'one call at a time', await runLiveBench()));
if (wanted('pipeline')) {
  console.log('## Pipeline: milliseconds per stage on a generated inventory');
  // The last size is the access-graph issue's: 1,000 roles, 3,000 policies, 2,000 secrets, 500 Vault policies.
  for (const services of [100, 500]) {
    const result = await runPipelineBench({ services, secretsPerService: 4, policiesPerService: 6, vaultPolicies: services });
    const stages = Object.entries(result.stages).map(([stage, ms]) => `${stage} ${ms} ms`).join(', ');
    console.log(`${result.size} (${result.principals} principals, ${result.secrets} secrets): ${stages}`);
  }
}
if (wanted('org')) console.log(formatOrgBench([runOrgScale(1), runOrgScale(3)]));
