import type { IamPolicy } from '../../../model/iam.js';
import { ownEntry } from '../../../input-safety.js';
import type { IamGroup, IamPrincipal } from '../../../model/inventory.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isKnownMap, isUnknown, NO_VALUE, type CfnUnknown, type CfnValue } from './cfn-value.js';
import { FragmentBuilder, globRegExp } from './fragment-builder.js';
import type { Evaluated } from './evaluate-template.js';
import { resourceAttribute, resourceRef } from './resource-names.js';
import { symbolicPrincipal } from '../../../model/unknowns.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-group.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-usertogroupaddition.html

const PRINCIPAL_TYPES: Record<string, { kind: 'role' | 'user' | 'group'; nameKey: string }> = {
  'AWS::IAM::Role': { kind: 'role', nameKey: 'RoleName' },
  'AWS::IAM::User': { kind: 'user', nameKey: 'UserName' },
  'AWS::IAM::Group': { kind: 'group', nameKey: 'GroupName' },
};

/**
 * First pass: roles, users and groups with what they carry themselves (trust policy, inline
 * `Policies`, `ManagedPolicyArns`, boundary, tags, user groups). A resource without a name
 * property gets CloudFormation's generated name as a stand-in (`*-LogicalId-*`) and a
 * `generatedName` issue: grants in other inputs that name the deployed resource cannot be matched.
 */
export function mapIamIdentity(b: FragmentBuilder, logicalId: string, type: string): boolean {
  const spec = ownEntry(PRINCIPAL_TYPES, type);
  if (!spec) return false;
  const source = b.resourceSource(logicalId);
  const nameValue = resourceRef(b.ev, type, logicalId);
  const pointer = b.propertyPointer(logicalId, spec.nameKey);
  if (isUnknown(nameValue) && nameValue.identity !== undefined) {
    if (b.prop(logicalId, spec.nameKey) === NO_VALUE) {
      b.issue(joinPointer('', 'Resources', logicalId), 'generatedName',
        `${logicalId} has no ${spec.nameKey}: CloudFormation generates one (STACK-${logicalId}-SUFFIX); it is reported as ${spec.kind}/${nameValue.identity}, and grants in other inputs that name the deployed ${spec.kind} cannot be matched to it`);
    } else {
      // A name with unknown parts: references within the template name it, grants elsewhere are matched by its pattern.
      b.unresolved(pointer, nameValue, `the ${spec.kind} is named by the pattern`);
    }
  }
  const name = b.text(nameValue, pointer, `the ${spec.kind} is named by the pattern`);
  if (!name) return true;
  const path = pathOf(b, logicalId);
  const holder = spec.kind === 'group' ? b.group(name.text, path, source) : b.principal(spec.kind, name.text, path, source);
  holder.source = source;
  const owner = `${spec.kind}/${name.text}`;
  for (const { value, pointer: itemPointer, index, dependsOn } of possibleItems(b, logicalId, 'Policies')) {
    if (!isKnownMap(value)) continue;
    const policyName = b.text(value['PolicyName'] ?? NO_VALUE, joinPointer(itemPointer, 'PolicyName'), 'the policy name is shown as a pattern');
    const policy = b.policy(logicalId, ['Policies', index, 'PolicyDocument'], value['PolicyDocument'] ?? NO_VALUE, `${owner} inline ${policyName?.text ?? String(index)}`, 'identity', dependsOn);
    if (policy) holder.inlinePolicies.push(policy);
  }
  holder.attachedPolicyArns.push(...managedArns(b, logicalId, 'ManagedPolicyArns'));
  if (spec.kind === 'group') return true;
  const principal = holder as IamPrincipal;
  const boundary = b.prop(logicalId, 'PermissionsBoundary');
  const boundaryArn = b.text(boundary, b.propertyPointer(logicalId, 'PermissionsBoundary'), 'the boundary is taken as unknown: it may allow anything');
  if (boundaryArn) principal.permissionsBoundaryArn = boundaryArn.text;
  if (spec.kind === 'role') {
    const trust = b.policy(logicalId, ['AssumeRolePolicyDocument'], b.prop(logicalId, 'AssumeRolePolicyDocument'), `${owner} trust policy`, 'resource');
    if (trust) principal.trustPolicy = trust;
  } else {
    for (const item of b.list(b.prop(logicalId, 'Groups'), b.propertyPointer(logicalId, 'Groups'))) {
      const group = b.text(item.value, item.pointer, 'the user is taken as a member of the groups matching the pattern');
      if (group) principal.groups.push(...matchingNames(b, 'group', group).map((g) => g.name));
    }
  }
  for (const item of b.list(b.prop(logicalId, 'Tags'), b.propertyPointer(logicalId, 'Tags'))) {
    // An unknown tag value is left out: the engine then treats aws:PrincipalTag/KEY as unknown (undecided), never as a value.
    if (isKnownMap(item.value) && typeof item.value['Key'] === 'string' && typeof item.value['Value'] === 'string') principal.tags[item.value['Key']] = item.value['Value'];
  }
  return true;
}

/**
 * Second pass: what attaches policies or memberships to principals by name — `AWS::IAM::Policy`,
 * `ManagedPolicy`, `UserToGroupAddition`, `RolePolicy`/`UserPolicy`/`GroupPolicy`. A name that is
 * not the template's own yields a stub principal that the merge joins with its definition.
 */
export function mapIamAttachment(b: FragmentBuilder, logicalId: string, type: string): boolean {
  switch (type) {
    case 'AWS::IAM::Policy': {
      const policyName = b.text(b.prop(logicalId, 'PolicyName'), b.propertyPointer(logicalId, 'PolicyName'), 'the policy name is shown as a pattern')?.text ?? logicalId;
      for (const holder of attachTargets(b, logicalId)) {
        const policy = b.policy(logicalId, ['PolicyDocument'], b.prop(logicalId, 'PolicyDocument'), `${holderId(holder)} inline ${policyName}`, 'identity');
        if (policy) holder.inlinePolicies.push(policy);
      }
      return true;
    }
    case 'AWS::IAM::RolePolicy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::GroupPolicy': {
      const kind = type === 'AWS::IAM::RolePolicy' ? 'role' : type === 'AWS::IAM::UserPolicy' ? 'user' : 'group';
      const key = `${kind[0]?.toUpperCase()}${kind.slice(1)}Name`;
      const policyName = b.text(b.prop(logicalId, 'PolicyName'), b.propertyPointer(logicalId, 'PolicyName'), 'the policy name is shown as a pattern')?.text ?? logicalId;
      for (const holder of holdersNamed(b, kind, b.prop(logicalId, key), b.propertyPointer(logicalId, key))) {
        const policy = b.policy(logicalId, ['PolicyDocument'], b.prop(logicalId, 'PolicyDocument'), `${holderId(holder)} inline ${policyName}`, 'identity');
        if (policy) holder.inlinePolicies.push(policy);
      }
      return true;
    }
    case 'AWS::IAM::ManagedPolicy': {
      const arn = resourceRef(b.ev, type, logicalId);
      const arnText = b.text(arn, b.propertyPointer(logicalId, 'ManagedPolicyName'), 'the policy ARN is shown as a pattern');
      if (!arnText) return true;
      const policy = b.policy(logicalId, ['PolicyDocument'], b.prop(logicalId, 'PolicyDocument'), arnText.text, 'identity');
      if (policy) b.managedPolicies.push({ arn: arnText.text, name: arnText.text.slice(arnText.text.lastIndexOf('/') + 1), policy: policy as IamPolicy });
      for (const holder of attachTargets(b, logicalId)) holder.attachedPolicyArns.push(arnText.text);
      return true;
    }
    case 'AWS::IAM::UserToGroupAddition': {
      const group = b.text(b.prop(logicalId, 'GroupName'), b.propertyPointer(logicalId, 'GroupName'), 'the users are taken as members of every group matching the pattern');
      if (!group) return true;
      const groups = matchingNames(b, 'group', group).map((g) => g.name);
      for (const item of b.list(b.prop(logicalId, 'Users'), b.propertyPointer(logicalId, 'Users'))) {
        const user = b.text(item.value, item.pointer, 'every user of this template matching the pattern is taken as a member');
        if (user) for (const principal of matchingNames(b, 'user', user) as IamPrincipal[]) principal.groups.push(...groups.filter((g) => !principal.groups.includes(g)));
      }
      return true;
    }
    case 'AWS::IAM::InstanceProfile': {
      // Vault's ec2 auth binds instance profiles (bound_iam_instance_profile_arn) to the roles in them.
      const arn = b.text(resourceAttribute(b.ev, type, logicalId, 'Arn'), b.propertyPointer(logicalId, 'InstanceProfileName'), 'the instance profile is named by the pattern');
      if (!arn) return true;
      for (const item of b.list(b.prop(logicalId, 'Roles'), b.propertyPointer(logicalId, 'Roles'))) {
        const role = b.text(item.value, item.pointer, 'every role of this template matching the pattern is taken as in the profile');
        if (!role) continue;
        for (const principal of matchingNames(b, 'role', role) as IamPrincipal[]) {
          principal.instanceProfileArns = [...new Set([...(principal.instanceProfileArns ?? []), arn.text])];
        }
      }
      return true;
    }
    default:
      return false;
  }
}

/** Roles, users and groups a policy resource names in `Roles`, `Users`, `Groups`. */
function attachTargets(b: FragmentBuilder, logicalId: string): (IamPrincipal | IamGroup)[] {
  const out: (IamPrincipal | IamGroup)[] = [];
  for (const [key, kind] of [['Roles', 'role'], ['Users', 'user'], ['Groups', 'group']] as const) {
    for (const item of b.list(b.prop(logicalId, key), b.propertyPointer(logicalId, key))) out.push(...holdersNamed(b, kind, item.value, item.pointer));
  }
  return out;
}

/**
 * The holders one name designates. A name that cannot be resolved (`!Ref ExistingRoleName`) may be
 * of any role of this template matching its pattern or of one outside it: each match gets the
 * grant, and so does one symbolic principal named by the expression (docs/semantics.md#symbolic-unknowns).
 */
function holdersNamed(b: FragmentBuilder, kind: 'role' | 'user' | 'group', value: Evaluated, pointer: string): (IamPrincipal | IamGroup)[] {
  const unknownName = isUnknown(value) && value.identity === undefined ? value : undefined;
  const name = b.text(value, pointer, unknownName
    ? `the policy is attached to every ${kind} of this template matching the pattern, and to the one ${kind} the name stands for, ${symbolicPrincipal(unknownName.expression)}, conditionally`
    : `the policy is attached to every ${kind} of this template matching the pattern`);
  if (!name) return [];
  const holders = matchingNames(b, kind, name);
  if (!name.exact && unknownName) holders.push(b.symbolicHolder(kind, unknownName.expression, b.source(pointer)));
  return holders;
}

/** The holder a name designates: exactly that one (created as a stub when the template lacks it), or every match of a pattern. */
function matchingNames(b: FragmentBuilder, kind: 'role' | 'user' | 'group', name: { text: string; exact: boolean }): (IamPrincipal | IamGroup)[] {
  // Names may be given as ARNs (`!GetAtt Role.Arn` where a name is expected works in practice for some properties).
  const bare = name.text.startsWith('arn:') ? name.text.slice(name.text.lastIndexOf('/') + 1) : name.text;
  if (name.exact) return [kind === 'group' ? b.group(bare, '/', b.source('')) : b.principal(kind, bare, '/', b.source(''))];
  const pattern = globRegExp(bare);
  const pool: (IamPrincipal | IamGroup)[] = kind === 'group' ? [...b.groups.values()] : [...b.principals.values()].filter((p) => p.kind === kind);
  return pool.filter((p) => pattern.test(p.name));
}

function holderId(holder: IamPrincipal | IamGroup): string {
  return 'kind' in holder ? `${holder.kind}/${holder.name}` : `group/${holder.name}`;
}

function pathOf(b: FragmentBuilder, logicalId: string): string {
  const path = b.text(b.prop(logicalId, 'Path'), b.propertyPointer(logicalId, 'Path'), 'the path is shown as a pattern');
  return path?.text ?? '/';
}

function managedArns(b: FragmentBuilder, logicalId: string, key: string): string[] {
  // An item `!If [C, ARN, !Ref AWS::NoValue]` on an undecided condition: each branch's ARN may be attached.
  const items = b.list(b.prop(logicalId, key), b.propertyPointer(logicalId, key)).flatMap((item) => (isUnknown(item.value) && item.value.alternatives ? b.list(item.value, item.pointer) : [item]));
  return items.flatMap((item) => {
    // An ARN that cannot be resolved is kept as its glob: no policy has that ARN, so the graph treats it as "may allow anything".
    const arn = b.text(item.value, item.pointer, 'the attached policy is taken as unknown: it may allow anything');
    return arn ? [arn.text] : [];
  });
}

/**
 * The items of a list property, with `Fn::If` on an undecided condition read both ways: as the whole
 * list (`Policies: !If [C, [...], [...]]`) or as one item (`- !If [C, {…}, !Ref AWS::NoValue]`), each
 * branch's items are possible, and `dependsOn` names the condition(s) they depend on.
 */
function possibleItems(b: FragmentBuilder, logicalId: string, key: string): { value: CfnValue; pointer: string; index: number; dependsOn: string[] }[] {
  const out: { value: CfnValue; pointer: string; index: number; dependsOn: string[] }[] = [];
  const visitItem = (value: CfnValue, index: number, dependsOn: string[]): void => {
    if (isUnknown(value) && value.alternatives) {
      b.unresolved(b.propertyPointer(logicalId, key, index), value, `each branch's ${key} entry is read, conditionally`);
      for (const alternative of value.alternatives) visitItem(alternative, index, [...dependsOn, value.expression]);
      return;
    }
    // An entry the template does not show (`- !ImportValue x`) is a policy whose document is unknown.
    out.push({ value: isUnknown(value) ? unknownEntry(value) : value, pointer: b.propertyPointer(logicalId, key, index), index, dependsOn });
  };
  const visitList = (value: Evaluated, dependsOn: string[]): void => {
    if (Array.isArray(value)) value.forEach((item, index) => visitItem(item, index, dependsOn));
    else if (isUnknown(value) && value.alternatives) {
      b.unresolved(b.propertyPointer(logicalId, key), value, `each branch's ${key} is read, conditionally`);
      for (const alternative of value.alternatives) visitList(alternative, [...dependsOn, value.expression]);
    } else if (isUnknown(value)) {
      // The whole list from something the template does not show (`!ImportValue`, an `AWS::Include`
      // transform): one entry whose document is unknown stands for it, never none
      // (docs/semantics.md#symbolic-unknowns).
      out.push({ value: unknownEntry(value), pointer: b.propertyPointer(logicalId, key), index: 0, dependsOn });
    }
  };
  const unknownEntry = (value: CfnUnknown): CfnValue => ({ PolicyName: `(${value.expression})`, PolicyDocument: value });
  visitList(b.prop(logicalId, key), []);
  return out;
}
