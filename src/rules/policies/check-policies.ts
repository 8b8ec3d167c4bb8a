import type { Inventory } from '../../model/inventory.js';
import type { Manifest, ManifestPolicy, ReaderSelector } from '../../model/manifest.js';
import type { Reader } from '../../model/report.js';
import type { RuleMeta } from '../../model/rule.js';
import type { SecretAnswer } from '../../graph/build-graph.js';
import type { SecretTarget } from '../../graph/secret-targets.js';
import { matchesWildcard } from '../../engine/iam/wildcard.js';
import { formatChainPath } from '../../graph/chain-text.js';
import type { UnfingerprintedFinding } from '../define-rule.js';
import { openingLocations } from '../rule-helpers.js';

const ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/**
 * Checks the manifest's `policies:` (the team's own rules) against every secret's readers and
 * reports each violation like a built-in rule: ruleId = the policy id, its level, its message
 * followed by who reads what, the grant that opens the access and the chain. Trusted principals
 * are never flagged (docs/semantics.md#status). Where the inputs cannot tell, doubt widens: `*` and an account root
 * stand for every principal they may be, so they match a deny selector that some such principal
 * could match, and never satisfy an allow selector unless it names them. Pure; sorted output.
 */
export function checkPolicies(answers: readonly SecretAnswer[], manifest: Manifest, inventory: Inventory): UnfingerprintedFinding[] {
  const policies = manifest.policies ?? [];
  if (policies.length === 0) return [];
  const trusted = new Set(manifest.trusted);
  const tagsOf = new Map(inventory.principals.map((p) => [p.arn, p.tags]));
  const secretTags = new Map(manifest.secrets.map((s) => [s.id, s.tags ?? {}]));
  const findings: UnfingerprintedFinding[] = [];
  for (const policy of policies) {
    for (const { target, readers } of answers) {
      if (!secretMatches(policy, target, secretTags.get(target.id) ?? {})) continue;
      for (const reader of readers) {
        if (trusted.has(reader.principal)) continue;
        const why = violation(policy, reader, tagsOf.get(reader.principal));
        if (why !== undefined) findings.push(toFinding(policy, target, reader, why));
      }
    }
  }
  return findings.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || (a.secret ?? '').localeCompare(b.secret ?? '') || (a.principal ?? '').localeCompare(b.principal ?? ''));
}

/** The policies as rule metadata, so SARIF lists them among the rules. */
export function policyRuleMeta(policies: readonly Pick<ManifestPolicy, 'id' | 'level' | 'message' | 'help' | 'source'>[]): RuleMeta[] {
  const severity = { error: '7.5', warning: '5.0', note: '2.0' } as const;
  return policies.map((policy) => ({
    id: policy.id,
    name: policy.id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'org-policy',
    level: policy.level,
    securitySeverity: severity[policy.level],
    description: /[.!?]$/.test(policy.message) ? policy.message : `${policy.message}.`,
    help: policy.help ?? `${policy.message}. This is a team policy from ${policy.source.file}:${policy.source.line ?? 1}.`,
    messages: {},
    tags: ['team-policy'],
  }));
}

function secretMatches(policy: ManifestPolicy, target: SecretTarget, tags: Record<string, string>): boolean {
  const s = policy.secrets;
  if (s.kind !== undefined && s.kind !== target.kind) return false;
  if (s.id !== undefined && !matchesWildcard(s.id, target.id)) return false;
  const name = target.aws !== undefined && 'name' in target.aws ? target.aws.name : target.resource;
  if (s.ssm !== undefined && !(target.kind === 'ssm' && (matchesWildcard(s.ssm, name) || matchesWildcard(s.ssm, target.resource)))) return false;
  if (s.secretsmanager !== undefined && !(target.kind === 'secretsmanager' && (matchesWildcard(s.secretsmanager, name) || matchesWildcard(s.secretsmanager, target.resource)))) return false;
  if (s.vault !== undefined && !(target.kind === 'vault' && (matchesWildcard(s.vault, target.vaultPath ?? target.resource) || matchesWildcard(s.vault, target.resource)))) return false;
  if (s.s3 !== undefined && !(target.kind === 's3' && matchesWildcard(s.s3.startsWith('s3://') ? s.s3 : `s3://${s.s3}`, target.resource))) return false;
  if (s.tags !== undefined && !Object.entries(s.tags).every(([key, value]) => tags[key] === value)) return false;
  return true;
}

type Violation = 'denied' | 'not-allowed' | 'conditional';

function violation(policy: ManifestPolicy, reader: Reader, tags: Record<string, string> | undefined): Violation | undefined {
  if (policy.denyReaders !== undefined && policy.denyReaders.some((selector) => mayMatch(selector, reader.principal, tags))) return 'denied';
  if (policy.allowReaders !== undefined && !policy.allowReaders.some((selector) => surelyMatches(selector, reader.principal, tags))) return 'not-allowed';
  if (policy.noConditionalReaders === true && reader.conditional) return 'conditional';
  return undefined;
}

/** Could the principal (or, for `*` and a root, some principal it stands for) match? */
function mayMatch(selector: ReaderSelector, principal: string, tags: Record<string, string> | undefined): boolean {
  if (principal === '*') return true;
  const root = ROOT.exec(principal);
  if (root !== null && selector.arn !== principal) {
    const account = root[1] ?? '';
    if (selector.account !== undefined && !matchesWildcard(selector.account, account)) return false;
    const arnAccount = selector.arn?.split(':')[4];
    return selector.arn === undefined || selector.arn === '*' || arnAccount === undefined || matchesWildcard(arnAccount, account);
  }
  return surelyMatches(selector, principal, tags) || (tags === undefined && selector.tags !== undefined && arnAndAccountMatch(selector, principal));
}

/** Does this principal itself match? Tags must be known to match. */
function surelyMatches(selector: ReaderSelector, principal: string, tags: Record<string, string> | undefined): boolean {
  if (!arnAndAccountMatch(selector, principal)) return false;
  if (selector.tags === undefined) return true;
  return tags !== undefined && Object.entries(selector.tags).every(([key, value]) => tags[key] === value);
}

function arnAndAccountMatch(selector: ReaderSelector, principal: string): boolean {
  if (selector.arn !== undefined && !matchesWildcard(selector.arn, principal)) return false;
  if (selector.account !== undefined) {
    const account = principal.split(':')[4];
    if (account === undefined || !matchesWildcard(selector.account, account)) return false;
  }
  return true;
}

function toFinding(policy: ManifestPolicy, target: SecretTarget, reader: Reader, why: Violation): UnfingerprintedFinding {
  const detail = {
    denied: `${reader.principal} can read ${target.id} (${target.resource})`,
    'not-allowed': `${reader.principal} can read ${target.id} (${target.resource}) and is not among the allowed readers`,
    conditional: `${reader.principal} can read ${target.id} (${target.resource}) under a condition the scan could not decide`,
  }[why];
  const chain = formatChainPath(reader.via);
  return {
    ruleId: policy.id,
    level: policy.level,
    message: `${policy.message.replace(/[.!?]$/, '')}: ${detail}.${chain !== '' ? ` Chain: ${chain}` : ''}`,
    secret: target.id,
    principal: reader.principal,
    locations: openingLocations(reader, target),
    chain: reader.via,
  };
}
