import type { InventoryFragment, S3AclGroup, S3AclSwitch, S3ObjectAcl } from '../../../model/inventory.js';
import { aclGroupOf, grantsRead, grantText } from '../../s3-acl-grants.js';
import { isUnknown, patternOf, unknownReason } from '../../unknown-value.js';
import { boolOf, type MappingState } from './mapping-state.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';

// What S3 reads besides policies to authorize a GetObject: the object's ACL, unless the bucket's
// Object Ownership disables ACLs or Block Public Access ignores public ones (docs/semantics.md#s3-acls).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html

/** Resources that write an object with an ACL. */
const OBJECT_TYPES = new Set(['aws_s3_object', 'aws_s3_bucket_object', 'aws_s3_object_copy']);

export const S3_ACL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  ...OBJECT_TYPES, 'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_public_access_block', 'aws_s3_account_public_access_block',
]);

/**
 * The groups a canned ACL lets read an object: `public-read` and `public-read-write` give READ to
 * `AllUsers`, `authenticated-read` to `AuthenticatedUsers`. The others (`private`,
 * `bucket-owner-read`, `bucket-owner-full-control`, `aws-exec-read`) grant only the object's or
 * the bucket's owner, whose IAM policies decide, or EC2 fetching an AMI bundle.
 */
const CANNED_READERS: Readonly<Record<string, readonly S3AclGroup[]>> = {
  'public-read': ['AllUsers'],
  'public-read-write': ['AllUsers'],
  'authenticated-read': ['AuthenticatedUsers'],
};

/**
 * Object ACLs that let `AllUsers` or `AuthenticatedUsers` read (`acl`, and `aws_s3_object_copy`'s
 * `grant` blocks), and the bucket and account settings that switch ACLs off. An ACL, bucket or key
 * the inputs cannot know widens: the ACL may be public, the object may be any one the pattern names,
 * conditionally. Objects whose ACL grants no group are seen and irrelevant.
 */
export function mapS3Acls(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const s3ObjectAcls: S3ObjectAcl[] = [];
  const s3AclSwitches: S3AclSwitch[] = [];
  const irrelevantResources: NonNullable<InventoryFragment['irrelevantResources']> = [];
  for (const resource of resources) {
    if (OBJECT_TYPES.has(resource.type)) {
      const acl = objectAcl(resource, state);
      if (acl) s3ObjectAcls.push(acl);
      else irrelevantResources.push({ type: resource.type, source: resource.source });
      continue;
    }
    const setting = aclSwitch(resource, state);
    if (setting) s3AclSwitches.push(setting);
    else irrelevantResources.push({ type: resource.type, source: resource.source });
  }
  return {
    ...(s3ObjectAcls.length > 0 ? { s3ObjectAcls } : {}),
    ...(s3AclSwitches.length > 0 ? { s3AclSwitches } : {}),
    ...(irrelevantResources.length > 0 ? { irrelevantResources } : {}),
  };
}

function objectAcl(resource: TerraformResourceInput, state: MappingState): S3ObjectAcl | undefined {
  const granted = grantedGroups(resource, state);
  if (granted === undefined) return undefined;
  const reasons = granted.undecided !== undefined ? [granted.undecided] : [];
  const name = (attribute: 'bucket' | 'key'): string => {
    const value = state.joinString(resource, attribute);
    if (!isUnknown(value)) return typeof value === 'string' && value !== '' ? value : '*';
    state.unresolved(resource, attribute, value, `its ACL (${granted.written}) may be that of any object so named: such objects are read by anyone, conditionally`);
    reasons.push(unknownReason(value, state.sourceOf(resource, attribute)));
    return patternOf(value);
  };
  const bucket = name('bucket').replace(/^arn:aws[a-z-]*:s3:::/, '');
  const key = name('key').replace(/^\/+/, '');
  return {
    bucket, key, readers: granted.readers, written: granted.written, source: state.sourceOf(resource, granted.attribute),
    ...(reasons.length > 0 ? { undecided: reasons.join('; ') } : {}),
  };
}

/** The groups an object's ACL lets read it, or undefined when it grants none. */
function grantedGroups(resource: TerraformResourceInput, state: MappingState): { readers: S3AclGroup[]; written: string; attribute: string; undecided?: string } | undefined {
  const acl = state.joinString(resource, 'acl');
  if (isUnknown(acl)) {
    state.unresolved(resource, 'acl', acl, 'the object\'s ACL may be public-read: it is read by anyone, conditionally');
    return { readers: ['AllUsers'], written: `acl = ${acl.expression}`, attribute: 'acl', undecided: unknownReason(acl, state.sourceOf(resource, 'acl')) };
  }
  const canned = typeof acl === 'string' ? CANNED_READERS[acl] : undefined;
  if (canned) return { readers: [...canned], written: `canned ACL ${acl as string}`, attribute: 'acl' };
  return resource.type === 'aws_s3_object_copy' ? grantBlocks(resource, state) : undefined;
}

/** `aws_s3_object_copy`'s `grant { type = "Group", uri = …, permissions = [...] }` blocks. */
function grantBlocks(resource: TerraformResourceInput, state: MappingState): { readers: S3AclGroup[]; written: string; attribute: string; undecided?: string } | undefined {
  const value = state.resolve(resource.values['grant'], 'join');
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return undecidedGrant(resource, state, value);
  const readers = new Set<S3AclGroup>();
  // Where the first block granting a group is written (`grant[i]`, as the evaluator records blocks).
  let first: string | undefined;
  const blocks = Array.isArray(value) ? value : [value];
  for (const [i, item] of blocks.entries()) {
    const block = state.resolve(item, 'join');
    if (isUnknown(block)) return undecidedGrant(resource, state, block);
    if (block === null || typeof block !== 'object' || Array.isArray(block)) continue;
    const fields = block as Record<string, TfValue>;
    const uri = state.resolve(fields['uri'], 'join');
    const permissions = state.resolve(fields['permissions'], 'join');
    if (isUnknown(uri) || isUnknown(permissions)) return undecidedGrant(resource, state, (isUnknown(uri) ? uri : permissions) as TfUnknown);
    const group = aclGroupOf(uri);
    const list = Array.isArray(permissions) ? permissions : [permissions];
    if (!group || !list.some(grantsRead)) continue;
    readers.add(group);
    first ??= `grant[${i}]`;
  }
  return first !== undefined ? { readers: [...readers].sort(), written: grantText([...readers].sort()), attribute: first } : undefined;
}

function undecidedGrant(resource: TerraformResourceInput, state: MappingState, value: TfUnknown): { readers: S3AclGroup[]; written: string; attribute: string; undecided: string } {
  state.unresolved(resource, 'grant', value, 'the object\'s ACL may grant anyone READ: it is read by anyone, conditionally');
  return { readers: ['AllUsers'], written: `grant = ${value.expression}`, attribute: 'grant', undecided: unknownReason(value, state.sourceOf(resource, 'grant')) };
}

/**
 * The setting a bucket or account resource turns on, if it takes ACLs out of authorization. One
 * the inputs cannot know switches nothing off: the ACLs may count.
 */
function aclSwitch(resource: TerraformResourceInput, state: MappingState): S3AclSwitch | undefined {
  if (resource.type === 'aws_s3_account_public_access_block') {
    if (!boolOf(state.resolve(resource.values['ignore_public_acls'], 'join'), false)) return undefined;
    const account = state.joinString(resource, 'account_id');
    const id = typeof account === 'string' && account !== '' ? account : isUnknown(account) ? undefined : state.account(resource);
    return id ? { scope: { account: id }, setting: 'IgnorePublicAcls', source: state.sourceOf(resource, 'ignore_public_acls') } : undefined;
  }
  const bucket = state.joinString(resource, 'bucket');
  if (typeof bucket !== 'string' || bucket === '') return undefined;
  const scope = { bucket: bucket.replace(/^arn:aws[a-z-]*:s3:::/, '') };
  if (resource.type === 'aws_s3_bucket_public_access_block') {
    return boolOf(state.resolve(resource.values['ignore_public_acls'], 'join'), false)
      ? { scope, setting: 'IgnorePublicAcls', source: state.sourceOf(resource, 'ignore_public_acls') } : undefined;
  }
  const rules = state.resolve(resource.values['rule'], 'join');
  for (const item of Array.isArray(rules) ? rules : [rules]) {
    const rule = state.resolve(item, 'join');
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule) || isUnknown(rule)) continue;
    if (state.resolve((rule as Record<string, TfValue>)['object_ownership'], 'join') === 'BucketOwnerEnforced') {
      return { scope, setting: 'BucketOwnerEnforced', source: state.sourceOf(resource, 'rule') };
    }
  }
  return undefined;
}
