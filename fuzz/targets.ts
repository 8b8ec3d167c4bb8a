// What the fuzzer runs one input through, per target, in-process (no CLI spawned). File targets run
// the whole pipeline on the one file: its loader, normalize, graph, rules. Each target returns
// everything a user could see (issue messages, finding messages, decision reasons), so the runner
// can check that a planted canary never reaches them. The whole-scan target is fuzz/scan-target.ts.
import type { Issue } from '../src/model/issue.js';
import type { InventoryFragment } from '../src/model/inventory.js';
import { fileLoaders, batchLoaders } from '../src/load/files/file-loaders.js';
import { emptyManifest, parseManifest } from '../src/load/manifest/load-manifest.js';
import { normalizeInventory } from '../src/normalize/normalize-inventory.js';
import { unreadableStatements } from '../src/graph/unreadable-statements.js';
import { buildAccessGraph } from '../src/graph/build-graph.js';
import { runRules } from '../src/rules/run-rules.js';
import { judgeAnswers } from '../src/graph/judge-answers.js';
import { UsageError } from '../src/usage-error.js';
import { evaluateIamRequest } from '../src/engine/iam/index.js';
import { evaluateVaultRequest } from '../src/api/vault-policy-text.js';

export type FileTargetName = 'awscli-json' | 'vault-hcl' | 'vault-json' | 'terraform' | 'tfplan' | 'cloudformation-yaml' | 'cloudformation-json';
export type TargetName = FileTargetName | 'manifest' | 'iam-engine' | 'vault-engine' | 'scan';

export interface TargetRun {
  /** Everything user-visible the input produced (issue messages, usage errors, decision reasons). */
  messages: string[];
}

const context = { region: 'us-east-1', defaultAccount: '111122223333' };

/** The one file's loader, then normalize → graph → rules, as a scan runs them (src/scan.ts). */
function pipeline(path: string, text: string, target: FileTargetName): TargetRun {
  let loaded: { fragments: InventoryFragment[]; issues: Issue[] } | undefined;
  if (target === 'terraform') {
    const loader = batchLoaders[0];
    if (!loader) return { messages: [] };
    loaded = loader.loadAll([{ path, text }], context, { readText: () => undefined, readDirectory: () => undefined, listFiles: () => undefined });
  } else {
    for (const loader of fileLoaders) {
      if (!loader.wantsPath(path)) continue;
      const result = loader.load(path, text, context);
      if (!result.recognized) continue;
      loaded = { fragments: [result.fragment], issues: result.issues };
      break;
    }
  }
  if (!loaded) return { messages: [] };
  const inventory = normalizeInventory(loaded.fragments, [path], [...loaded.issues]);
  inventory.issues.push(...unreadableStatements(inventory));
  const manifest = emptyManifest();
  const graph = buildAccessGraph(inventory, manifest, { escalation: true });
  const answers = judgeAnswers(graph.answers, manifest.trusted);
  const findings = runRules(inventory, manifest, graph, answers);
  const issues: Issue[] = [...inventory.issues, ...graph.issues];
  return {
    messages: [
      ...issues.map((i) => i.message),
      ...findings.map((f) => f.message),
      ...answers.flatMap((a) => [...a.target.notes, ...a.readers.flatMap((r) => r.via.flatMap((v) => (v.detail === undefined ? [] : [v.detail])))]),
    ],
  };
}

/** Runs one input; throws only when the code under test throws (the property under test). */
export function runTarget(target: Exclude<TargetName, 'scan'>, path: string, text: string): TargetRun {
  switch (target) {
    case 'manifest':
      try {
        parseManifest(text, path);
        return { messages: [] };
      } catch (error) {
        if (error instanceof UsageError) return { messages: [error.message] };
        throw error;
      }
    case 'iam-engine': {
      let document: unknown;
      try { document = JSON.parse(text); } catch { return { messages: [] }; }
      const decision = evaluateIamRequest({
        request: { principal: 'arn:aws:iam::111122223333:role/app', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context: {} },
        policies: { identity: [document as never], resource: document as never, permissionBoundary: document as never },
      });
      return { messages: decision.reasons.flatMap((r) => r.undecided.map((u) => u.why)) };
    }
    case 'vault-engine': {
      const decision = evaluateVaultRequest({ policies: { p: text }, request: { path: 'secret/data/app', operation: 'read' } });
      return { messages: decision.reasons ?? [] };
    }
    default:
      return pipeline(path, text, target);
  }
}
