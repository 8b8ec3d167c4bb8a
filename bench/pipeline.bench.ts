import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileLoaders } from '../src/load/files/file-loaders.js';
import { loadFiles } from '../src/load/files/load-files.js';
import { loadManifestFile } from '../src/load/manifest/load-manifest.js';
import { normalizeInventory } from '../src/normalize/normalize-inventory.js';
import { buildAccessGraph } from '../src/graph/build-graph.js';
import { judgeAnswers } from '../src/graph/judge-answers.js';
import { runRules } from '../src/rules/run-rules.js';
import { scanDetailed } from '../src/api/scan.js';
import { formatSarif } from '../src/report/sarif.js';
import { loadRuleCatalog } from '../src/rules/rule-catalog.js';
import { generateInfra, type InfraSize } from './generate-infra.js';

export interface StageTimes { size: string; principals: number; secrets: number; stages: Record<string, number> }

/** Times each stage of one scan of a generated inventory (load, normalize, graph, rules, report). */
export async function runPipelineBench(size: InfraSize): Promise<StageTimes> {
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-bench-'));
  try {
    generateInfra(dir, size);
    const stages: Record<string, number> = {};
    const time = <T>(name: string, run: () => T): T => {
      const start = performance.now();
      const result = run();
      stages[name] = Math.round(performance.now() - start);
      return result;
    };
    const manifest = time('manifest', () => loadManifestFile(join(dir, 'secret-scan.yaml')));
    const loaded = time('load', () => loadFiles([dir], fileLoaders, { region: manifest.region, defaultAccount: manifest.defaultAccount ?? '' }, dir));
    const inventory = time('normalize', () => normalizeInventory(loaded.fragments, loaded.loaded, loaded.issues));
    const graph = time('graph', () => buildAccessGraph(inventory, manifest, { escalation: true }));
    time('rules', () => runRules(inventory, manifest, graph, judgeAnswers(graph.answers, manifest.trusted)));
    const { report } = await scanDetailed({ paths: [dir], cwd: dir });
    time('report (sarif)', () => formatSarif(report, { rules: loadRuleCatalog(), toolVersion: report.tool.version }));
    return { size: `${size.services} services`, principals: inventory.principals.length, secrets: graph.answers.length, stages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await runPipelineBench({ services: 100, secretsPerService: 4, policiesPerService: 3, vaultPolicies: 100 }));
}
