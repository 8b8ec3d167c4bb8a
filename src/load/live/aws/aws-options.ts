/**
 * Credentials as the SDK clients take them (`credentials:`), written out so that the package's
 * types do not pull in the SDK's (which need @types/node in every consumer).
 */
export type CredentialProvider = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;

/** How live AWS reading is configured (docs/live-mode.md: `--aws`, `--profile`, `--region`, `--assume-role`). */
export interface AwsLiveOptions {
  /** Named profile of the shared config files; default: the SDK's default chain (env, SSO, web identity…). */
  profile?: string;
  /** Regions to read regional services in; default: the region the environment or profile names. */
  regions?: string[];
  /** Roles to assume, one account each. */
  assumeRoles?: string[];
  /** Also scan the account of the base credentials (default true; `--no-base-account` turns it off). */
  baseAccount?: boolean;
  /** One endpoint for every service (tests, emulators); `AWS_ENDPOINT_URL` works too, through the SDK. */
  endpoint?: string;
  /** Calls in flight at once across all services (default 16). */
  concurrency?: number;
  /** Per-attempt request timeout in milliseconds (default 30,000). */
  requestTimeoutMs?: number;
  /** Attempts per call including retries, with the SDK's adaptive retry (default 5). */
  maxAttempts?: number;
  /**
   * S3 objects the manifest names (declared secrets, AppRole credentials stored in S3): their ACLs are
   * read (`GetObjectAcl`, metadata only, never the object), docs/semantics.md#s3-acls.
   */
  s3Objects?: { bucket: string; key: string }[];
}

/** One account to read: its id and how to call it. */
export interface AccountTarget {
  account: string;
  /** An assumed role's credentials, renewed before they expire; absent for the base credentials. */
  credentials?: CredentialProvider;
  /** The role assumed to reach it, when one was. */
  roleArn?: string;
}
