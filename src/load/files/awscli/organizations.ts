import type { OrganizationEntity, ServiceControlPolicy } from '../../../model/organizations.js';
import type { JsonObject } from '../../../model/source.js';
import { isJsonObject } from '../../json-guards.js';
import { arr, baseName, issueAt, parseArn, sourceAt, str, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { loadPolicyDocument } from './policy-document.js';

// AWS Organizations CLI dumps (https://docs.aws.amazon.com/cli/latest/reference/organizations/):
//   describe-policy                    {"Policy": {"PolicySummary": {...}, "Content": "<json text>"}}
//   list-targets-for-policy            {"Targets": [{"TargetId", "Arn", "Name", "Type"}]}       → POLICY-ID.targets.json
//   list-roots                         {"Roots": [{"Id", "Arn", "Name", "PolicyTypes"}]}
//   list-organizational-units-for-parent {"OrganizationalUnits": [{"Id", "Arn", "Name"}]}       → PARENT-ID.ous.json
//   list-accounts-for-parent           {"Accounts": [{"Id", "Arn", "Name", …}]}                  → PARENT-ID.accounts.json
//   list-accounts                      {"Accounts": [...]} under any other name (no parents)
//   list-parents                       {"Parents": [{"Id", "Type"}]}                              → CHILD-ID.parents.json
//   describe-organization              {"Organization": {"MasterAccountId", …}}
// Where the output does not name its subject, the file name does (as for bucket and key policies).
// Every Organizations ARN carries the management account in its account field.

/** `SUFFIX` files name their subject: the id before the suffix, or undefined for other names. */
function subjectOf(relativePath: string, suffix: string): string | undefined {
  const name = baseName(relativePath);
  return name.endsWith(suffix) && name.length > suffix.length ? name.slice(0, -suffix.length) : undefined;
}

/** True for one of the Organizations dumps above. */
export function isOrganizationsDump(json: JsonObject): boolean {
  const policy = json['Policy'];
  if (isJsonObject(policy) && isJsonObject(policy['PolicySummary'])) return true;
  if (isJsonObject(json['Organization']) && typeof json['Organization']['Id'] === 'string') return true;
  const listOf = (key: string, probe: string): boolean => Array.isArray(json[key]) && arr(json, key).every((e) => isJsonObject(e) && typeof e[probe] === 'string');
  if (Array.isArray(json['Roots']) && listOf('Roots', 'Id')) return true;
  if (Array.isArray(json['OrganizationalUnits']) && listOf('OrganizationalUnits', 'Id')) return true;
  if (Array.isArray(json['Targets']) && listOf('Targets', 'TargetId')) return true;
  if (Array.isArray(json['Parents']) && listOf('Parents', 'Id') && arr(json, 'Parents').every((e) => isJsonObject(e) && typeof e['Type'] === 'string')) return true;
  // list-accounts: organization account ARNs tell it apart from other `Accounts` lists.
  return Array.isArray(json['Accounts']) && arr(json, 'Accounts').length > 0
    && arr(json, 'Accounts').every((e) => isJsonObject(e) && typeof e['Id'] === 'string' && (str(e, 'Arn') ?? '').startsWith('arn:aws:organizations::'));
}

/** Loads one Organizations dump into SCPs and organization entities. */
export function loadOrganizationsDump(input: ShapeInput): ShapeResult {
  const { json, relativePath } = input;
  const scps: ServiceControlPolicy[] = [];
  const entities: OrganizationEntity[] = [];
  const issues: ShapeResult['issues'] = [];
  const entity = (id: string, kind: OrganizationEntity['kind'], pointer: string, item?: JsonObject, parentId?: string): OrganizationEntity => {
    const out: OrganizationEntity = { id, kind, source: sourceAt(input, pointer) };
    const name = item ? str(item, 'Name') : undefined;
    if (name !== undefined) out.name = name;
    if (parentId !== undefined) out.parentId = parentId;
    const management = managementOf(item ? str(item, 'Arn') : undefined);
    if (management !== undefined) out.managementAccount = management;
    return out;
  };

  const policy = json['Policy'];
  if (isJsonObject(policy) && isJsonObject(policy['PolicySummary'])) {
    const summary = policy['PolicySummary'];
    const id = str(summary, 'Id');
    const type = str(summary, 'Type') ?? 'SERVICE_CONTROL_POLICY';
    if (type !== 'SERVICE_CONTROL_POLICY') {
      if (type === 'RESOURCE_CONTROL_POLICY') issues.push(issueAt(input, '/Policy/PolicySummary/Type', 'unsupportedPolicyType', `${id ?? 'policy'}: resource control policies may restrict access but are not read yet; what they restrict is not in the analysis`));
      return { fragment: {}, issues };
    }
    if (id === undefined) return { fragment: {}, issues: [issueAt(input, '/Policy/PolicySummary', 'malformedEntry', 'describe-policy output without PolicySummary.Id; nothing was loaded')] };
    const scp: ServiceControlPolicy = { id, source: sourceAt(input, '/Policy') };
    const name = str(summary, 'Name');
    if (name !== undefined) scp.name = name;
    const arn = str(summary, 'Arn');
    if (arn !== undefined) scp.arn = arn;
    const loaded = loadPolicyDocument(input, policy['Content'], '/Policy/Content', `SCP ${name ?? id}`, 'narrows-only');
    issues.push(...loaded.issues);
    if (loaded.policy) scp.policy = loaded.policy;
    scps.push(scp);
    const management = managementOf(arn);
    if (management !== undefined) entities.push({ id: management, kind: 'account', managementAccount: management, source: scp.source });
  }

  const organization = json['Organization'];
  if (isJsonObject(organization)) {
    const management = str(organization, 'MasterAccountId') ?? managementOf(str(organization, 'MasterAccountArn')) ?? managementOf(str(organization, 'Arn'));
    if (management !== undefined) entities.push({ id: management, kind: 'account', managementAccount: management, source: sourceAt(input, '/Organization') });
  }

  arr(json, 'Roots').forEach((root, i) => {
    if (isJsonObject(root) && typeof root['Id'] === 'string') entities.push(entity(root['Id'], 'root', `/Roots/${i}`, root));
  });

  const listParent = (suffix: string, key: string): string | undefined => {
    const parent = subjectOf(relativePath, suffix);
    if (parent === undefined && arr(json, key).length > 0 && key === 'OrganizationalUnits') {
      issues.push(issueAt(input, `/${key}`, 'unnamedDump', `list-organizational-units-for-parent output does not name the parent: name the file PARENT-ID${suffix}; the OUs are loaded without a place in the tree`));
    }
    return parent;
  };
  const ouParent = listParent('.ous.json', 'OrganizationalUnits');
  arr(json, 'OrganizationalUnits').forEach((ou, i) => {
    if (isJsonObject(ou) && typeof ou['Id'] === 'string') entities.push(entity(ou['Id'], 'ou', `/OrganizationalUnits/${i}`, ou, ouParent));
  });
  // list-accounts-for-parent when the name says the parent; list-accounts (no parents) otherwise.
  const accountParent = subjectOf(relativePath, '.accounts.json');
  arr(json, 'Accounts').forEach((account, i) => {
    if (isJsonObject(account) && typeof account['Id'] === 'string') entities.push(entity(account['Id'], 'account', `/Accounts/${i}`, account, accountParent));
  });

  const child = subjectOf(relativePath, '.parents.json');
  const parents = arr(json, 'Parents');
  if (parents.length > 0) {
    if (child === undefined) {
      issues.push(issueAt(input, '/Parents', 'unnamedDump', 'list-parents output does not name the child: name the file CHILD-ID.parents.json; nothing was loaded from it'));
    } else {
      const parent = parents[0];
      if (isJsonObject(parent) && typeof parent['Id'] === 'string') {
        entities.push({ id: child, kind: /^\d{12}$/.test(child) ? 'account' : 'ou', parentId: parent['Id'], source: sourceAt(input, '/Parents/0') });
        entities.push({ id: parent['Id'], kind: str(parent, 'Type') === 'ROOT' ? 'root' : 'ou', source: sourceAt(input, '/Parents/0') });
      }
    }
  }

  if (Array.isArray(json['Targets'])) {
    const policyId = subjectOf(relativePath, '.targets.json');
    if (policyId === undefined) {
      issues.push(issueAt(input, '/Targets', 'unnamedDump', 'list-targets-for-policy output does not name the policy: name the file POLICY-ID.targets.json (e.g. p-abcd1234.targets.json); nothing was loaded from it'));
    } else {
      const targets: string[] = [];
      arr(json, 'Targets').forEach((target, i) => {
        if (!isJsonObject(target) || typeof target['TargetId'] !== 'string') return;
        targets.push(target['TargetId']);
        const kind = str(target, 'Type') === 'ROOT' ? 'root' : str(target, 'Type') === 'ACCOUNT' ? 'account' : 'ou';
        entities.push(entity(target['TargetId'], kind, `/Targets/${i}`, target));
      });
      scps.push({ id: policyId, targets, source: sourceAt(input, '/Targets') });
    }
  }

  const fragment: ShapeResult['fragment'] = {};
  if (scps.length > 0) fragment.scps = scps;
  if (entities.length > 0) fragment.organizationEntities = entities;
  return { fragment, issues };
}

/** The management account an Organizations ARN names (its account field). */
function managementOf(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const parsed = parseArn(arn);
  return parsed && parsed.service === 'organizations' && /^\d{12}$/.test(parsed.account) ? parsed.account : undefined;
}
