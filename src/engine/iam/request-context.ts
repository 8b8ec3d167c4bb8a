/**
 * The request context as AWS would build it: keys the caller gave, keys known to be absent, and
 * keys the engine derives from the principal ARN. Any other key is *unknown* and makes a condition
 * on it undecided (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * Key names are case-insensitive, so everything is looked up lower-cased.
 */
import type { IamContextValue, IamRequest } from '../../model/iam.js';
import type { PrincipalInfo } from './principal.js';

export type ContextLookup =
  | { state: 'present'; values: string[] }
  | { state: 'absent' }
  | { state: 'unknown' };

const ABSENT: ContextLookup = { state: 'absent' };
const UNKNOWN: ContextLookup = { state: 'unknown' };

/** Keys about the calling principal that an anonymous request never carries. */
const PRINCIPAL_KEYS = ['aws:principalarn', 'aws:principalaccount', 'aws:username', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalservicename', 'aws:principalservicenameslist'];

const PRINCIPAL_TYPE: Partial<Record<PrincipalInfo['kind'], string>> = {
  anonymous: 'Anonymous', user: 'User', role: 'AssumedRole', session: 'AssumedRole', root: 'Account', 'federated-user': 'FederatedUser',
};

// A caller asking many questions with one frozen context object (a principal's tags, asked about
// every secret) has it read once. Only frozen ones: a context changed between two requests must
// not be answered from the first.
const givenByContext = new WeakMap<Record<string, IamContextValue>, Map<string, ContextLookup>>();
const NO_CONTEXT = new Map<string, ContextLookup>();

function givenKeys(context: Readonly<Record<string, IamContextValue>> | undefined): Map<string, ContextLookup> {
  if (context === undefined) return NO_CONTEXT;
  let given = givenByContext.get(context);
  if (!given) {
    given = new Map();
    for (const [key, value] of Object.entries(context)) given.set(key.toLowerCase(), { state: 'present', values: toStrings(value) });
    if (Object.isFrozen(context)) givenByContext.set(context, given);
  }
  return given;
}

/** One request's context; derived values are computed lazily, once. */
export class RequestContext {
  // Built on first use: most statements carry no condition, so most requests never need them.
  private given: Map<string, ContextLookup> | undefined;
  private shared: Map<string, ContextLookup> = NO_CONTEXT;
  private absent: Set<string> | undefined;

  constructor(private readonly request: IamRequest, private readonly who: PrincipalInfo, private readonly resourceAccount: string | undefined) {}

  /** Looks a key up (already lower-cased). Given values win over derived ones; `absentKeys` win over derivation. */
  get(keyLower: string): ContextLookup {
    if (!this.given) {
      this.given = givenKeys(this.request.context);
      this.shared = givenKeys(this.request.sharedContext);
      const absentKeys = this.request.absentKeys;
      if (absentKeys !== undefined && absentKeys.length > 0) this.absent = new Set(absentKeys.map((key) => key.toLowerCase()));
    }
    const given = this.given.get(keyLower) ?? this.shared.get(keyLower);
    if (given) return given;
    if (this.absent?.has(keyLower)) return ABSENT;
    return this.derive(keyLower);
  }

  private derive(key: string): ContextLookup {
    const who = this.who;
    const anonymous = who.kind === 'anonymous';
    const service = who.kind === 'service';
    switch (key) {
      case 'aws:principalarn':
        return anonymous || service || !who.principalArn ? ABSENT : present(who.principalArn);
      case 'aws:principalaccount':
        return anonymous || service || !who.account ? ABSENT : present(who.account);
      case 'aws:principaltype': {
        const type = PRINCIPAL_TYPE[who.kind];
        return type ? present(type) : UNKNOWN;
      }
      case 'aws:username':
        // Only IAM users carry aws:username; roles, sessions and the root user do not.
        if (who.kind === 'user' && who.userName) return present(who.userName);
        return who.kind === 'other' ? UNKNOWN : ABSENT;
      case 'aws:userid':
        if (anonymous) return present('anonymous');
        if (who.kind === 'root' && who.account) return present(who.account);
        return UNKNOWN;
      case 'aws:principalisawsservice':
        return present(service ? 'true' : 'false');
      case 'aws:resourceaccount':
        return this.resourceAccount ? present(this.resourceAccount) : UNKNOWN;
      case 'aws:securetransport':
        // The caller can always choose TLS, so a TLS-only rule never narrows who can read (docs/semantics.md#conditions).
        return present('true');
      default:
        if (anonymous && (PRINCIPAL_KEYS.includes(key) || key.startsWith('aws:principaltag/'))) return ABSENT;
        if (service && key.startsWith('aws:principaltag/')) return ABSENT;
        return UNKNOWN;
    }
  }
}

function present(value: string): ContextLookup {
  return { state: 'present', values: [value] };
}

function toStrings(value: IamContextValue): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}
