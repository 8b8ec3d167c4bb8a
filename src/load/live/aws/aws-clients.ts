import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { apiTimeoutFromEnvironment } from '../live-call.js';
import type { AccountTarget, AwsLiveOptions } from './aws-options.js';

/**
 * The SDK configuration every client shares: the default credential chain (or a profile, or an
 * assumed role's credentials), adaptive retry (client-side rate limiting that backs off on
 * throttling: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html) and a
 * per-attempt timeout, so a silent region becomes a timeout issue instead of a hang.
 */
export function commonConfig(options: AwsLiveOptions, target: AccountTarget | undefined, region: string) {
  const timeout = options.requestTimeoutMs ?? apiTimeoutFromEnvironment() ?? 30_000;
  return {
    region,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 5,
    // Without throwOnRequestTimeout the handler only warns and the call waits forever.
    requestHandler: { requestTimeout: timeout, connectionTimeout: timeout, throwOnRequestTimeout: true },
    ...(target?.credentials ? { credentials: target.credentials } : options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  };
}

/**
 * Keeps the SDK's Node.js support notice ("versions published after January 2027 will require
 * node >=22") off the user's stderr: it is about our runtime, not their scan, and a nightly job
 * would print it every run. The SDK reads this variable before it warns; a value the user set wins.
 * https://github.com/aws/aws-sdk-js-v3/issues/7983
 */
export function quietSdkNotices(): void {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
}

/** Clients for one account, created once per region on first use. */
export class AccountClients {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly options: AwsLiveOptions, readonly target: AccountTarget | undefined) {}

  private get<T>(key: string, make: () => T): T {
    let client = this.cache.get(key) as T | undefined;
    if (client === undefined) {
      client = make();
      this.cache.set(key, client);
    }
    return client;
  }

  sts(region: string): STSClient { return this.get(`sts:${region}`, () => new STSClient(commonConfig(this.options, this.target, region))); }
  iam(region: string): IAMClient { return this.get(`iam:${region}`, () => new IAMClient(commonConfig(this.options, this.target, region))); }
  organizations(region: string): OrganizationsClient { return this.get(`org:${region}`, () => new OrganizationsClient(commonConfig(this.options, this.target, region))); }
  ecs(region: string): ECSClient { return this.get(`ecs:${region}`, () => new ECSClient(commonConfig(this.options, this.target, region))); }
  ssm(region: string): SSMClient { return this.get(`ssm:${region}`, () => new SSMClient(commonConfig(this.options, this.target, region))); }
  kms(region: string): KMSClient { return this.get(`kms:${region}`, () => new KMSClient(commonConfig(this.options, this.target, region))); }
  secretsManager(region: string): SecretsManagerClient { return this.get(`sm:${region}`, () => new SecretsManagerClient(commonConfig(this.options, this.target, region))); }
  s3(region: string): S3Client {
    const pathStyle = this.options.endpoint !== undefined || process.env['AWS_ENDPOINT_URL_S3'] !== undefined || process.env['AWS_ENDPOINT_URL'] !== undefined;
    return this.get(`s3:${region}`, () => new S3Client({ ...commonConfig(this.options, this.target, region), forcePathStyle: pathStyle, followRegionRedirects: true }));
  }

  /** Releases sockets so the process can exit. */
  destroy(): void {
    for (const client of this.cache.values()) (client as { destroy(): void }).destroy();
    this.cache.clear();
  }
}

/** The region the environment or profile names (AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`), if any. */
export async function defaultRegion(options: AwsLiveOptions): Promise<string | undefined> {
  const client = new STSClient({ ...(options.profile !== undefined ? { profile: options.profile } : {}) });
  try {
    return await client.config.region();
  } catch {
    // No region configured anywhere: the caller says so and falls back.
    return undefined;
  } finally {
    client.destroy();
  }
}
