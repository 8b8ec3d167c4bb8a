import { GraphMemo } from './graph-memo.js';
import type { Inventory, IamPrincipal } from '../model/inventory.js';
import type { Manifest } from '../model/manifest.js';
import type { ChainStep } from '../model/report.js';
import type { SourceRef } from '../model/source.js';
import { isSymbolicPrincipal, unlistedPrincipals } from '../model/unknowns.js';
import { authEntryPath, externalLoginReader, inVaultNamespace, vaultPolicyInNamespace, vaultPolicyKey, withinVaultNamespace, type VaultAppRole, type VaultAuthRole, type VaultAwsAuthRole, type VaultExternalAuthRole, type VaultPolicy } from '../model/vault.js';
import { isVaultSystemPath, normalizeRequestPath } from '../engine/vault/paths.js';
import { appRoleLogin, awsAuthLoginSubjects, BUILTIN_POLICY_NAMES, builtinVaultPolicy, compileVaultPolicies, evaluateVaultRequest, loginPolicies, vaultArnMatcher, vaultRuleMeetsGlob, type CompiledVaultAcl } from '../engine/vault/index.js';
import type { Access } from './access.js';
import { placeStep } from './access.js';
import type { IssueSink } from './aws-read.js';
import { ANYONE } from './principal-universe.js';
import type { SecretTarget } from './secret-targets.js';

/** Node name of a Vault auth role (or identity group or entity) in chains. */
export function vaultRoleNode(role: VaultAuthRole): string {
  if (role.type === 'identity') return `vault:${inVaultNamespace(role.namespace, `identity/${role.kind}/name/${role.name}`)}`;
  return `vault:${authEntryPath(role)}`;
}

/** Readers of an AWS-held place, as the access graph computed them: principal → access. */
export type ReadersOf = (target: SecretTarget) => Map<string, Access>;

/**
 * Who can log in to one AppRole (docs/semantics.md#vault-login): whoever reads the place its credentials live, each
 * conditional when the role binds CIDRs; anyone when no secret_id and no CIDR binding is needed;
 * and, when nothing says where the credentials live, anyone (conditional), since nobody can be
 * excluded.
 */
export function appRoleLogins(role: VaultAppRole, manifest: Manifest, locations: SecretTarget[], readersOf: ReadersOf, issues: IssueSink): Map<string, Access> {
  const login = appRoleLogin(role);
  const node = vaultRoleNode(role);
  const result = new Map<string, Access>();
  const cidrNote = login.cidrs.length > 0 ? `only from ${login.cidrs.join(', ')}` : undefined;
  if (login.open) {
    result.set(ANYONE, { conditional: false, steps: [placeStep({ edge: 'vault-login', source: role.source, detail: 'bind_secret_id=false and no CIDR binding: the role_id alone logs in' }, ANYONE, node)] });
  }
  const declared = manifestCredentialSource(manifest, role);
  // Places the configuration writes a secret_id to are some of them, not all: one may also be made
  // out of band or handed on elsewhere, and only the manifest says where they all live. Without a
  // secret_id, the role_id found is the login.
  const covered = role.bindSecretId ? declared !== undefined : locations.length > 0;
  if (!covered && !login.open) {
    const found = locations.length > 0 ? ` (the configuration writes them to ${locations.map((l) => l.resource).join(', ')})` : '';
    const other = credentialsOfOtherNamespace(manifest, role);
    const hint = other === undefined ? '' : `; the entry at ${other.source.file}${other.source.line ? `:${other.source.line}` : ''} is for ${other.namespace === undefined ? 'the scan\'s namespace' : `namespace ${other.namespace}`}${role.namespace === undefined ? '' : ` (add \`namespace: ${role.namespace}\` for this one)`}`;
    issues.add({
      code: 'approleCredentialsUnknown',
      message: `where the credentials of AppRole ${inVaultNamespace(role.namespace, role.mount)}/${role.name} live is not declared (manifest \`credentials\`)${found}${hint}; anyone else holding them can log in`,
      source: role.source,
    });
    result.set(ANYONE, { conditional: true, steps: [placeStep({ edge: 'vault-login', source: role.source, conditional: true, detail: 'credentials location unknown' }, ANYONE, node)] });
  }
  const where = declared ? ` (declared at ${declared.file}${declared.line ? `:${declared.line}` : ''})` : '';
  for (const location of locations) {
    // One login step per location, shared by every principal that reads it.
    const loginStep = placeStep({
      edge: 'vault-login', source: role.source, conditional: cidrNote !== undefined,
      detail: `holds the login material of AppRole ${role.name}${where}${cidrNote ? `; login ${cidrNote}` : ''}`,
    }, location.id, node);
    for (const [principal, access] of readersOf(location)) {
      const conditional = access.conditional || cidrNote !== undefined;
      const steps: ChainStep[] = access.steps.concat(loginStep);
      const candidate = { conditional, steps };
      const existing = result.get(principal);
      if (!existing || (existing.conditional && !conditional) || (existing.conditional === conditional && steps.length < existing.steps.length)) result.set(principal, candidate);
    }
  }
  return result;
}

/**
 * Who can log in to one AWS-auth role directly (before role assumption is spread): the IAM
 * principals matching its bindings, account roots for ec2 roles bound only by account, or anyone.
 */
export function awsAuthLogins(role: VaultAwsAuthRole, inventory: Inventory): Map<string, Access> {
  const subjects = awsAuthLoginSubjects(role);
  const node = vaultRoleNode(role);
  const narrowing = subjects.narrowing.length > 0 ? `narrowed by ${subjects.narrowing.join(', ')}` : undefined;
  const result = new Map<string, Access>();
  const add = (principal: string, detail: string): void => {
    result.set(principal, { conditional: narrowing !== undefined, steps: [placeStep({ edge: 'vault-login', source: role.source, conditional: narrowing !== undefined, detail: narrowing ? `${detail}; ${narrowing}` : detail }, principal, node)] });
  };
  if (subjects.anyone) add(ANYONE, `${role.authType} role with no binding`);
  for (const account of subjects.accountRoots) add(account, `${role.authType} role bound only by account`);
  for (const pattern of subjects.principalArnPatterns) {
    const profilePattern = /^arn:aws[a-z-]*:iam::[^:]*:instance-profile\//.test(pattern);
    let matched = false;
    const matches = vaultArnMatcher(pattern);
    for (const principal of inventory.principals) {
      // Vault matches a binding ending in `*` against the full ARN, path included (from iam:GetRole),
      // and an exact one against the ARN without its path
      // (https://developer.hashicorp.com/vault/api-docs/auth/aws#bound_iam_principal_arn).
      const bound = profilePattern ? (principal.instanceProfileArns ?? []).some(matches) : pattern.endsWith('*') ? matches(principal.arn) : loginArns(principal).some(matches);
      if (!bound) continue;
      add(principal.arn, profilePattern ? `its instance profile is bound (${pattern})` : `bound to ${pattern}`);
      matched = true;
    }
    // One that admits any ARN (`*`, or an unknown binding widened so) lets anyone.
    if (pattern === '*') add(ANYONE, 'bound to any principal (*)');
    // Which roles an instance profile holds may not be in the inventory; nobody in its account can be excluded.
    const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(pattern)?.[1];
    // Likewise a principal of an account whose IAM could not be read (live mode): its root stands in.
    const unread = account !== undefined && (inventory.unreadAccounts ?? []).includes(account);
    // …or its unlisted principals, when its IAM listing stopped part-way.
    const partlyListed = account !== undefined && !unread && (inventory.incompleteListings ?? []).some((l) => l.kind === 'iam' && l.account === account);
    if ((profilePattern || unread || partlyListed) && !matched) {
      const root = partlyListed ? unlistedPrincipals(account) : account ? `arn:aws:iam::${account}:root` : ANYONE;
      const why = profilePattern ? `bound to instance profile ${pattern}, whose roles are not in the inventory`
        : partlyListed ? `bound to ${pattern}, not among the principals listed in account ${account}, whose IAM listing stopped part-way`
          : `bound to ${pattern}, in account ${account ?? ''} whose IAM could not be read`;
      result.set(root, { conditional: true, steps: [placeStep({ edge: 'vault-login', source: role.source, conditional: true, detail: why }, root, node)] });
    } else if (!matched && isSymbolicPrincipal(pattern)) {
      // A binding the inputs cannot resolve: one principal they cannot name, conditionally (docs/semantics.md#symbolic-unknowns).
      result.set(pattern, { conditional: true, steps: [placeStep({ edge: 'vault-login', source: role.source, conditional: true, detail: `bound to ${pattern.slice('unknown:'.length)}, a principal the inputs cannot name` }, pattern, node)] });
    } else if (!matched && !pattern.includes('*')) {
      // A binding that names one principal exactly lets that principal log in whether or not the
      // inputs hold it (a role created in another repository than the one scanned).
      add(pattern, `bound to ${pattern}, a principal the inputs do not hold`);
    } else if (!matched && pattern !== '*') {
      // A glob no principal of the inputs matches may match principals they do not hold: the glob
      // stands for them, conditionally, rather than nobody logging in.
      result.set(pattern, { conditional: true, steps: [placeStep({ edge: 'vault-login', source: role.source, conditional: true, detail: `bound to ${pattern}, which no principal in the inputs matches; principals made elsewhere may` }, pattern, node)] });
    }
  }
  return result;
}

/**
 * Who can log in to a role of an external auth method (JWT/OIDC, Kubernetes): whoever its bindings
 * admit, which no AWS input can list. One reader stands for them, named by the role
 * (`vault-login:auth/MOUNT/role/NAME`), its login step quoting the bindings; conditional when the
 * token is bound to CIDRs (docs/semantics.md#vault-login).
 */
export function externalAuthLogins(role: VaultExternalAuthRole): Map<string, Access> {
  const reader = externalLoginReader(role);
  const bound = Object.entries(role.bindings).map(([key, values]) => `${key} ${values.join(', ')}`);
  const cidrs = role.tokenBoundCidrs.length > 0 ? `; tokens only from ${role.tokenBoundCidrs.join(', ')}` : '';
  const detail = `${EXTERNAL_LOGINS[role.method]} (${bound.length > 0 ? bound.join('; ') : 'no bindings'})${cidrs}`;
  const conditional = cidrs !== '';
  return new Map([[reader, { conditional, steps: [placeStep({ edge: 'vault-login', source: role.source, conditional, detail }, reader, vaultRoleNode(role))] }]]);
}

/** Who logs in through an external auth method's role or mapping, in words. */
const EXTERNAL_LOGINS: Record<VaultExternalAuthRole['method'], string> = {
  jwt: 'whoever presents a JWT the role admits',
  oidc: 'whoever presents an OIDC login the role admits',
  kubernetes: 'whoever presents a Kubernetes service account token the role admits',
  github: 'whoever logs in with a GitHub token of the organization and matches',
  ldap: 'whoever logs in with LDAP credentials and matches',
  okta: 'whoever logs in with Okta credentials and matches',
  cert: 'whoever presents a client certificate the role admits',
  gcp: 'whoever presents a GCP identity the role admits',
  azure: 'whoever presents an Azure managed identity the role admits',
  userpass: 'whoever logs in with the user\'s password',
  token: 'whoever holds the token Terraform creates (from the state, or an output that hands it on)',
};

/**
 * What a login to `role` grants on `path`: read allowed, possibly conditionally, with the policy
 * rule that decided. Policies the inventory lacks are reported and make the answer conditional.
 */
export function vaultRoleReads(role: VaultAuthRole, path: string, policies: Map<string, VaultPolicy>, issues: IssueSink): { conditional: boolean; step: Omit<ChainStep, 'from' | 'to'> } | undefined {
  const { acl, names, missing } = roleAcl(role, policies, issues);
  const answer = evaluateVaultRequest({ policies: acl, request: { path, operation: 'read' } });
  if (!answer.allowed && missing.length === 0) return undefined;
  const matched = answer.matched[0];
  const conditional = answer.conditional || (!answer.allowed && missing.length > 0);
  const detail = answer.allowed
    ? `policy ${matched ? `"${matched.policy}" path "${matched.path}"` : names.join(', ')} grants ${answer.capabilities.join(', ')}${answer.conditional ? ` (conditional: ${answer.reasons.join('; ')})` : ''}`
    : unknownGrants(missing, policies, role.namespace);
  const step: Omit<ChainStep, 'from' | 'to'> = { edge: 'vault-policy', conditional, detail };
  if (matched?.source) step.source = matched.source;
  // No rule decided because a listed policy is in no input: the role that lists it is the grant to show.
  else if (!answer.allowed && missing.length > 0) step.source = role.source;
  return { conditional, step };
}

/**
 * What a login to `role` grants on some path of the glob `pattern` (a secret whose path holds an
 * unknown, `why`): a read is possible when a rule that grants `read` matches some path the glob
 * matches. Which value the unknown takes is not known, so such a read is always conditional; and a
 * Deny or a more specific rule that may cover those values is not taken to remove it (doubt widens,
 * docs/semantics.md#symbolic-unknowns). Policies the inventory lacks make it possible too.
 */
export function vaultRolePatternReads(role: VaultAuthRole, pattern: string, why: string, policies: Map<string, VaultPolicy>, issues: IssueSink): { conditional: boolean; step: Omit<ChainStep, 'from' | 'to'> } | undefined {
  const { acl, names, missing } = roleAcl(role, policies, issues);
  const glob = normalizeRequestPath(pattern);
  const step = (detail: string, source?: SourceRef): { conditional: boolean; step: Omit<ChainStep, 'from' | 'to'> } => ({
    conditional: true, step: { edge: 'vault-policy', conditional: true, detail: `${detail}, for some values of ${pattern} (${why})`, ...(source ? { source } : {}) },
  });
  if (acl.root) return step('policy "root" grants everything');
  for (const name of names) {
    const policy = policyNamed(policies, role.namespace, name);
    for (const rule of policy?.rules ?? []) {
      if (!rule.capabilities.includes('read') || rule.capabilities.includes('deny')) continue;
      // A written secret never lives on Vault's own mounts (the default policy's auth/token/…, cubbyhole/…).
      const rulePath = normalizeRequestPath(rule.path);
      if (isVaultSystemPath(withinVaultNamespace(role.namespace, rulePath) ?? rulePath)) continue;
      if (vaultRuleMeetsGlob(rulePath, glob)) return step(`policy "${name}" path "${rule.path}" grants ${rule.capabilities.join(', ')}`, rule.source);
    }
  }
  if (missing.length > 0) return step(unknownGrants(missing, policies, role.namespace), role.source);
  return undefined;
}

/**
 * The literal prefixes of every path rule a login to `role` gets, or 'any' when the role could
 * read anything (the root policy, or a policy the inventory lacks). Vault allows nothing that no
 * rule matches, and a rule matches only paths that begin with its text before the first `*`, `+`
 * or identity template (https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax),
 * so a path none of these prefixes begins is not readable through the role.
 */
export function vaultRoleRulePrefixes(role: VaultAuthRole, policies: Map<string, VaultPolicy>, issues: IssueSink): string[] | 'any' {
  const { acl, missing, prefixes } = roleAcl(role, policies, issues);
  return acl.root || missing.length > 0 ? 'any' : prefixes;
}

// Each role's token policies are compiled once per scan (the policy map is the scan's).
interface RoleAcl { policies: Map<string, VaultPolicy>; acl: CompiledVaultAcl; names: string[]; missing: string[]; prefixes: string[] }
const roleAcls = new GraphMemo<VaultAuthRole, RoleAcl>();
function roleAcl(role: VaultAuthRole, policies: Map<string, VaultPolicy>, issues: IssueSink): RoleAcl {
  const cached = roleAcls.get(role);
  if (cached && cached.policies === policies) return cached;
  const { policies: loginNames, missing } = loginPolicies(role, policyNamesIn(policies, role.namespace));
  // Vault refuses a login whose token would hold `root` ("auth methods cannot create root tokens",
  // https://developer.hashicorp.com/vault/docs/concepts/policies#root-policy): only a token made
  // directly (`vault_token`) can be root, and then holds nothing but root.
  const root = loginNames.includes('root');
  const refused = root && role.type !== 'identity' && !(role.type === 'external' && role.method === 'token');
  const names = refused ? [] : root ? ['root'] : loginNames;
  const attached = names.flatMap((name) => {
    const policy = policyNamed(policies, role.namespace, name);
    return policy ? [policy] : [];
  });
  const unreadable = attached.filter((p) => p.unreadable !== undefined).map((p) => p.name);
  for (const name of missing) {
    issues.add({ code: 'vaultPolicyMissing', message: `Vault policy "${name}" used by ${inVaultNamespace(role.namespace, role.mount)}/${role.name} is not in the inventory${role.namespace ? ` (namespace ${role.namespace})` : ''}; what it grants is unknown`, source: role.source });
  }
  const shared = sharedAcl(policies, attached);
  // A policy read only in part may grant anything beyond its rules: like a missing one, for what it may add.
  const entry = { policies, acl: shared.acl, names, missing: [...missing, ...unreadable], prefixes: shared.prefixes };
  roleAcls.set(role, entry);
  return entry;
}

/** Why a read no rule allows may still be granted: policies not in the inventory, or read only in part. */
function unknownGrants(names: string[], policies: Map<string, VaultPolicy>, namespace: string | undefined): string {
  const unreadableOf = (name: string): string | undefined => policies.get(vaultPolicyKey({ name, namespace }))?.unreadable;
  const unreadable = names.filter((n) => unreadableOf(n) !== undefined);
  const missing = names.filter((n) => !unreadable.includes(n));
  const where = namespace ? ` of namespace ${namespace}` : '';
  return [
    ...(missing.length > 0 ? [`policies ${missing.join(', ')}${where} not in inventory`] : []),
    ...unreadable.map((n) => `policy ${n}${where} not read in full (${unreadableOf(n) ?? ''})`),
  ].join('; ').concat(': read possible');
}

/**
 * The policy a login in `namespace` gets by `name`: the namespace's own, or Vault's built-in
 * default there (each namespace has one, granting on its own paths). Policies are tied to their
 * namespace (https://developer.hashicorp.com/vault/docs/enterprise/namespaces).
 */
function policyNamed(policies: Map<string, VaultPolicy>, namespace: string | undefined, name: string): VaultPolicy | undefined {
  // `root` cannot be redefined; `default` and `response-wrapping` can.
  const own = name === 'root' ? undefined : policies.get(vaultPolicyKey({ name, namespace }));
  if (own || !BUILTIN_POLICY_NAMES.has(name)) return own;
  const key = `${namespace ?? ''}\u0000${name}`;
  let policy = builtinPolicies.get(key);
  const builtin = builtinVaultPolicy(name);
  if (!policy && builtin) builtinPolicies.set(key, (policy = vaultPolicyInNamespace(builtin, namespace)));
  return policy;
}
// Vault's own policies (`default`, `root`, `response-wrapping`), per namespace, when no input defines one.
const builtinPolicies = new Map<string, VaultPolicy>();

// The names each namespace defines, built once per policy map: hundreds of roles ask.
const namesByNamespace = new GraphMemo<Map<string, VaultPolicy>, Map<string, Set<string>>>();
function policyNamesIn(policies: Map<string, VaultPolicy>, namespace: string | undefined): ReadonlySet<string> {
  let byNamespace = namesByNamespace.get(policies);
  if (!byNamespace) {
    byNamespace = new Map();
    for (const policy of policies.values()) {
      const key = policy.namespace ?? '';
      let names = byNamespace.get(key);
      if (!names) byNamespace.set(key, (names = new Set(['default'])));
      names.add(policy.name);
    }
    namesByNamespace.set(policies, byNamespace);
  }
  return byNamespace.get(namespace ?? '') ?? DEFAULT_ONLY;
}
const DEFAULT_ONLY: ReadonlySet<string> = new Set(['default']);

// Roles that log in to the same policies (in the same order) share one compiled ACL: hundreds of
// auth roles name the same one or two policies, and each ACL is a set of tries.
const aclsBySet = new GraphMemo<Map<string, VaultPolicy>, Map<string, { acl: CompiledVaultAcl; prefixes: string[] }>>();
function sharedAcl(policies: Map<string, VaultPolicy>, attached: VaultPolicy[]): { acl: CompiledVaultAcl; prefixes: string[] } {
  let bySet = aclsBySet.get(policies);
  if (!bySet) aclsBySet.set(policies, (bySet = new Map()));
  // Names are unique in the map; the built-in default stands in only when the map has none.
  const key = attached.map(vaultPolicyKey).join('\u0000');
  let shared = bySet.get(key);
  if (!shared) {
    const prefixes = [...new Set(attached.flatMap((policy) => policy.rules.map((rule) => literalPrefix(normalizeRequestPath(rule.path)))))];
    shared = { acl: compileVaultPolicies(attached), prefixes };
    bySet.set(key, shared);
  }
  return shared;
}

function manifestCredentialSource(manifest: Manifest, role: VaultAppRole) {
  return manifest.credentials.find((c) => c.approle === role.name && c.mount === role.mount && c.namespace === role.namespace)?.source;
}

/** A manifest `credentials` entry for an AppRole of this mount and name in another namespace: what the user most likely meant to declare. */
function credentialsOfOtherNamespace(manifest: Manifest, role: VaultAppRole) {
  return manifest.credentials.find((c) => c.approle === role.name && c.mount === role.mount && c.namespace !== role.namespace);
}

/** Vault resolves role ARNs with paths to `role/NAME`; bindings written either way must match. */
function unpathedArn(principal: IamPrincipal): string {
  return `arn:aws:iam::${principal.account}:${principal.kind}/${principal.name}`;
}

// Every aws auth role is matched against every principal: their two ARNs are built once.
const loginArnsOf = new GraphMemo<IamPrincipal, string[]>();
function loginArns(principal: IamPrincipal): string[] {
  let arns = loginArnsOf.get(principal);
  if (!arns) loginArnsOf.set(principal, (arns = [principal.arn, unpathedArn(principal)]));
  return arns;
}

/** The text of a rule path before its first glob, segment wildcard or identity template. */
function literalPrefix(rulePath: string): string {
  const cut = rulePath.search(/[*+{]/);
  return cut === -1 ? rulePath : rulePath.slice(0, cut);
}
