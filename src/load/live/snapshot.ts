import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import type { Inventory, InventoryFragment, TaskDefinition } from '../../model/inventory.js';
import type { Issue } from '../../model/issue.js';
import { packageSchemaValidator } from '../../schema-validator.js';
import type { LiveLoadResult } from './live-call.js';

export const SNAPSHOT_FORMAT = 'secret-scan-snapshot';
export const SNAPSHOT_VERSION = 1;
const REDACTED = '[redacted]';

/** A saved live inventory (schemas/snapshot.schema.json). */
export interface Snapshot {
  $schema?: string;
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  tool: { name: 'secret-scan'; version: string };
  createdAt: string;
  sources: string[];
  inventory: InventoryFragment;
  loaded: string[];
  issues: Issue[];
}

/** Judges an environment value (the graph's secret-material detector, passed in so load/ does not import graph/). */
export type SecretMaterialJudge = (name: string, value: string) => string | undefined;

/**
 * The snapshot of one live collection: the merged inventory, what was read and every issue.
 * Never a value: live mode reads none, and task definition environment values that are secret
 * material are replaced by `[redacted]`, keeping the evidence so an offline scan raises the same
 * SS005 without the value.
 */
export function buildSnapshot(inventory: Omit<Inventory, 'loaded' | 'issues'>, result: Pick<LiveLoadResult, 'loaded' | 'issues'>, sources: string[], toolVersion: string, judge: SecretMaterialJudge, now = new Date()): Snapshot {
  const taskDefinitions: TaskDefinition[] = inventory.taskDefinitions.map((task) => ({
    ...task,
    containers: task.containers.map((container) => ({
      ...container,
      environment: container.environment.map((variable) => {
        const evidence = variable.secretMaterial ?? judge(variable.name, variable.value);
        return evidence === undefined ? variable : { ...variable, value: REDACTED, secretMaterial: evidence };
      }),
    })),
  }));
  return {
    $schema: 'https://github.com/secret-scan/secret-scan/schemas/snapshot.schema.json',
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    tool: { name: 'secret-scan', version: toolVersion },
    createdAt: now.toISOString(),
    sources,
    inventory: { ...inventory, taskDefinitions },
    loaded: result.loaded,
    issues: result.issues,
  };
}

let validator: ValidateFunction | undefined;

/**
 * Reads one snapshot as a live collection would have returned it. A file that is not a valid
 * snapshot of this version loads nothing and yields one `snapshotInvalid` issue naming the
 * first problem (the scan goes on with the other inputs). Throws only when the file cannot be read.
 */
export function readSnapshot(path: string, displayPath: string): LiveLoadResult {
  const text = readFileSync(path, 'utf8');
  const invalid = (why: string): LiveLoadResult => ({ fragments: [], loaded: [], issues: [{ code: 'snapshotInvalid', message: `not a secret-scan snapshot (version ${SNAPSHOT_VERSION}): ${why}; nothing was loaded from it`, source: { file: displayPath } }] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return invalid(`malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  validator ??= packageSchemaValidator('snapshot');
  if (!validator(parsed)) {
    const first = validator.errors?.[0];
    return invalid(`${first?.instancePath || '/'} ${first?.message ?? 'does not match the schema'}`);
  }
  const snapshot = parsed as Snapshot;
  return {
    fragments: [snapshot.inventory],
    loaded: [`${displayPath} (snapshot of ${snapshot.sources.join(', ') || 'nothing'}, ${snapshot.createdAt})`, ...snapshot.loaded],
    issues: snapshot.issues,
  };
}
