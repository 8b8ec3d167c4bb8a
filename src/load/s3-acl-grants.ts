import type { S3AclGroup } from '../model/inventory.js';

// What an S3 ACL grant means for reading an object (docs/semantics.md#s3-acls):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions

const GROUP_URIS: Readonly<Record<string, S3AclGroup>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

/** The group a grantee URI names, if it is one that opens an object to everyone or to every AWS account. */
export function aclGroupOf(uri: unknown): S3AclGroup | undefined {
  return typeof uri === 'string' ? GROUP_URIS[uri] : undefined;
}

/** Whether a grant's permission includes reading the object's data: READ, or FULL_CONTROL. */
export function grantsRead(permission: unknown): boolean {
  return permission === 'READ' || permission === 'FULL_CONTROL';
}

/** How the explanation names the grant of `groups` READ. */
export function grantText(groups: readonly S3AclGroup[]): string {
  return groups.map((g) => `grant ${g} READ`).join(', ');
}
