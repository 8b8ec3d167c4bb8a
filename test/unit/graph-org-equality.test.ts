import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAccessGraph, type AccessGraph } from '../../src/graph/build-graph.js';
import { scanDetailed } from '../../src/api/scan.js';
import { generateOrg, type OrgShape } from '../../bench/generate-org.js';

// The indexed graph (identity prefilter, resource-policy grantees, Vault rule prefixes) may only
// skip questions whose answer is "no": on generated organisations of several seeds and shapes, the
// exhaustive graph (every principal asked about every secret) is the reference it must equal.
const view = (graph: AccessGraph) => ({
  answers: graph.answers.map((a) => [a.target.id, a.readers]),
  issues: graph.issues.map((i) => `${i.code}|${i.source.file}|${i.message}`).sort(),
});

for (const shape of ['wide', 'wildcard', 'resource'] satisfies OrgShape[]) {
  test(`indexed and exhaustive graphs agree on generated orgs (${shape} grants, 5 seeds)`, async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const dir = mkdtempSync(join(tmpdir(), 'secret-scan-org-equality-'));
      try {
        generateOrg(dir, { seed, scale: 0.02, shape });
        const { inventory, manifest } = await scanDetailed({ paths: [dir], cwd: dir });
        const indexed = buildAccessGraph(inventory, manifest, { escalation: true });
        const exhaustive = buildAccessGraph(inventory, manifest, { escalation: true, exhaustive: true });
        const readers = indexed.answers.reduce((n, a) => n + a.readers.length, 0);
        assert.ok(readers > 20, `seed ${seed}: the org has readers to compare (${readers})`);
        assert.deepEqual(view(indexed), view(exhaustive), `seed ${seed}, shape ${shape}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
}
