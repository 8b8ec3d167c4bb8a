// Runs the scan pipeline with the plan loader asked first, as the lead will register it, so the
// plan tests do not depend on file-loaders.ts. Returns each secret's status and readers in the
// shape of a fixture's expected.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchLoaders, fileLoaders } from '../../../../src/load/files/file-loaders.js';
import { loadFiles } from '../../../../src/load/files/load-files.js';
import { terraformPlanLoader } from '../../../../src/load/files/tfplan/index.js';
import { loadManifestFile } from '../../../../src/load/manifest/load-manifest.js';
import { normalizeInventory } from '../../../../src/normalize/normalize-inventory.js';
import { buildAccessGraph } from '../../../../src/graph/build-graph.js';
import { judgeAnswers } from '../../../../src/graph/judge-answers.js';
import type { Inventory } from '../../../../src/model/inventory.js';

export interface SecretsSection {
  [id: string]: { status: string; readers: Record<string, { conditional: boolean }> };
}

export function scanWithPlanLoader(dir: string): { secrets: SecretsSection; inventory: Inventory } {
  const manifestFile = join(dir, 'secret-scan.yaml');
  const manifest = loadManifestFile(manifestFile, 'secret-scan.yaml');
  const context = { region: manifest.region, ...(manifest.defaultAccount ? { defaultAccount: manifest.defaultAccount } : {}) };
  const loaded = loadFiles([dir], [terraformPlanLoader, ...fileLoaders], context, dir, batchLoaders);
  const inventory = normalizeInventory(loaded.fragments, loaded.loaded, loaded.issues);
  const graph = buildAccessGraph(inventory, manifest, { escalation: true });
  const answers = judgeAnswers(graph.answers, manifest.trusted);
  const secrets: SecretsSection = {};
  for (const { target, readers, status } of answers) {
    secrets[target.id] = { status, readers: Object.fromEntries(readers.map((r) => [r.principal, { conditional: r.conditional }])) };
  }
  return { secrets, inventory };
}

/** The `secrets` section of a fixture's expected.json. */
export function expectedSecrets(fixtureDir: string): SecretsSection | undefined {
  const file = join(fixtureDir, 'expected.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { secrets: SecretsSection }).secrets : undefined;
}
