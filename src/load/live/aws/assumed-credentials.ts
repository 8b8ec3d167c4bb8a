import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

import type { CredentialProvider } from './aws-options.js';

type Credentials = Awaited<ReturnType<CredentialProvider>>;

/** How long before expiry credentials are renewed, as the SDK clients do (EXPIRATION_MS in @smithy/core). */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The credentials of one `--assume-role` account, renewed before they expire: STS hands out
 * temporary credentials for one hour by default
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, DurationSeconds), and a
 * scan of a large organization can outlast them. `fromTemporaryCredentials` calls AssumeRole with
 * the base credentials (the SDK's default chain or `--profile`) each time it is asked
 * (https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-credential-providers/#fromtemporarycredentials);
 * one provider is shared by every client of the account, so the account is assumed once and renewed
 * once, not once per service and region.
 */
export function assumedRoleCredentials(roleArn: string, stsConfig: Record<string, unknown>): CredentialProvider {
  return renewing(fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: 'secret-scan' }, clientConfig: stsConfig }));
}

/**
 * Shares one provider's credentials until they near expiry: `RENEW_BEFORE_MS` before it, or halfway
 * through their life when they live shorter than twice that. Concurrent callers share one renewal.
 */
export function renewing(provider: CredentialProvider, now: () => number = Date.now): CredentialProvider {
  let current: { credentials: Credentials; renewAt: number } | undefined;
  let pending: Promise<Credentials> | undefined;
  return async () => {
    if (current && now() < current.renewAt) return current.credentials;
    pending ??= (async () => {
      try {
        const asked = now();
        const credentials = await provider();
        const expires = credentials.expiration?.getTime();
        const renewAt = expires === undefined ? Number.POSITIVE_INFINITY : expires - Math.min(RENEW_BEFORE_MS, (expires - asked) / 2);
        current = { credentials, renewAt };
        return credentials;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}
