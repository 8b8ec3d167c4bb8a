import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAccessGraph } from '../../src/graph/build-graph.js';
import { scanDetailed } from '../../src/api/scan.js';
import { generateInfra } from '../../bench/generate-infra.js';

// The candidate index (graph/read-prefilter.ts) may only skip principals the engine would deny:
// with and without it, every secret must have exactly the same readers, chains and conditions.
async function assertSameAnswers(dir: string): Promise<number> {
  const { inventory, manifest } = await scanDetailed({ paths: [dir], cwd: dir });
  const indexed = buildAccessGraph(inventory, manifest, { escalation: true });
  const exhaustive = buildAccessGraph(inventory, manifest, { escalation: true, exhaustive: true });
  const view = (graph: typeof indexed) => graph.answers.map((a) => [a.target.id, a.readers]);
  assert.deepEqual(view(indexed), view(exhaustive));
  return indexed.answers.reduce((n, a) => n + a.readers.length, 0);
}

test('the candidate index changes no answer on any fixture', async () => {
  const fixtures = join(process.cwd(), 'fixtures');
  for (const name of readdirSync(fixtures).filter((n) => !n.includes('.')).sort()) {
    if (name === 'formats') continue;
    await assertSameAnswers(join(fixtures, name));
  }
});

test('the candidate index changes no answer on a generated inventory with wildcards, conditions and admins', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-prefilter-'));
  generateInfra(dir, { services: 12, secretsPerService: 3, policiesPerService: 2, vaultPolicies: 12 });
  const readers = await assertSameAnswers(dir);
  assert.ok(readers > 50, `the generated inventory has readers to compare (${readers})`);
});
