import type { SecretKind } from './manifest.js';
import type { ChainStep, Finding, SecretReader, SecretStatus } from './report.js';

/**
 * What a change does to who can read what (`secret-scan diff`): the working tree's scan compared
 * with the scan of a base commit, secret by secret. Only secrets that changed are listed.
 */
export interface ReportDiff {
  /** The git ref given with `--base`, and the commit its scan was taken from (the merge base). */
  base: { ref: string; commit: string; note?: string };
  summary: DiffSummary;
  secrets: SecretDiff[];
  /** Findings of the head split by fingerprint: `new` ones count for `--fail-on`, `existing` do not. */
  findings: { new: string[]; existing: string[]; fixed: FixedFinding[] };
}

export interface DiffSummary {
  secretsAdded: number;
  secretsRemoved: number;
  secretsChanged: number;
  readersAdded: number;
  readersRemoved: number;
  readersChanged: number;
  newFindings: number;
  existingFindings: number;
  fixedFindings: number;
}

export type SecretChange = 'added' | 'removed' | 'changed';

export interface SecretDiff {
  id: string;
  kind: SecretKind;
  /** The resource in the head (in the base for a removed secret). */
  resource: string;
  change: SecretChange;
  /** Set when the id stayed but the resource it names changed. */
  resourceBefore?: string;
  status?: SecretStatus;
  statusBefore?: SecretStatus;
  /** Readers the head has and the base had not, each with its head chain. */
  readersAdded: AddedReader[];
  /** Readers the base had and the head has not, each with its base chain. */
  readersRemoved: SecretReader[];
  /** Readers in both whose chain (edges, principals, conditionality) differs. */
  readersChanged: ChangedReader[];
}

export interface AddedReader extends SecretReader {
  /** True when the head judged this reader unintended (its `role`; SS001 names it). */
  unintended: boolean;
}

export interface ChangedReader {
  principal: string;
  /** What changed: `conditional` (now or no longer conditional), `chain` (another path of grants). */
  changed: ('chain' | 'conditional')[];
  before: { conditional: boolean; via: ChainStep[] };
  after: { conditional: boolean; via: ChainStep[] };
  unintended: boolean;
}

/** A finding of the base that the head no longer has. */
export type FixedFinding = Pick<Finding, 'ruleId' | 'level' | 'message' | 'fingerprint'> & Partial<Pick<Finding, 'secret' | 'principal'>>;
