import type { SourceRef } from './source.js';

export type SecretKind = 'vault' | 'ssm' | 'secretsmanager' | 's3' | 'task-env';

/** A secret the user declared in `secret-scan.yaml` (SPEC §5). */
export interface DeclaredSecret {
  id: string;
  kind: Exclude<SecretKind, 'task-env'>;
  /** Vault path, SSM name or ARN, Secrets Manager name or ARN, or `s3://bucket/key` (glob allowed on the key). */
  resource: string;
  /** Owner ARNs, already expanded from `role/NAME` forms. */
  owners: string[];
  /** For `vault`: the KV version the path is read with, when the manifest states it. */
  kvVersion?: 1 | 2;
  source: SourceRef;
}

/** Where an AppRole's login material lives (SPEC §3.5). */
export interface CredentialLocation {
  approle: string;
  /** AppRole auth mount; default `approle`. */
  mount: string;
  storedIn:
    | { kind: 's3'; bucket: string; key: string }
    | { kind: 'ssm'; name: string }
    | { kind: 'ecs-env'; family: string; container: string; variable: string };
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
  /** File the manifest came from, or undefined when none was found. */
  file?: string;
}
