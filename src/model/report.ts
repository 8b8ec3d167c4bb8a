import type { ReportDiff } from './diff.js';
import type { SecretKind } from './manifest.js';
import type { SourceRef } from './source.js';

export type EdgeKind =
  | 'iam-read'        // principal reads an AWS-held secret (S3, SSM, Secrets Manager), KMS included
  | 'assume-role'     // principal may become another role
  | 'pass-role'       // principal may start an ECS task running as a role
  | 'ecs-inject'      // execution role fetches a task definition secret into the task
  | 'ecs-describe'    // principal may read a task definition's plaintext environment
  | 'task-role'       // task definition runs as its task role
  | 'vault-login'     // a principal, or whoever holds an AppRole's login material, logs in to a Vault auth role
  | 'vault-policy';   // Vault token policies grant read on the path

/** One step of a chain of grants. */
export interface ChainStep {
  edge: EdgeKind;
  from: string;
  to: string;
  /** The statement or setting that opens this step. */
  source?: SourceRef;
  conditional?: boolean;
  /** Human explanation: which statement, which undecided condition. */
  detail?: string;
}

export interface Reader {
  principal: string;
  conditional: boolean;
  /** The shortest chain that lets `principal` read, starting at the principal, ending at the secret. */
  via: ChainStep[];
}

/**
 * What a reader is to its secret, judged against the manifest's intent (README "Reports"):
 * `owner` — one of the secret's declared owners; `trusted` — a manifest `trusted` principal that is
 * not an owner; `unintended` — neither, on a secret with owners (SS001 flags it; a symbolic
 * `unknown:EXPRESSION` reader and `*` are unintended too); `undeclared` — the secret declares no
 * owners, so no intent says whether this reader is meant (the secret is `unowned`).
 */
export type ReaderRole = 'owner' | 'trusted' | 'unintended' | 'undeclared';

/** A reader as the report shows it: the graph's answer plus its role. */
export interface SecretReader extends Reader {
  role: ReaderRole;
}

export type SecretStatus = 'ok' | 'overexposed' | 'unreachable' | 'unowned';

export interface SecretReport {
  id: string;
  kind: SecretKind;
  resource: string;
  owners: string[];
  readers: SecretReader[];
  status: SecretStatus;
  /** `manifest` when declared, otherwise what discovered it. */
  origin: 'manifest' | 'discovered';
  /** Assumptions the answer rests on, e.g. the KV version of a Vault path. */
  notes?: string[];
}

export type FindingLevel = 'error' | 'warning' | 'note';

export interface Finding {
  ruleId: string;
  level: FindingLevel;
  secret?: string;
  principal?: string;
  message: string;
  locations: SourceRef[];
  /** What identifies the finding besides secret and principal (`role`, `policy`, `pattern`, `file`…). */
  properties?: Record<string, string | number>;
  /**
   * The access chain behind the finding (SARIF codeFlow, Markdown). When it is a reader's chain, the
   * JSON report holds it once, as the `via` of the finding's principal among its secret's readers.
   */
  chain?: ChainStep[];
  /** Stable identity of the finding across runs (SARIF partialFingerprints, baselines). */
  fingerprint: string;
  /** In a diff run: `new` when the base did not have it (only these count for `--fail-on`). */
  baselineState?: 'new' | 'unchanged';
  /** Accepted exceptions that cover it (manifest `exceptions:` or an inline ignore comment). */
  suppressions?: Suppression[];
  /** Manifest exceptions that would have covered it but expired: it counts again, and the report says why. */
  expiredExceptions?: Suppression[];
}

/** Why a finding is accepted, and who said so (SARIF `suppressions`). */
export interface Suppression {
  /** `external`: a manifest exception; `inSource`: an inline `secret-scan:ignore` comment. */
  kind: 'external' | 'inSource';
  justification: string;
  /** Where the exception is written. */
  source: SourceRef;
  /** For manifest exceptions with a date: the last day it suppresses (YYYY-MM-DD). */
  expires?: string;
}

export interface Coverage {
  loaded: string[];
  skipped: { file: string; line?: number; reason: string }[];
  /**
   * The account and region the scan resolved names in, and where each came from (README "How
   * identities are resolved"): the manifest, the inputs (every resource ARN in the AWS CLI dumps
   * named it; `evidence` lists those files) or, for the account, the symbolic `current-account`.
   */
  identity?: {
    account: string;
    accountFrom: 'manifest' | 'inputs' | 'symbolic';
    region: string;
    regionFrom: 'manifest' | 'inputs' | 'default';
    evidence?: string[];
  };
  /**
   * Every manifest the scan found and whether it was used (README "The manifest"): the one used
   * first, then each found beside another scanned path or in a scanned subdirectory, which is not
   * merged. Absent when no manifest was found.
   */
  manifests?: { file: string; used: boolean; why: string }[];
  /** Resources seen that neither grant a read nor hold a secret, counted by type (sorted by type); never SS011. */
  irrelevant?: { type: string; count: number }[];
}

export interface Report {
  tool: { name: 'secret-scan'; version: string };
  secrets: SecretReport[];
  findings: Finding[];
  coverage: Coverage;
  /** Present in `secret-scan diff` runs: what the change does to who can read what. */
  diff?: ReportDiff;
  /** The manifest's team rules (`policies:`) that were checked; their findings carry these ids. */
  policies?: TeamPolicy[];
}

/** A team rule as the report names it (SARIF lists it among the rules). */
export interface TeamPolicy {
  id: string;
  level: FindingLevel;
  message: string;
  help?: string;
  source: SourceRef;
}
