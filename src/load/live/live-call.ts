import type { IncompleteListing } from '../../model/inventory.js';
import type { Issue, IssueCode } from '../../model/issue.js';
import { makeIssue } from '../issues.js';
import { unknownPolicyDocument } from '../unknown-policy.js';
import type { SourceRef } from '../../model/source.js';
import type { LiveProgress } from './live-progress.js';

/** What one live collection contributes, in the shape file loading produces. */
export interface LiveLoadResult {
  fragments: import('../../model/inventory.js').InventoryFragment[];
  /** API calls that were read and understood, e.g. `aws:iam:global GetAccountAuthorizationDetails (123456789012)`. */
  loaded: string[];
  issues: Issue[];
}

/** Where a call goes: the SourceRef every issue and loaded entry of it carries. */
export interface CallPlace {
  /** `aws:<service>:<region>` or `vault:<addr>` (src/model/source.ts SourceRef). */
  file: string;
  /** The API operation, e.g. `GetBucketPolicy`. */
  api: string;
  /** The resource asked about (bucket, key id, secret ARN, Vault path), when there is one. */
  resource?: string;
  /** The account whose credentials made the call. */
  account?: string;
}

/** A failed call, told apart by what the scan should say about it. */
export type CallFailure = { kind: 'denied' | 'timeout' | 'unreachable' | 'throttled' | 'notFound' | 'error'; message: string };

/**
 * Runs API calls with bounded concurrency and turns failures into values, never exceptions:
 * the collectors decide how a failure widens, and `issueFor` names the API, region and resource.
 */
export class LiveCaller {
  private active = 0;
  /** Calls waiting for a slot: the next page of a listing first, then per-resource calls. */
  private readonly waiting = { pages: [] as (() => void)[], resources: [] as (() => void)[] };
  /** Every call made, in order of completion (tests and the bench count them). */
  calls = 0;

  constructor(private readonly concurrency: number, readonly progress: LiveProgress) {}

  /**
   * Runs `fn` once a slot is free; resolves to its value or to the classified failure. A listing's
   * next page (`kind: 'page'`) goes before waiting per-resource calls: pages of one listing can
   * only be read one after another (each needs the previous token), so they are the scan's
   * critical path, while the per-resource calls they produce can fill the other slots.
   */
  async call<T>(place: CallPlace, fn: () => Promise<T>, kind: 'page' | 'resource' = 'resource'): Promise<{ ok: true; value: T } | { ok: false; failure: CallFailure }> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => (kind === 'page' ? this.waiting.pages : this.waiting.resources).push(resolve));
    this.active += 1;
    try {
      const value = await fn();
      return { ok: true, value };
    } catch (error) {
      return { ok: false, failure: classifyFailure(error) };
    } finally {
      this.calls += 1;
      this.active -= 1;
      this.progress.tick(place);
      (this.waiting.pages.shift() ?? this.waiting.resources.shift())?.();
    }
  }
}

/**
 * What a listing that stopped part-way leaves unknown (model `IncompleteListing`): for buckets and
 * secrets, the resource policy a declared one it may have missed gets, an undecidable Allow to anyone.
 */
export function incompleteListing(kind: IncompleteListing['kind'], place: CallPlace & { account: string }, region?: string): IncompleteListing {
  const listing: IncompleteListing = { kind, account: place.account, ...(region !== undefined ? { region } : {}), api: place.api, source: placeSource(place) };
  if (kind === 's3' || kind === 'secretsmanager') {
    const where = `account ${place.account}${region !== undefined ? ` ${region}` : ''}`;
    listing.policy = unknownPolicyDocument(`${kind === 's3' ? 'bucket' : 'secret'} not returned by ${place.api} (${where}) resource policy`, `${place.api} (${where}) stopped part-way`, 'resource', placeSource(place));
  }
  return listing;
}

/** The SourceRef for a call: `aws:<service>:<region>` with the resource as pointer. */
export function placeSource(place: CallPlace): SourceRef {
  return place.resource === undefined ? { file: place.file, pointer: place.api } : { file: place.file, pointer: place.resource };
}

/** The SS011 issue for a failed call: API, region (in the file), resource and what the scan assumes instead. */
export function issueFor(place: CallPlace, failure: CallFailure, consequence: string): Issue {
  const code: IssueCode = ({ denied: 'apiAccessDenied', timeout: 'apiTimeout', unreachable: 'apiUnreachable', throttled: 'apiThrottled', notFound: 'apiNotFound', error: 'apiError' } as const)[failure.kind];
  // The region is in the source's file (`aws:<service>:<region>`), which every report prints beside the message.
  const what = `${place.api}${place.resource === undefined ? '' : ` on ${place.resource}`}${place.account ? ` (account ${place.account})` : ''}`;
  return makeIssue(code, `${what} failed: ${failure.message}; ${consequence}`, placeSource(place));
}

/** Classifies SDK and fetch errors by name, code and HTTP status. */
export function classifyFailure(error: unknown): CallFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; status?: number; cause?: { code?: string } };
  const name = e.name ?? '';
  const code = e.code ?? e.cause?.code ?? '';
  const status = e.$metadata?.httpStatusCode ?? e.status;
  const message = `${name && name !== 'Error' ? `${name}: ` : ''}${e.message ?? String(error)}`.slice(0, 300);
  if (/AccessDenied|UnauthorizedOperation|AccessDeniedException|NotAuthorized|Forbidden|ExpiredToken|InvalidClientTokenId/i.test(name) || status === 403) return { kind: 'denied', message };
  if (/Timeout|TimeoutError|AbortError/i.test(name) || /ETIMEDOUT|ESOCKETTIMEDOUT|TimeoutError/.test(code) || /timed? ?out/i.test(e.message ?? '')) return { kind: 'timeout', message };
  if (/Throttl|SlowDown|TooManyRequests|RequestLimitExceeded/i.test(name) || status === 429) return { kind: 'throttled', message };
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR/.test(code) || /ECONNREFUSED|ECONNRESET|ENOTFOUND|socket hang up|fetch failed/i.test(e.message ?? '')) return { kind: 'unreachable', message };
  if (/NotFound|NoSuch/i.test(name) || status === 404) return { kind: 'notFound', message };
  return { kind: 'error', message };
}

/** `SECRET_SCAN_API_TIMEOUT_MS`: the per-attempt timeout of every live API call, when set to a positive number. */
export function apiTimeoutFromEnvironment(): number | undefined {
  const value = Number(process.env['SECRET_SCAN_API_TIMEOUT_MS']);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
