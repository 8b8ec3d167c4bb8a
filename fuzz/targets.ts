// What the fuzzer runs one input through, per target. Each target returns the messages a user
// could see (issue messages), so the runner can check that a planted canary never reaches them.
import type { Issue } from '../src/model/issue.js';
import { fileLoaders, batchLoaders } from '../src/load/files/file-loaders.js';
import { parseManifest } from '../src/load/manifest/load-manifest.js';
import { UsageError } from '../src/usage-error.js';
import { evaluateIamRequest } from '../src/engine/iam/index.js';
import { evaluateVaultRequest } from '../src/api/vault-policy-text.js';

export type TargetName = 'awscli-json' | 'vault-hcl' | 'vault-json' | 'terraform' | 'tfplan' | 'cloudformation-yaml' | 'cloudformation-json' | 'manifest' | 'iam-engine' | 'vault-engine';

export interface TargetRun {
  /** Everything user-visible the input produced (issue messages, usage errors, decision reasons). */
  messages: string[];
}

const context = { region: 'us-east-1', defaultAccount: '111122223333' };

function fileTarget(path: string, text: string): TargetRun {
  const issues: Issue[] = [];
  for (const loader of fileLoaders) {
    if (!loader.wantsPath(path)) continue;
    const loaded = loader.load(path, text, context);
    if (!loaded.recognized) continue;
    issues.push(...loaded.issues);
    break;
  }
  return { messages: issues.map((i) => i.message) };
}

/** Runs one input; throws only when the code under test throws (the property under test). */
export function runTarget(target: TargetName, path: string, text: string): TargetRun {
  switch (target) {
    case 'terraform': {
      const loader = batchLoaders[0];
      if (!loader) return { messages: [] };
      const loaded = loader.loadAll([{ path, text }], context, () => undefined);
      return { messages: loaded.issues.map((i) => i.message) };
    }
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
      return fileTarget(path, text);
  }
}
