import type { InventoryFragment } from '../../../model/inventory.js';
import type { SourceRef } from '../../../model/source.js';
import { inVaultNamespace, trimVaultSlashes, vaultPolicyInNamespace, type VaultAppRole, type VaultAuthRole, type VaultAwsAuthRole, type VaultExternalAuthRole, type VaultMount, type VaultPolicy, type VaultSecret } from '../../../model/vault.js';
import { parseVaultPolicy } from '../vault/parse-vault-policy.js';
import { isKnownMap, isUnknown } from '../../unknown-value.js';
import { boolOf, type MappingState } from './mapping-state.js';
import type { TerraformResourceInput, TfValue } from './terraform-resource.js';
import { resourceVaultNamespace } from './vault-namespace.js';
import { mapVaultIdentities } from './map-vault-identities.js';
import { parseJsonText } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { isSymbolicPrincipal, symbolicPrincipal } from '../../../model/unknowns.js';

// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/policy
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/approle_auth_backend_role
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/aws_auth_backend_role
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/mount
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/jwt_auth_backend_role
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/kubernetes_auth_backend_role
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/github_team (github_user, github_auth_backend)
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/ldap_auth_backend_group (ldap_auth_backend_user, ldap_auth_backend)
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/okta_auth_backend_group (okta_auth_backend_user, okta_auth_backend)
// https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/identity_group (and identity_group_policies,
// identity_entity, identity_entity_policies)

/**
 * Maps Vault resources. `vault_policy.policy` is parsed with the Vault policy parser; its rules
 * point at the file line of their `path` stanza when the text is laid out in the file (a heredoc,
 * `textLineBase`), else at the attribute. The provider's plural `bound_*s` arguments (and the
 * singular ones of providers before 2.0) become the API's singular fields. Defaults follow the provider: backend `approle`/`aws`, `bind_secret_id`
 * true, `auth_type` iam. An unknown policy name becomes a name no input defines (which the graph
 * widens); an unknown binding becomes its pattern or `*`; both raise `unresolvedExpression`.
 */
export function mapVaultResources(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const vaultPolicies: VaultPolicy[] = [];
  const vaultAuthRoles: VaultAuthRole[] = [];
  const vaultMounts: VaultMount[] = [];
  const of = (type: string): TerraformResourceInput[] => resources.filter((r) => r.type === type);
  const text = (resource: TerraformResourceInput, attribute: string, fallback?: string): string | undefined => {
    const value = state.joinString(resource, attribute);
    if (isUnknown(value)) {
      state.unresolved(resource, attribute, value, fallback === undefined ? 'the resource is not in the analysis' : `"${fallback}" is assumed`);
      return fallback;
    }
    return value === undefined || value === '' ? fallback : value;
  };
  // A role whose name the inputs do not settle (`role = each.key` over a map with no value) still
  // lets whoever its bindings admit log in, with its policies: it is kept, named by its address.
  const roleName = (resource: TerraformResourceInput, attribute: string): string => {
    const value = state.joinString(resource, attribute);
    if (!isUnknown(value)) return value === undefined || value === '' ? resource.address : value;
    state.unresolved(resource, attribute, value, `the role is kept under the name ${resource.address}`);
    return resource.address;
  };
  const list = (resource: TerraformResourceInput, attribute: string, widen: (expression: string, pattern?: string) => string): string[] =>
    state.joinList(resource, attribute).map((item) => {
      if (!isUnknown(item)) return item;
      const replacement = widen(item.expression, item.pattern);
      state.unresolved(resource, attribute, item, `"${replacement}" is used instead`);
      return replacement;
    });
  const policyNames = (resource: TerraformResourceInput, attribute: string): string[] =>
    list(resource, attribute, (expression) => `unresolved(${expression})`).map((p) => p.trim().toLowerCase());
  const bindings = (resource: TerraformResourceInput, attribute: string): string[] => list(resource, attribute, (_e, pattern) => pattern ?? '*');
  // Provider versions before 2.0 took each AWS binding as one string (`bound_iam_principal_arn`,
  // `bound_ami_id`, …) and sent it to Vault as written, and Vault reads a comma-separated string as a
  // list (https://developer.hashicorp.com/vault/docs/upgrading/upgrade-to-0.9.6). Configurations of
  // that age still use them: both spellings bind.
  // A principal binding the inputs cannot resolve (`[var.app_role_arn]`) is one principal they cannot
  // name, a conditional reader, never `*` (docs/semantics.md#symbolic-unknowns); one with known parts keeps its pattern.
  const principalBinding = (expression: string, pattern?: string): string => (pattern !== undefined && pattern !== '*' ? pattern : symbolicPrincipal(expression));
  const awsBindings = (resource: TerraformResourceInput, plural: string): string[] => {
    const widen = PRINCIPAL_BINDINGS.has(plural) ? principalBinding : (_e: string, pattern?: string): string => pattern ?? '*';
    return [
      ...list(resource, plural, widen),
      ...list(resource, plural.slice(0, -1), widen).flatMap((item) => (isSymbolicPrincipal(item) ? [item] : item.split(',').map((part) => part.trim()).filter((part) => part !== ''))),
    ];
  };

  // Vault Enterprise namespaces: a resource's own `namespace` is relative to its provider
  // configuration's, which is relative to the scan's (provider-places.ts `vaultNamespacesRelative`).
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs#namespace-support
  const unknownProviders = new Set<string>();
  const namespaceOf = (resource: TerraformResourceInput): string | undefined => {
    const provider = resource.place?.vaultNamespace;
    const unknownProvider = resource.place?.vaultNamespaceUnknown;
    if (unknownProvider !== undefined && !unknownProviders.has(unknownProvider)) {
      unknownProviders.add(unknownProvider);
      state.issue('unresolvedExpression', `${resource.address}: the namespace of provider ${resource.place?.provider ?? 'vault'} (${unknownProvider}) cannot be resolved; its Vault resources are read as in the scan's namespace`, resource.source);
    }
    const own = state.joinString(resource, 'namespace');
    if (isUnknown(own)) state.unresolved(resource, 'namespace', own, `it is read as in ${provider === undefined ? 'the scan\'s namespace' : `namespace ${provider}`}`);
    return resourceVaultNamespace(resource, state);
  };
  const inNamespace = <T extends object>(resource: TerraformResourceInput, item: T): T & { namespace?: string } => {
    const namespace = namespaceOf(resource);
    return namespace === undefined ? item : { ...item, namespace };
  };

  for (const resource of of('vault_policy')) {
    const name = text(resource, 'name');
    const body = text(resource, 'policy');
    if (name === undefined || body === undefined) continue;
    const parsed = parseVaultPolicy(body, name, resource.source.file);
    const attributeSource = state.sourceOf(resource, 'policy');
    const base = resource.textLineBase?.['policy'];
    const place = <T extends { source: SourceRef }>(item: T): T => {
      const line = item.source.line ?? 1;
      item.source = base !== undefined
        ? { ...item.source, file: resource.source.file, line: base + line }
        : { ...attributeSource, pointer: `${attributeSource.pointer ?? resource.address}#L${line}` };
      return item;
    };
    parsed.policy.rules.forEach(place);
    parsed.issues.forEach(place);
    state.issues.push(...parsed.issues);
    vaultPolicies.push(vaultPolicyInNamespace({ ...parsed.policy, source: resource.source }, namespaceOf(resource)));
  }

  for (const resource of of('vault_approle_auth_backend_role')) {
    const name = roleName(resource, 'role_name');
    const bindSecretId = state.resolve(resource.values['bind_secret_id'], 'join');
    // An unknown bind_secret_id may be false: that is the wider reading.
    if (isUnknown(bindSecretId)) state.unresolved(resource, 'bind_secret_id', bindSecretId, 'it is taken as false (login with the role_id alone)');
    const role: VaultAppRole = {
      type: 'approle',
      mount: trimVaultSlashes(text(resource, 'backend', 'approle') ?? 'approle'),
      name,
      tokenPolicies: policyNames(resource, 'token_policies'),
      policies: policyNames(resource, 'policies'),
      tokenNoDefaultPolicy: boolOf(resource.values['token_no_default_policy'], false),
      tokenBoundCidrs: bindings(resource, 'token_bound_cidrs'),
      bindSecretId: isUnknown(bindSecretId) ? false : boolOf(bindSecretId, true),
      secretIdBoundCidrs: bindings(resource, 'secret_id_bound_cidrs'),
      boundCidrList: bindings(resource, 'bound_cidr_list'),
      source: resource.source,
    };
    const roleId = state.joinString(resource, 'role_id');
    if (typeof roleId === 'string' && roleId !== '') role.roleId = roleId;
    vaultAuthRoles.push(inNamespace(resource, role));
  }

  for (const resource of of('vault_aws_auth_backend_role')) {
    const name = roleName(resource, 'role');
    const authType = text(resource, 'auth_type', 'iam');
    const role: VaultAwsAuthRole = {
      type: 'aws',
      mount: trimVaultSlashes(text(resource, 'backend', 'aws') ?? 'aws'),
      name,
      tokenPolicies: policyNames(resource, 'token_policies'),
      policies: policyNames(resource, 'policies'),
      tokenNoDefaultPolicy: boolOf(resource.values['token_no_default_policy'], false),
      tokenBoundCidrs: bindings(resource, 'token_bound_cidrs'),
      authType: authType === 'ec2' ? 'ec2' : 'iam',
      boundIamPrincipalArn: awsBindings(resource, 'bound_iam_principal_arns'),
      boundAccountId: awsBindings(resource, 'bound_account_ids'),
      boundAmiId: awsBindings(resource, 'bound_ami_ids'),
      boundIamRoleArn: awsBindings(resource, 'bound_iam_role_arns'),
      boundIamInstanceProfileArn: awsBindings(resource, 'bound_iam_instance_profile_arns'),
      boundEc2InstanceId: awsBindings(resource, 'bound_ec2_instance_ids'),
      boundRegion: awsBindings(resource, 'bound_regions'),
      boundVpcId: awsBindings(resource, 'bound_vpc_ids'),
      boundSubnetId: awsBindings(resource, 'bound_subnet_ids'),
      source: resource.source,
    };
    if (authType !== undefined && authType !== 'iam' && authType !== 'ec2') {
      state.issue('vaultRoleInvalid', `${resource.address}: unknown auth_type "${authType}", read as iam`, state.sourceOf(resource, 'auth_type'));
    }
    const roleTag = state.joinString(resource, 'role_tag');
    if (typeof roleTag === 'string' && roleTag !== '') role.roleTag = roleTag;
    const resolveIds = resource.values['resolve_aws_unique_ids'];
    if (typeof resolveIds === 'boolean') role.resolveAwsUniqueIds = resolveIds;
    vaultAuthRoles.push(inNamespace(resource, role));
  }

  // Roles whose logins are not AWS principals: whoever the bindings admit (a CI system's tokens,
  // service accounts) logs in. One reader stands for them whatever the bindings say, so the bindings
  // only describe that reader: kept as written, an unknown one as its expression, and never an SS011.
  const described = (value: TfValue | undefined): string[] => {
    const resolved = state.resolve(value, 'join');
    if (isUnknown(resolved)) return [`(${resolved.expression})`];
    if (typeof resolved === 'string') return resolved.split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (Array.isArray(resolved)) return resolved.flatMap(described);
    return [];
  };
  const externalRole = (resource: TerraformResourceInput, method: VaultExternalAuthRole['method'], mount: string, bindingAttributes: string[], nameAttribute = 'role_name'): VaultExternalAuthRole => {
    const name = roleName(resource, nameAttribute);
    const bound: Record<string, string[]> = {};
    for (const attribute of bindingAttributes) {
      const values = described(resource.values[attribute]);
      if (values.length > 0) bound[attribute] = values;
    }
    // bound_claims is a map of claim to value; a value may list several, comma-separated.
    const claims = state.resolve(resource.values['bound_claims'], 'join');
    if (isKnownMap(claims)) for (const [claim, value] of Object.entries(claims)) bound[`bound_claims.${claim}`] = described(value);
    else if (isUnknown(claims)) bound['bound_claims'] = [`(${claims.expression})`];
    const role: VaultExternalAuthRole = {
      type: 'external',
      method,
      mount,
      name,
      tokenPolicies: policyNames(resource, 'token_policies'),
      policies: policyNames(resource, 'policies'),
      tokenNoDefaultPolicy: boolOf(resource.values['token_no_default_policy'], false),
      tokenBoundCidrs: bindings(resource, 'token_bound_cidrs'),
      bindings: bound,
      source: resource.source,
    };
    const placed = inNamespace(resource, role);
    vaultAuthRoles.push(placed);
    return placed;
  };
  // What names a login's entity alias (an unknown setting names nothing the scan can match).
  const known = (resource: TerraformResourceInput, attribute: string, fallback: string): string | undefined => {
    const value = state.joinString(resource, attribute);
    return value === undefined || value === '' ? fallback : typeof value === 'string' ? value : undefined;
  };
  for (const resource of of('vault_jwt_auth_backend_role')) {
    // The provider's default role_type is oidc; both are the JWT/OIDC method's roles.
    const method = text(resource, 'role_type', 'oidc') === 'jwt' ? 'jwt' : 'oidc';
    const role = externalRole(resource, method, trimVaultSlashes(text(resource, 'backend', 'jwt') ?? 'jwt'), ['bound_audiences', 'bound_subject']);
    const claim = known(resource, 'user_claim', 'sub');
    if (claim !== undefined) role.aliasSource = { claim };
    const groupsClaim = state.joinString(resource, 'groups_claim');
    if (isUnknown(groupsClaim)) role.groupsClaim = `(${groupsClaim.expression})`;
    else if (groupsClaim !== undefined && groupsClaim !== '') role.groupsClaim = groupsClaim;
    if (known(resource, 'bound_claims_type', 'string') !== 'string') role.claimsGlob = true;
  }
  for (const resource of of('vault_kubernetes_auth_backend_role')) {
    const role = externalRole(resource, 'kubernetes', trimVaultSlashes(text(resource, 'backend', 'kubernetes') ?? 'kubernetes'), ['bound_service_account_names', 'bound_service_account_namespaces', 'audience']);
    const source = known(resource, 'alias_name_source', 'serviceaccount_uid');
    if (source === 'serviceaccount_uid' || source === 'serviceaccount_name') role.aliasSource = { serviceAccount: source === 'serviceaccount_uid' ? 'uid' : 'name' };
  }
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/cert_auth_backend_role
  for (const resource of of('vault_cert_auth_backend_role')) {
    externalRole(resource, 'cert', trimVaultSlashes(text(resource, 'backend', 'cert') ?? 'cert'), ['allowed_names', 'allowed_common_names', 'allowed_dns_sans', 'allowed_email_sans', 'allowed_uri_sans', 'allowed_organizational_units'], 'name');
  }
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/gcp_auth_backend_role
  for (const resource of of('vault_gcp_auth_backend_role')) {
    externalRole(resource, 'gcp', trimVaultSlashes(text(resource, 'backend', 'gcp') ?? 'gcp'), ['bound_service_accounts', 'bound_projects', 'bound_zones', 'bound_regions', 'bound_instance_groups', 'bound_labels'], 'role');
  }
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/azure_auth_backend_role
  for (const resource of of('vault_azure_auth_backend_role')) {
    externalRole(resource, 'azure', trimVaultSlashes(text(resource, 'backend', 'azure') ?? 'azure'), ['bound_service_principal_ids', 'bound_group_ids', 'bound_locations', 'bound_subscription_ids', 'bound_resource_groups', 'bound_scale_sets'], 'role');
  }
  // A token Terraform creates carries its policies to whoever holds it: the state, or an output.
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/token
  for (const resource of of('vault_token')) {
    vaultAuthRoles.push(inNamespace(resource, {
      type: 'external' as const,
      method: 'token' as const,
      mount: 'token',
      name: resource.address,
      entry: `create/${resource.address}`,
      tokenPolicies: [],
      policies: policyNames(resource, 'policies'),
      tokenNoDefaultPolicy: boolOf(resource.values['no_default_policy'], false),
      tokenBoundCidrs: [],
      bindings: {},
      source: resource.source,
    }));
  }
  // `vault_generic_endpoint` writes any API path; a userpass user (`auth/MOUNT/users/NAME`) is a
  // login with the policies its data lists. Other paths are reported as not read (below).
  // https://developer.hashicorp.com/vault/api-docs/auth/userpass#create-update-user
  for (const resource of of('vault_generic_endpoint')) {
    const path = state.joinString(resource, 'path');
    const user = typeof path === 'string' ? /^\/?auth\/(.+)\/users\/([^/]+)\/?$/.exec(path) : null;
    if (!user) {
      state.issue('unsupportedResource', `${resource.address}: vault_generic_endpoint at ${typeof path === 'string' ? path : isUnknown(path) ? path.expression : '(no path)'} may grant access but is not read; what it writes is not in the analysis`, resource.source);
      continue;
    }
    const data = state.resolve(resource.values['data_json'], 'join');
    // `jsonencode({ policies = […], password = var.password })` stays a structure around its unknown password.
    const parsed: Record<string, unknown> | undefined = typeof data === 'string' ? jsonObjectOf(data) : isKnownMap(data) ? data : undefined;
    const listed = (key: string): string[] | undefined => {
      const value = parsed?.[key];
      if (value === undefined) return [];
      if (typeof value === 'string') return value.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
      return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value.map((v) => v.trim().toLowerCase()) : undefined;
    };
    const tokenPolicies = listed('token_policies');
    const policies = listed('policies');
    const unknownPolicies = parsed === undefined || tokenPolicies === undefined || policies === undefined;
    if (unknownPolicies) state.issue('unresolvedExpression', `${resource.address}: the policies of userpass user ${user[2]} cannot be read from data_json; the user is taken to hold any policy`, resource.source);
    vaultAuthRoles.push(inNamespace(resource, {
      type: 'external' as const,
      method: 'userpass' as const,
      mount: trimVaultSlashes(user[1] ?? 'userpass'),
      name: user[2] ?? resource.address,
      entry: `users/${user[2] ?? resource.address}`,
      tokenPolicies: unknownPolicies ? [`unresolved(${resource.address}.data_json)`] : tokenPolicies ?? [],
      policies: unknownPolicies ? [] : policies ?? [],
      tokenNoDefaultPolicy: parsed?.['token_no_default_policy'] === true,
      tokenBoundCidrs: [],
      bindings: { user: [user[2] ?? resource.address] },
      source: resource.source,
    }));
  }

  // Directory mappings: a GitHub team or user, an LDAP or Okta group or user, is given policies
  // that every token of its people carries; an auth method's own token_policies go to everyone who
  // logs in through it. One reader stands for the people each admits, named by where it lives.
  const directoryMapping = (resource: TerraformResourceInput, method: 'github' | 'ldap' | 'okta', mount: { attribute: string; fallback: string }, entry: { attribute: string; under: string; binding: string }): void => {
    const name = roleName(resource, entry.attribute);
    const role: VaultExternalAuthRole = {
      type: 'external',
      method,
      mount: trimVaultSlashes(text(resource, mount.attribute, mount.fallback) ?? mount.fallback),
      name,
      entry: `${entry.under}/${name}`,
      tokenPolicies: [],
      policies: policyNames(resource, 'policies'),
      tokenNoDefaultPolicy: false,
      tokenBoundCidrs: [],
      bindings: { [entry.binding]: [name] },
      source: resource.source,
    };
    vaultAuthRoles.push(inNamespace(resource, role));
  };
  for (const resource of of('vault_github_team')) directoryMapping(resource, 'github', { attribute: 'backend', fallback: 'github' }, { attribute: 'team', under: 'map/teams', binding: 'team' });
  for (const resource of of('vault_github_user')) directoryMapping(resource, 'github', { attribute: 'backend', fallback: 'github' }, { attribute: 'user', under: 'map/users', binding: 'user' });
  for (const resource of of('vault_ldap_auth_backend_group')) directoryMapping(resource, 'ldap', { attribute: 'backend', fallback: 'ldap' }, { attribute: 'groupname', under: 'groups', binding: 'group' });
  for (const resource of of('vault_ldap_auth_backend_user')) directoryMapping(resource, 'ldap', { attribute: 'backend', fallback: 'ldap' }, { attribute: 'username', under: 'users', binding: 'user' });
  for (const resource of of('vault_okta_auth_backend_group')) directoryMapping(resource, 'okta', { attribute: 'path', fallback: 'okta' }, { attribute: 'group_name', under: 'groups', binding: 'group' });
  for (const resource of of('vault_okta_auth_backend_user')) directoryMapping(resource, 'okta', { attribute: 'path', fallback: 'okta' }, { attribute: 'username', under: 'users', binding: 'user' });
  // `vault_okta_auth_backend` also takes its group and user mappings as inline `group` and `user`
  // blocks (https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/okta_auth_backend):
  // each maps as the separate resource would. A block list the inputs cannot read is one mapping to
  // policies they cannot name.
  for (const resource of of('vault_okta_auth_backend')) {
    for (const [block, entry] of [['group', { attribute: 'group_name', under: 'groups', binding: 'group' }], ['user', { attribute: 'username', under: 'users', binding: 'user' }]] as const) {
      const value = state.resolve(resource.values[block], 'join');
      if (value === undefined || value === null) continue;
      const path = resource.values['path'];
      const inline = (values: Record<string, TfValue>): void => directoryMapping({ ...resource, values: { ...values, ...(path !== undefined ? { path } : {}) } }, 'okta', { attribute: 'path', fallback: 'okta' }, entry);
      if (isUnknown(value)) {
        inline({ policies: value });
        continue;
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        const fields = state.resolve(item, 'join');
        if (fields !== null && typeof fields === 'object' && !Array.isArray(fields) && !isUnknown(fields)) inline(fields as Record<string, TfValue>);
      }
    }
  }
  for (const [type, method] of [['vault_github_auth_backend', 'github'], ['vault_ldap_auth_backend', 'ldap'], ['vault_okta_auth_backend', 'okta']] as const) {
    for (const resource of of(type)) {
      const mount = trimVaultSlashes(text(resource, 'path', method) ?? method);
      // Who can log in: the GitHub or Okta organization's members, the LDAP server's users.
      const binding = method === 'ldap' ? 'url' : 'organization';
      const who = state.joinString(resource, binding);
      vaultAuthRoles.push(inNamespace(resource, {
        type: 'external' as const,
        method,
        mount,
        name: mount,
        entry: 'config',
        tokenPolicies: policyNames(resource, 'token_policies'),
        policies: [],
        tokenNoDefaultPolicy: boolOf(resource.values['token_no_default_policy'], false),
        tokenBoundCidrs: bindings(resource, 'token_bound_cidrs'),
        bindings: { [binding]: [typeof who === 'string' ? who : isUnknown(who) ? `(${who.expression})` : '(not given)'] },
        source: resource.source,
      }));
    }
  }

  vaultAuthRoles.push(...mapVaultIdentities(state, { of, namespaceOf, policyNames }));

  // Secrets the configuration writes or makes are discovered secrets; their data is never read.
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/kv_secret_v2 (mount, name)
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/kv_secret (path)
  // https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/generic_secret (path)
  // A path part the inputs do not know (`name = "${var.app}/db"`) keeps the secret, as a pattern
  // under its address: its unknown parts become `*` (docs/semantics.md#symbolic-unknowns).
  const vaultSecrets: VaultSecret[] = [];
  // `withMount`: the first attribute is the secret's mount, so the joined path is the read path already.
  const writtenSecret = (resource: TerraformResourceInput, attributes: string[], join: (parts: string[]) => string, kvVersion?: 1 | 2, withMount = false): void => {
    const unknown: string[] = [];
    const parts: string[] = [];
    for (const attribute of attributes) {
      const value = state.joinString(resource, attribute);
      if (value === undefined || value === '') return;
      if (isUnknown(value)) {
        unknown.push(value.expression);
        parts.push(trimVaultSlashes(value.pattern ?? '*'));
        state.unresolved(resource, attribute, value, `the secret it writes is kept as the pattern ${value.pattern ?? '*'}, under ${resource.address}`);
      } else parts.push(trimVaultSlashes(value));
    }
    const namespace = namespaceOf(resource);
    const secret: VaultSecret = { path: inVaultNamespace(namespace, join(parts)), source: resource.source };
    if (namespace !== undefined) secret.namespace = namespace;
    if (kvVersion !== undefined) secret.kvVersion = kvVersion;
    if (withMount && parts[0] !== undefined) secret.mount = inVaultNamespace(namespace, parts[0]);
    if (unknown.length > 0) secret.pattern = { id: resource.address, why: unknown.join(', ') };
    vaultSecrets.push(secret);
  };
  for (const resource of of('vault_kv_secret_v2')) writtenSecret(resource, ['mount', 'name'], ([mount, name]) => `${mount}/data/${name}`, 2, true);
  for (const resource of of('vault_kv_secret')) writtenSecret(resource, ['path'], ([path]) => path ?? '', 1);
  for (const resource of of('vault_generic_secret')) writtenSecret(resource, ['path'], ([path]) => path ?? '');
  // A database secrets engine's roles are secrets too: reading `MOUNT/creds/NAME` makes database
  // credentials, `MOUNT/static-creds/NAME` returns a static role's current password
  // (https://developer.hashicorp.com/vault/api-docs/secret/databases#generate-credentials,
  // #get-static-credentials). Who may read them is decided by the policies on those paths.
  for (const resource of of('vault_database_secret_backend_role')) writtenSecret(resource, ['backend', 'name'], ([backend, name]) => `${backend}/creds/${name}`);
  for (const resource of of('vault_database_secret_backend_static_role')) writtenSecret(resource, ['backend', 'name'], ([backend, name]) => `${backend}/static-creds/${name}`);

  for (const resource of of('vault_mount')) {
    const path = text(resource, 'path');
    const type = text(resource, 'type');
    if (path === undefined || type === undefined) continue;
    const mount: VaultMount = { path: inVaultNamespace(namespaceOf(resource), trimVaultSlashes(path)), type, source: resource.source };
    const options = state.resolve(resource.values['options'], 'join');
    const version = isKnownMap(options) ? options['version'] : undefined;
    if (type === 'kv-v2' || version === '2' || version === 2) mount.kvVersion = 2;
    else if (type === 'kv' || type === 'generic') mount.kvVersion = 1;
    vaultMounts.push(mount);
  }
  return { vaultPolicies, vaultAuthRoles, vaultMounts, vaultSecrets };
}

/** AWS auth bindings that name principals by ARN. */
const PRINCIPAL_BINDINGS: ReadonlySet<string> = new Set(['bound_iam_principal_arns', 'bound_iam_role_arns', 'bound_iam_instance_profile_arns']);

/** A JSON object from text, read as the project reads JSON in strings, or undefined (a userpass user's `data_json`; its password is never looked at). */
function jsonObjectOf(text: string): Record<string, unknown> | undefined {
  try {
    const { value } = parseJsonText(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
