import type { IamPolicy } from '../../../model/iam.js';
import type { IamGroup, IamPrincipal, ManagedPolicy } from '../../../model/inventory.js';
import type { Issue } from '../../../model/issue.js';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { arr, issueAt, parseArn, sourceAt, str, tagsOf, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { resolveAttachedAwsManagedPolicies, type PolicyAttachment } from './aws-managed-policies.js';
import { loadPolicyDocument } from './policy-document.js';

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html

/**
 * True for the output of `aws iam get-account-authorization-details` (any of its detail lists, or
 * a `Policies` list that carries policy versions; `list-policies` has no documents and is not it).
 */
export function isAccountAuthorizationDetails(json: JsonObject): boolean {
  if (['UserDetailList', 'GroupDetailList', 'RoleDetailList'].some((k) => Array.isArray(json[k]))) return true;
  return Array.isArray(json['Policies']) && arr(json, 'Policies').some((p) => isJsonObject(p) && Array.isArray(p['PolicyVersionList']));
}

/**
 * Loads roles (trust policy, inline policies, attached ARNs, boundary), users (with groups),
 * groups and managed policies (only the default version is in force). Roles repeated inside
 * instance profiles are not loaded again. Attached AWS managed policies missing from `Policies`
 * resolve through the shipped catalog; one it does not hold raises `unknownManagedPolicy`.
 * `IsTruncated: true` raises `truncatedInventory`: the page is not the whole account.
 */
export function loadAccountAuthorizationDetails(input: ShapeInput): ShapeResult {
  const issues: Issue[] = [];
  const attachments: PolicyAttachment[] = [];
  const principals: IamPrincipal[] = [];
  const groups: IamGroup[] = [];
  const managedPolicies: ManagedPolicy[] = [];
  const seen = new Set<string>();
  const { json } = input;

  const policiesOf = (entry: JsonObject, pointer: string, listKey: string, owner: string): IamPolicy[] => {
    const out: IamPolicy[] = [];
    arr(entry, listKey).forEach((item, j) => {
      if (!isJsonObject(item)) return;
      const itemPointer = joinPointer(pointer, listKey, j);
      const id = `${owner} inline ${str(item, 'PolicyName') ?? String(j)}`;
      const loaded = loadPolicyDocument(input, item['PolicyDocument'], joinPointer(itemPointer, 'PolicyDocument'), id, 'identity');
      issues.push(...loaded.issues);
      if (loaded.policy) out.push(loaded.policy);
    });
    return out;
  };
  const attachedOf = (entry: JsonObject, pointer: string): string[] =>
    arr(entry, 'AttachedManagedPolicies').flatMap((item, j) => {
      const arn = isJsonObject(item) ? str(item, 'PolicyArn') : undefined;
      if (arn === undefined) return [];
      attachments.push({ arn, source: sourceAt(input, joinPointer(pointer, 'AttachedManagedPolicies', j)) });
      return [arn];
    });
  const boundaryOf = (entry: JsonObject, pointer: string): string | undefined => {
    const boundary = entry['PermissionsBoundary'];
    const arn = isJsonObject(boundary) ? str(boundary, 'PermissionsBoundaryArn') : undefined;
    if (arn !== undefined) attachments.push({ arn, source: sourceAt(input, joinPointer(pointer, 'PermissionsBoundary')) });
    return arn;
  };
  /** Reads the identity every entry shares; reports and skips an entry without an ARN. */
  const identify = (entry: JsonValue, pointer: string, nameKey: string, what: string) => {
    if (!isJsonObject(entry)) return undefined;
    const arn = str(entry, 'Arn');
    if (arn === undefined) {
      issues.push(issueAt(input, pointer, 'malformedEntry', `${what} without an Arn: not loaded`));
      return undefined;
    }
    if (seen.has(arn)) return undefined;
    seen.add(arn);
    const name = str(entry, nameKey) ?? arn.slice(arn.lastIndexOf('/') + 1);
    return { entry, arn, name, account: parseArn(arn)?.account ?? '' };
  };

  arr(json, 'RoleDetailList').forEach((raw, i) => {
    const pointer = joinPointer('', 'RoleDetailList', i);
    const role = identify(raw, pointer, 'RoleName', 'role');
    if (!role) return;
    const trust = loadPolicyDocument(input, role.entry['AssumeRolePolicyDocument'], joinPointer(pointer, 'AssumeRolePolicyDocument'), `role/${role.name} trust policy`, 'resource');
    issues.push(...trust.issues);
    const principal: IamPrincipal = {
      kind: 'role', arn: role.arn, name: role.name, account: role.account,
      inlinePolicies: policiesOf(role.entry, pointer, 'RolePolicyList', `role/${role.name}`),
      attachedPolicyArns: attachedOf(role.entry, pointer),
      groups: [], tags: tagsOf(role.entry['Tags']), source: sourceAt(input, pointer),
    };
    const boundary = boundaryOf(role.entry, pointer);
    if (boundary !== undefined) principal.permissionsBoundaryArn = boundary;
    if (trust.policy) principal.trustPolicy = trust.policy;
    const profiles = arr(role.entry, 'InstanceProfileList').flatMap((profile) => (isJsonObject(profile) && typeof profile['Arn'] === 'string' ? [profile['Arn']] : []));
    if (profiles.length > 0) principal.instanceProfileArns = profiles;
    principals.push(principal);
  });

  arr(json, 'UserDetailList').forEach((raw, i) => {
    const pointer = joinPointer('', 'UserDetailList', i);
    const user = identify(raw, pointer, 'UserName', 'user');
    if (!user) return;
    const principal: IamPrincipal = {
      kind: 'user', arn: user.arn, name: user.name, account: user.account,
      inlinePolicies: policiesOf(user.entry, pointer, 'UserPolicyList', `user/${user.name}`),
      attachedPolicyArns: attachedOf(user.entry, pointer),
      groups: arr(user.entry, 'GroupList').filter((g): g is string => typeof g === 'string'),
      tags: tagsOf(user.entry['Tags']), source: sourceAt(input, pointer),
    };
    const boundary = boundaryOf(user.entry, pointer);
    if (boundary !== undefined) principal.permissionsBoundaryArn = boundary;
    principals.push(principal);
  });

  arr(json, 'GroupDetailList').forEach((raw, i) => {
    const pointer = joinPointer('', 'GroupDetailList', i);
    const group = identify(raw, pointer, 'GroupName', 'group');
    if (!group) return;
    groups.push({
      arn: group.arn, name: group.name, account: group.account,
      inlinePolicies: policiesOf(group.entry, pointer, 'GroupPolicyList', `group/${group.name}`),
      attachedPolicyArns: attachedOf(group.entry, pointer), source: sourceAt(input, pointer),
    });
  });

  arr(json, 'Policies').forEach((raw, i) => {
    const pointer = joinPointer('', 'Policies', i);
    const managed = identify(raw, pointer, 'PolicyName', 'managed policy');
    if (!managed) return;
    const loaded = loadDefaultVersion(input, managed.entry, pointer, managed.arn);
    issues.push(...loaded.issues);
    if (loaded.policy) managedPolicies.push({ arn: managed.arn, name: managed.name, policy: loaded.policy });
  });

  const resolved = resolveAttachedAwsManagedPolicies(attachments, new Set(managedPolicies.map((p) => p.arn)));
  managedPolicies.push(...resolved.managedPolicies);
  issues.push(...resolved.issues);

  const truncated = json['IsTruncated'];
  if (truncated === true || truncated === 'true') {
    issues.push(issueAt(input, '/IsTruncated', 'truncatedInventory',
      'this get-account-authorization-details page is truncated (IsTruncated: true): principals and policies on later pages are missing; dump without --no-paginate or follow Marker'));
  }
  return { fragment: { principals, groups, managedPolicies }, issues };
}

/**
 * Picks the version in force: the one with `IsDefaultVersion: true`, else the one named by
 * `DefaultVersionId`. A policy whose default version is not in the dump is reported as
 * `unknownManagedPolicy` (what it grants is unknown, so answers must widen).
 */
function loadDefaultVersion(input: ShapeInput, entry: JsonObject, pointer: string, arn: string): { policy?: IamPolicy; issues: Issue[] } {
  const versions = arr(entry, 'PolicyVersionList');
  let index = versions.findIndex((v) => isJsonObject(v) && (v['IsDefaultVersion'] === true || v['IsDefaultVersion'] === 'true'));
  if (index < 0) {
    const defaultId = str(entry, 'DefaultVersionId');
    index = versions.findIndex((v) => isJsonObject(v) && defaultId !== undefined && str(v, 'VersionId') === defaultId);
  }
  const version = versions[index];
  if (index < 0 || !isJsonObject(version)) {
    return { issues: [issueAt(input, pointer, 'unknownManagedPolicy', `managed policy ${arn}: the dump holds no default version, so what it grants is unknown`)] };
  }
  return loadPolicyDocument(input, version['Document'], joinPointer(pointer, 'PolicyVersionList', index, 'Document'), arn, 'identity');
}
