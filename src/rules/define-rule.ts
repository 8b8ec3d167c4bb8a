import type { Inventory } from '../model/inventory.js';
import type { Manifest } from '../model/manifest.js';
import type { ChainStep, Finding } from '../model/report.js';
import type { SourceRef } from '../model/source.js';
import type { AccessGraph } from '../graph/build-graph.js';
import type { JudgedAnswer } from '../graph/judge-answers.js';

/** What a rule reports: a message id of its data file and the values for its placeholders, never a raw string. */
export interface RuleReport {
  messageId: string;
  data: Record<string, string | number>;
  secret?: string;
  principal?: string;
  /** At least one; the first is the primary location (the grant that opens the access). */
  locations: SourceRef[];
  chain?: ChainStep[];
  properties?: Record<string, string | number>;
}

export interface RuleContext {
  inventory: Inventory;
  manifest: Manifest;
  graph: AccessGraph;
  /** Answers with their status and reader roles, in report order. */
  answers: readonly JudgedAnswer[];
  report(finding: RuleReport): void;
}

/** A rule's code: one check over the whole scan. Its metadata lives in `rules/<id>.yaml`. */
export interface RuleDefinition {
  id: string;
  check(context: RuleContext): void;
}

/** The one place that joins a rule's data file to its code: the id names both. */
export function defineRule(definition: RuleDefinition): RuleDefinition {
  return definition;
}

export type UnfingerprintedFinding = Omit<Finding, 'fingerprint'>;
