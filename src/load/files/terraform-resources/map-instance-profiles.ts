import type { IamPrincipal, InventoryFragment } from '../../../model/inventory.js';
import type { MappingState } from './mapping-state.js';
import { iamName, normalizeIamPath } from './resource-identity.js';
import type { TerraformResourceInput } from './terraform-resource.js';
import { iamArn } from '../../arns.js';

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_instance_profile

/**
 * An instance profile grants nothing by itself, but Vault's ec2 auth binds instance profiles
 * (`bound_iam_instance_profile_arn`) to the role inside: the role learns the profile's ARN. The
 * role is joined by name; the entry produced is a placeholder the merge folds into the role.
 */
export function mapInstanceProfiles(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const principals: IamPrincipal[] = [];
  const roles = [...state.byAddress.values()].filter((r) => r.mode === 'managed' && r.type === 'aws_iam_role');
  for (const profile of resources) {
    const roleName = state.joinString(profile, 'role');
    if (typeof roleName !== 'string' || roleName === '') continue;
    const account = state.account(profile);
    const path = state.joinString(profile, 'path');
    const profileArn = `arn:aws:iam::${account}:instance-profile${normalizeIamPath(typeof path === 'string' ? path : undefined)}${iamName(profile, state)}`;
    const role = roles.find((r) => iamName(r, state) === roleName);
    const arn = role ? state.attributeOf(role, 'arn') : undefined;
    principals.push({
      kind: 'role', arn: typeof arn === 'string' ? arn : iamArn(account, 'role', roleName), name: roleName, account,
      inlinePolicies: [], attachedPolicyArns: [], groups: [], tags: {}, instanceProfileArns: [profileArn], placeholder: true, source: profile.source,
    });
  }
  return principals.length > 0 ? { principals } : {};
}
