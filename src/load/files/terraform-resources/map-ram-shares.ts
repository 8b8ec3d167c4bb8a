import type { InventoryFragment, ParameterShare } from '../../../model/inventory.js';
import { isParameterArn } from '../../arns.js';
import { isUnknown, patternOf, unknownReason } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import type { TerraformResourceInput } from './terraform-resource.js';

// Parameter Store shares advanced parameters with other accounts, an OU or the organization
// through AWS RAM (docs/semantics.md#ram-shares):
// https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-shared-parameters.html
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ram_resource_association
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ram_principal_association

export const RAM_RESOURCE_TYPES: ReadonlySet<string> = new Set(['aws_ram_resource_share', 'aws_ram_resource_association', 'aws_ram_principal_association']);

/**
 * The shares that hold SSM parameters: resource and principal associations joined by the share
 * they name (`resource_share_arn`, a reference to an `aws_ram_resource_share` or a share's ARN).
 * A share of subnets, transit gateways and the like is seen and irrelevant. A consumer the inputs
 * cannot know may be anyone, undecided, and raises unresolvedExpression.
 */
export function mapRamShares(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const shares = new Map<string, ParameterShare>();
  const shareOf = (resource: TerraformResourceInput): ParameterShare => {
    const key = shareKey(resource, state);
    let share = shares.get(key);
    // Placed at the share resource where the configuration holds it, else at the first association naming it.
    if (!share) shares.set(key, (share = { name: key, parameterArns: [], principals: [], source: state.byAddress.get(key)?.source ?? resource.source }));
    return share;
  };
  for (const resource of resources.filter((r) => r.type === 'aws_ram_resource_association')) {
    const arn = state.joinString(resource, 'resource_arn');
    if (typeof arn === 'string' && isParameterArn(arn)) shareOf(resource).parameterArns.push(arn);
    else if (isUnknown(arn) && isParameterArn(arn.pattern ?? '')) shareOf(resource).parameterArns.push(patternOf(arn));
  }
  for (const resource of resources.filter((r) => r.type === 'aws_ram_principal_association')) {
    const share = shares.get(shareKey(resource, state));
    if (!share) continue;
    const principal = state.joinString(resource, 'principal');
    const source = state.sourceOf(resource, 'principal');
    if (typeof principal === 'string' && principal !== '') share.principals.push({ principal, source });
    else if (isUnknown(principal)) {
      state.unresolved(resource, 'principal', principal, `the parameters share ${share.name} holds may be shared with anyone, conditionally`);
      share.principals.push({ principal: '*', undecided: unknownReason(principal, source), source });
    }
  }
  const parameterShares = [...shares.values()].filter((s) => s.parameterArns.length > 0);
  const joined = new Set(parameterShares.map((s) => s.name));
  const irrelevantResources = resources.filter((r) => r.type === 'aws_ram_resource_share' ? !joined.has(r.address) : !joined.has(shareKey(r, state)))
    .map((r) => ({ type: r.type, source: r.source }));
  return {
    ...(parameterShares.length > 0 ? { parameterShares } : {}),
    ...(irrelevantResources.length > 0 ? { irrelevantResources } : {}),
  };
}

/**
 * The share an association names, as one key for both kinds: the share resource's address when the
 * configuration refers to it (`aws_ram_resource_share.x.arn`), else the ARN or expression written.
 */
function shareKey(resource: TerraformResourceInput, state: MappingState): string {
  if (resource.type === 'aws_ram_resource_share') return resource.address;
  const value = resource.values['resource_share_arn'];
  if (isUnknown(value)) {
    const referenced = state.referencedAttribute(value);
    return referenced?.resource.type === 'aws_ram_resource_share' ? referenced.resource.address : value.expression;
  }
  return typeof value === 'string' ? value : '';
}
