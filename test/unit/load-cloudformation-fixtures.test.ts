// The seed fixtures rewritten as CloudFormation (fixtures/formats/<seed>/cloudformation/) must answer
// exactly what their AWS CLI originals answer: the `secrets` section of each seed's expected.json.
// The pipeline is run here with the CloudFormation loader put in front of the registered ones, so
// this test holds whether or not the lead has wired the loader into file-loaders.ts yet.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudFormationLoader } from '../../src/load/files/cloudformation/index.js';
import { fileLoaders } from '../../src/load/files/file-loaders.js';
import { loadFiles } from '../../src/load/files/load-files.js';
import { loadManifestFile } from '../../src/load/manifest/load-manifest.js';
import { normalizeInventory } from '../../src/normalize/normalize-inventory.js';
import { buildAccessGraph } from '../../src/graph/build-graph.js';
import { judgeAnswers } from '../../src/graph/judge-answers.js';

interface ExpectedSecrets { [id: string]: { status: string; readers: { [principal: string]: { conditional: boolean } } } }

/** Scans a directory with the CloudFormation loader first; returns the secrets section in expected.json's shape, and the issues. */
export function scanWithCloudFormation(dir: string): { secrets: ExpectedSecrets; issues: string[] } {
  const manifest = loadManifestFile(join(dir, 'secret-scan.yaml'), 'secret-scan.yaml');
  const context = { region: manifest.region, ...(manifest.defaultAccount ? { defaultAccount: manifest.defaultAccount } : {}) };
  const loaded = loadFiles([dir], [cloudFormationLoader, ...fileLoaders], context, dir);
  const inventory = normalizeInventory(loaded.fragments, loaded.loaded, loaded.issues);
  const graph = buildAccessGraph(inventory, manifest, { escalation: true });
  const answers = judgeAnswers(graph.answers, manifest.trusted);
  const secrets: ExpectedSecrets = {};
  for (const answer of answers) {
    const readers: ExpectedSecrets[string]['readers'] = {};
    for (const reader of answer.readers) readers[reader.principal] = { conditional: reader.conditional };
    secrets[answer.target.id] = { status: answer.status, readers };
  }
  const issues = [...inventory.issues, ...graph.issues].map((i) => `${i.source.file}:${i.source.line ?? ''} ${i.code}: ${i.message}`);
  return { secrets, issues };
}

const root = 'fixtures/formats';
const seeds = existsSync(root) ? readdirSync(root).filter((d) => d.startsWith('seed-') && existsSync(join(root, d, 'cloudformation'))).sort() : [];

describe('seed fixtures as CloudFormation answer like their AWS CLI originals', () => {
  test('there are CloudFormation variants of the seeds', () => {
    assert.ok(seeds.length >= 2, `found ${seeds.length}`);
  });
  for (const seed of seeds) {
    test(seed, () => {
      const dir = join(root, seed, 'cloudformation');
      const expected = (JSON.parse(readFileSync(join('fixtures', seed, 'expected.json'), 'utf8')) as { secrets: ExpectedSecrets }).secrets;
      const { secrets, issues } = scanWithCloudFormation(dir);
      assert.deepEqual(secrets, expected, `issues: ${issues.join('\n')}`);
      const templateIssues = issues.filter((i) => i.startsWith('template.yaml'));
      assert.deepEqual(templateIssues, [], 'the template is read without SS011');
    });
  }
});
