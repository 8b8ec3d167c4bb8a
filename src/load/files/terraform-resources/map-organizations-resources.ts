import type { InventoryFragment } from '../../../model/inventory.js';
import type { OrganizationEntity, ServiceControlPolicy } from '../../../model/organizations.js';
import { isKnownMap, isUnknown } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import { policyFromValue } from './policy-from-value.js';
import type { TerraformResourceInput, TfValue } from './terraform-resource.js';

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_policy (and
// organizations_policy_attachment, organizations_organizational_unit, organizations_account,
// organizations_organization)

export const ORGANIZATIONS_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aws_organizations_organization', 'aws_organizations_organizational_unit', 'aws_organizations_account',
  'aws_organizations_policy', 'aws_organizations_policy_attachment',
]);

/** Policy types that cannot change who reads a secret (tags, backups, AI opt-out, chat, declarative EC2). */
const IRRELEVANT_POLICY_TYPES = new Set(['TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2']);

/**
 * Maps the organization tree and its service control policies. Ids known only after apply (an
 * OU's, a policy's, a new account's, the root's) are stood in for by the resource address
 * (`aws_organizations_organizational_unit.prod`; the root is `aws_organizations_organization.X.roots[0]`),
 * the same wherever a reference names them, so attachments and `parent_id`s join. A policy's
 * targets are the attachments in the set; a policy without any keeps them unknown (SS011 later).
 * The organization resource lives in the management account: the provider's account, when known.
 */
export function mapOrganizationsResources(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const entities: OrganizationEntity[] = [];
  const scps = new Map<string, ServiceControlPolicy>();
  const irrelevant: NonNullable<InventoryFragment['irrelevantResources']> = [];
  const of = (type: string): TerraformResourceInput[] => resources.filter((r) => r.type === type);

  for (const resource of of('aws_organizations_organization')) {
    const root: OrganizationEntity = { id: rootIdOf(resource), kind: 'root', name: 'Root', source: resource.source };
    const management = known(resource.values['master_account_id']) ?? state.context.defaultAccount;
    if (management !== undefined) root.managementAccount = management;
    entities.push(root);
  }
  for (const type of ['aws_organizations_organizational_unit', 'aws_organizations_account'] as const) {
    for (const resource of of(type)) {
      const entity: OrganizationEntity = { id: idOf(resource, state), kind: type === 'aws_organizations_account' ? 'account' : 'ou', source: resource.source };
      const name = known(resource.values['name']);
      if (name !== undefined) entity.name = name;
      const parent = referenceId(resource.values['parent_id'], state);
      if (parent !== undefined) entity.parentId = parent;
      else if (resource.values['parent_id'] !== undefined || type === 'aws_organizations_organizational_unit') {
        state.issue('unresolvedExpression', `${resource.address}: parent_id cannot be resolved; its place in the organization is unknown, so SCPs above it may apply (conditionally)`, state.sourceOf(resource, 'parent_id'));
      }
      entities.push(entity);
    }
  }
  for (const resource of of('aws_organizations_policy')) {
    const type = known(resource.values['type']) ?? 'SERVICE_CONTROL_POLICY';
    if (IRRELEVANT_POLICY_TYPES.has(type)) { irrelevant.push({ type: `${resource.type} (${type})`, source: resource.source }); continue; }
    if (type !== 'SERVICE_CONTROL_POLICY') {
      state.issue('unsupportedPolicyType', `${resource.address}: organization policy type ${type} may restrict access but is not read yet; what it restricts is not in the analysis`, resource.source);
      continue;
    }
    const id = idOf(resource, state);
    const name = known(resource.values['name']);
    const scp: ServiceControlPolicy = { id, source: resource.source };
    if (name !== undefined) scp.name = name;
    const policy = policyFromValue(state, resource, 'content', resource.values['content'], `SCP ${name ?? id}`, 'identity');
    if (policy) scp.policy = policy;
    scps.set(id, scp);
  }
  for (const resource of of('aws_organizations_policy_attachment')) {
    const policyId = referenceId(resource.values['policy_id'], state);
    const target = referenceId(resource.values['target_id'], state);
    if (policyId === undefined || target === undefined) {
      const what = policyId === undefined ? 'policy_id' : 'target_id';
      state.issue('unresolvedExpression', `${resource.address}: ${what} cannot be resolved; the policy's targets stay unknown (its Denies make access conditional)`, state.sourceOf(resource, what));
      if (policyId !== undefined && !scps.has(policyId)) scps.set(policyId, { id: policyId, source: resource.source });
      continue;
    }
    const scp = scps.get(policyId) ?? { id: policyId, source: resource.source };
    scp.targets = [...(scp.targets ?? []), target];
    scps.set(policyId, scp);
  }
  const fragment: InventoryFragment = {};
  if (entities.length > 0) fragment.organizationEntities = entities;
  if (scps.size > 0) fragment.scps = [...scps.values()];
  if (irrelevant.length > 0) fragment.irrelevantResources = irrelevant;
  return fragment;
}

function known(value: TfValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function rootIdOf(organization: TerraformResourceInput): string {
  const roots = organization.values['roots'];
  const first = Array.isArray(roots) ? roots[0] : undefined;
  return (isKnownMap(first) ? known(first['id']) : undefined) ?? `${organization.address}.roots[0]`;
}

/** The resource's id when known (a plan of existing resources), else its address. */
function idOf(resource: TerraformResourceInput, state: MappingState): string {
  return known(state.resolve(resource.values['id'], 'join')) ?? resource.address;
}

/**
 * The id a `policy_id`, `target_id` or `parent_id` names: a literal, or a reference to another
 * organizations resource of the set (`aws_organizations_organizational_unit.prod.id`,
 * `aws_organizations_organization.org.roots[0].id`), whose id or address stands in.
 */
function referenceId(value: TfValue | undefined, state: MappingState): string | undefined {
  const literal = known(state.resolve(value, 'join'));
  if (literal !== undefined) return literal;
  if (!isUnknown(value)) return undefined;
  const expression = (value.inferredFrom ?? value.expression).replace(/ \(known after apply\)$/, '');
  const root = /^(.*\baws_organizations_organization\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.roots(?:\[0\])?(?:\.id)?$/.exec(expression);
  if (root) {
    const organization = state.byAddress.get(root[1] ?? '');
    return organization ? rootIdOf(organization) : undefined;
  }
  const reference = /^(.*\baws_organizations_(?:organizational_unit|account|policy)\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.id$/.exec(expression);
  const target = reference ? state.byAddress.get(reference[1] ?? '') : undefined;
  return target ? idOf(target, state) : undefined;
}
