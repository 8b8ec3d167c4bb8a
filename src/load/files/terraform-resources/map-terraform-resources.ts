import type { InventoryFragment } from '../../../model/inventory.js';
import { AWS_STORE_RESOURCE_TYPES, mapAwsStoreResources } from './map-aws-resources.js';
import { mapEcsResources } from './map-ecs-resources.js';
import { IAM_RESOURCE_TYPES, mapIamResources } from './map-iam-resources.js';
import { mapInstanceProfiles } from './map-instance-profiles.js';
import { mapOrganizationsResources, ORGANIZATIONS_RESOURCE_TYPES } from './map-organizations-resources.js';
import { mapApproleCredentials, SECRET_ID_TYPE } from './map-approle-credentials.js';
import { mapRamShares, RAM_RESOURCE_TYPES } from './map-ram-shares.js';
import { mapS3Acls, S3_ACL_RESOURCE_TYPES } from './map-s3-acls.js';
import { mapUnreadModules } from './map-unread-modules.js';
import { mapVaultResources } from './map-vault-resources.js';
import { MappingState } from './mapping-state.js';
import { onlyInvokes } from '../../lambda-permissions.js';
import { UNREAD_MODULE_TYPE, type TerraformMappingContext, type TerraformMappingResult, type TerraformResourceInput } from './terraform-resource.js';

export type { TerraformMappingContext, TerraformMappingResult, TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';
export { renderPolicyDocument } from './render-policy-document.js';
export { UNRESOLVED_KEY } from './policy-from-value.js';

const VAULT_TYPES = new Set([
  'vault_policy', 'vault_approle_auth_backend_role', 'vault_aws_auth_backend_role', 'vault_jwt_auth_backend_role', 'vault_kubernetes_auth_backend_role',
  'vault_identity_group', 'vault_identity_group_policies', 'vault_identity_entity', 'vault_identity_entity_policies', 'vault_mount',
  'vault_identity_entity_alias', 'vault_identity_group_alias', 'vault_identity_group_member_entity_ids', 'vault_identity_group_member_group_ids',
  'vault_kv_secret_v2', 'vault_kv_secret', 'vault_generic_secret', 'vault_database_secret_backend_role', 'vault_database_secret_backend_static_role',
  'vault_github_auth_backend', 'vault_github_team', 'vault_github_user', 'vault_ldap_auth_backend', 'vault_ldap_auth_backend_group',
  'vault_ldap_auth_backend_user', 'vault_okta_auth_backend', 'vault_okta_auth_backend_group', 'vault_okta_auth_backend_user',
  'vault_cert_auth_backend_role', 'vault_gcp_auth_backend_role', 'vault_azure_auth_backend_role', 'vault_token', 'vault_generic_endpoint',
]);

/**
 * Resource types that cannot change who reads a secret (networking, compute, logs…) are many; the
 * ones below could, and are not mapped yet: each instance raises `unsupportedResource` rather than
 * being passed over in silence.
 */
// Services that inject secrets into what they run as ECS task definitions do (an ECS Express Mode
// service's `secret { value_from }`, a Batch job definition's `secrets`, App Runner's
// `runtime_environment_secrets`) are among them. A bucket's ACL (`aws_s3_bucket_acl`) is not: READ
// on a bucket lets its grantees list the objects, never read one; objects' own ACLs are read
// (map-s3-acls.ts). S3 Control's access points (multi-Region, Object Lambda), S3 Access Grants and
// Outposts bucket policies open objects besides the bucket policy, and are not read yet.
export const ACCESS_RELEVANT_UNMAPPED = /^(aws_iam_|aws_s3_access_point|aws_s3control_|aws_secretsmanager_|aws_ssm_|aws_lambda_permission$|aws_organizations_|vault_|aws_ecs_express_gateway_service$|aws_batch_job_definition$|aws_apprunner_service$)/;

/**
 * Types under those prefixes that neither grant a read nor hold a secret secret-scan reports on:
 * counted in `coverage.irrelevant`, never SS011. A secret version's value is never read; an access
 * key, login profile or SSH key is a credential of a user the inventory already has; a rotation,
 * a document or an auth backend enables nothing by itself (the roles on it do).
 */
const IRRELEVANT_TYPES: ReadonlySet<string> = new Set([
  'aws_iam_access_key', 'aws_iam_user_login_profile', 'aws_iam_user_ssh_key', 'aws_iam_signing_certificate',
  'aws_iam_service_specific_credential', 'aws_iam_virtual_mfa_device', 'aws_iam_server_certificate',
  'aws_iam_service_linked_role', 'aws_iam_openid_connect_provider', 'aws_iam_saml_provider',
  'aws_iam_account_password_policy', 'aws_iam_account_alias', 'aws_iam_security_token_service_preferences',
  // These keep a role's, user's or group's inline policies to the names listed and delete the others:
  // they define no policy (aws_iam_*_policy does) and can only take access away.
  'aws_iam_role_policies_exclusive', 'aws_iam_user_policies_exclusive', 'aws_iam_group_policies_exclusive',
  'aws_secretsmanager_secret_version', 'aws_secretsmanager_secret_rotation',
  'aws_s3control_bucket_lifecycle_configuration', 'aws_s3control_storage_lens_configuration',
  'aws_ssm_document', 'aws_ssm_association', 'aws_ssm_maintenance_window', 'aws_ssm_maintenance_window_target',
  'aws_ssm_maintenance_window_task', 'aws_ssm_patch_baseline', 'aws_ssm_patch_group', 'aws_ssm_resource_data_sync',
  'aws_organizations_delegated_administrator',
  'vault_auth_backend', 'vault_aws_auth_backend_config_identity', 'vault_aws_auth_backend_sts_role',
  'vault_jwt_auth_backend', 'vault_kubernetes_auth_backend_config', 'vault_aws_auth_backend_client',
  'vault_approle_auth_backend_login', 'vault_audit',
  'vault_kv_secret_backend_v2',
  // A namespace holds policies, auth methods and mounts, each read where it is defined (its
  // resources' `namespace`); rate and lease quotas only limit requests.
  'vault_namespace', 'vault_quota_rate_limit', 'vault_quota_lease_count',
]);

/** Data sources whose values feed other resources (read by reference), not the inventory itself. */
export const DATA_SOURCES_READ_BY_REFERENCE: ReadonlySet<string> = new Set(['aws_iam_policy_document', 'aws_caller_identity', 'aws_region', 'aws_partition', 'vault_policy_document', 'template_file',
  'vault_identity_group', 'vault_identity_entity', 'vault_auth_backend']);

/**
 * Vault resources that neither grant a read of a stored secret nor hold one: PKI and transit engines'
 * configuration, the UI's messages, identity tokens' keys and roles, password policies, MFA (which
 * only adds a step to a login), Sentinel EGP/RGP policies (which can only deny, and doubt never
 * removes access), Raft and audit settings.
 */
const IRRELEVANT_VAULT = /^vault_(pki_secret_backend_|transit_secret_|config_ui_|identity_oidc|identity_mfa|mfa_|password_policy$|egp_policy$|rgp_policy$|raft_|audit_request_header$)/;

/** The managed resource types the mapping reads. */
export const MAPPED_TYPES: ReadonlySet<string> = new Set([...IAM_RESOURCE_TYPES, ...AWS_STORE_RESOURCE_TYPES, ...S3_ACL_RESOURCE_TYPES, ...RAM_RESOURCE_TYPES, ...VAULT_TYPES, ...ORGANIZATIONS_RESOURCE_TYPES, 'aws_ecs_task_definition', 'aws_iam_instance_profile', UNREAD_MODULE_TYPE, SECRET_ID_TYPE]);

/**
 * Turns Terraform resource instances — from a plan or from the HCL evaluator, same provider schema —
 * into one InventoryFragment. This is the one place that knows provider resource types.
 *
 * Guarantees:
 * - Every entry carries `source` (the resource, or the attribute when `attributeSources` says), and
 *   every IamPolicy `statementSources`.
 * - Joins happen here, between the instances given: an inline policy, attachment or membership to
 *   the role, user or group of that name; a bucket, key or secret policy to its target; an alias to
 *   its key. A join whose target is absent raises an issue and invents no principal.
 * - A `TfUnknown` whose `expression` (or `inferredFrom`) is `ADDRESS.ATTRIBUTE` of an instance in
 *   the set resolves to its value, or to what the provider computes (`arn`, `id`, `name`, a KMS
 *   key's id = its address until apply; `data.aws_iam_policy_document.X.json` = the rendered document).
 * - Any other unknown that can change who reads what widens the answer and raises
 *   `unresolvedExpression` (SS011) naming the expression: `*` (or its `pattern`) in an Allow's Action,
 *   Resource or Principal; an undecided condition `secret-scan:UnresolvedExpression` in a Deny or
 *   in place of a condition. Unknowns that cannot (a parameter's value, tags, descriptions) raise nothing.
 * - Secret values (`aws_ssm_parameter.value`/`insecure_value`) are never read.
 * - Pure and deterministic; never throws on odd values.
 *
 * `root` names the root module the instances come from when a scan has several; issues then say which.
 */
export function mapTerraformResources(resources: TerraformResourceInput[], context: TerraformMappingContext, root?: string): TerraformMappingResult {
  const state = new MappingState(resources, context, root);
  const managed = resources.filter((r) => r.mode === 'managed');
  const fragments: InventoryFragment[] = [
    mapIamResources(managed.filter((r) => IAM_RESOURCE_TYPES.has(r.type)), state),
    mapAwsStoreResources(managed.filter((r) => AWS_STORE_RESOURCE_TYPES.has(r.type)), state),
    mapEcsResources(managed, state),
    mapVaultResources(managed.filter((r) => VAULT_TYPES.has(r.type)), state),
    mapOrganizationsResources(managed.filter((r) => ORGANIZATIONS_RESOURCE_TYPES.has(r.type)), state),
    mapInstanceProfiles(managed.filter((r) => r.type === 'aws_iam_instance_profile'), state),
    mapUnreadModules(managed.filter((r) => r.type === UNREAD_MODULE_TYPE), state),
    mapApproleCredentials(managed, state),
    mapS3Acls(managed.filter((r) => S3_ACL_RESOURCE_TYPES.has(r.type)), state),
    mapRamShares(managed.filter((r) => RAM_RESOURCE_TYPES.has(r.type)), state),
  ];
  const irrelevant: NonNullable<InventoryFragment['irrelevantResources']> = [];
  for (const resource of resources) {
    if (resource.mode === 'data' ? DATA_SOURCES_READ_BY_REFERENCE.has(resource.type) : MAPPED_TYPES.has(resource.type)) continue;
    if (resource.mode === 'managed' && ACCESS_RELEVANT_UNMAPPED.test(resource.type) && !IRRELEVANT_TYPES.has(resource.type) && !IRRELEVANT_VAULT.test(resource.type)
      && !(resource.type === 'aws_lambda_permission' && onlyInvokes(resource.values['action']))) {
      state.issue('unsupportedResource', `${resource.address}: resource type ${resource.type} may grant access but is not read yet; what it grants is not in the analysis`, resource.source);
    } else {
      // Seen, and unable to change who reads a secret (networking, compute, logs, the types above).
      irrelevant.push({ type: resource.mode === 'data' ? `data.${resource.type}` : resource.type, source: resource.source });
    }
  }
  if (irrelevant.length > 0) fragments.push({ irrelevantResources: irrelevant });
  const fragment: InventoryFragment = {};
  for (const part of fragments) {
    for (const [key, value] of Object.entries(part) as [keyof InventoryFragment, unknown[]][]) {
      if (!Array.isArray(value) || value.length === 0) continue;
      (fragment[key] as unknown[] | undefined) = [...((fragment[key] as unknown[] | undefined) ?? []), ...value];
    }
  }
  return { fragment, issues: state.issues };
}
