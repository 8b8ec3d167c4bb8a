import type { SourceRef } from './source.js';

export type SecretKind = 'vault' | 'ssm' | 'secretsmanager' | 's3' | 'task-env';

/** A secret the user declared in `secret-scan.yaml` (README "The manifest"). */
export interface DeclaredSecret {
  id: string;
  kind: Exclude<SecretKind, 'task-env'>;
  /** Vault path, SSM name or ARN, Secrets Manager name or ARN, or `s3://bucket/key` (glob allowed on the key). */
  resource: string;
  /** Owner ARNs, already expanded from `role/NAME` forms. */
  owners: string[];
  /** For `vault`: the KV version the path is read with, when the manifest states it. */
  kvVersion?: 1 | 2;
  /** Tags the manifest gives the secret (for `policies:` selectors). */
  tags?: Record<string, string>;
  source: SourceRef;
}

/** Where an AppRole's login material lives (docs/semantics.md#vault-login). */
export interface CredentialLocation {
  approle: string;
  /** AppRole auth mount; default `approle`. */
  mount: string;
  /** Vault Enterprise namespace of the AppRole, relative to the scan's; absent for the scan's own (docs/semantics.md#vault-namespaces). */
  namespace?: string;
  storedIn:
    | { kind: 's3'; bucket: string; key: string }
    | { kind: 'ssm'; name: string }
    | { kind: 'ecs-env'; family: string; container: string; variable: string }
    /** A Secrets Manager secret, by ARN or name (`secretsmanager:NAME`). */
    | { kind: 'secretsmanager'; secret: string };
  source: SourceRef;
}

/** An accepted finding (manifest `exceptions:`, README "Suppressions"): who accepted what, why, and until when. */
export interface ManifestException {
  /** Rule id or glob (`SS001`, `SS00*`, `ORG*`). */
  rule: string;
  /** Secret id glob; any secret when absent. */
  secret?: string;
  /** Principal ARN glob, already expanded from `role/NAME`; any principal when absent. */
  principal?: string;
  reason: string;
  /** Last day it suppresses, `YYYY-MM-DD` (UTC); past it the finding counts again. */
  expires?: string;
  source: SourceRef;
}

/** Which principals a team rule names: an ARN glob, an account, principal tags (all that are given must hold). */
export interface ReaderSelector {
  arn?: string;
  account?: string;
  tags?: Record<string, string>;
}

/** A team's own rule over the reader graph (manifest `policies:`, README "Team policies"). */
export interface ManifestPolicy {
  /** `ORG…`; the finding's ruleId. */
  id: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  /** Markdown shown as the SARIF rule's help; the message when absent. */
  help?: string;
  /** Which secrets it is about; every secret when empty. All given keys must hold. */
  secrets: { kind?: SecretKind; ssm?: string; vault?: string; s3?: string; secretsmanager?: string; id?: string; tags?: Record<string, string> };
  /** Readers matching any of these violate it. */
  denyReaders?: ReaderSelector[];
  /** Readers matching none of these violate it. */
  allowReaders?: ReaderSelector[];
  /** Every conditional reader violates it. */
  noConditionalReaders?: boolean;
  source: SourceRef;
}

export interface Manifest {
  version: 1;
  defaultAccount?: string;
  region: string;
  /** True when `accounts.region` is written (else `region` is the default and the inputs may say). */
  regionDeclared?: true;
  trusted: string[];
  secrets: DeclaredSecret[];
  credentials: CredentialLocation[];
  /** Accepted findings; none when absent. */
  exceptions?: ManifestException[];
  /** The team's own rules; none when absent. */
  policies?: ManifestPolicy[];
  /** File the manifest came from, or undefined when none was found. */
  file?: string;
}
