import type { Issue } from '../../../model/issue.js';
import { duplicateKeyIssues, parseJsonWithPositions } from '../json/parse-json-with-positions.js';
import { isAccountAuthorizationDetails, loadAccountAuthorizationDetails } from './account-authorization-details.js';
import { isAuthorizationDetailsXml, loadAuthorizationDetailsXml } from './authorization-details-xml.js';
import { isJsonObject } from '../../json-guards.js';
import type { JsonObject } from '../../../model/source.js';
import { issueAt, type AwsCliContext, type InventoryFragment, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { loadEcsTaskDefinition, taskDefinitionPointer } from './ecs-task-definition.js';
import { keyIdFromPath, loadKmsKeyPolicy } from './kms-key-policy.js';
import { isKmsListGrants, loadKmsListGrants } from './kms-grants.js';
import { isKmsDescribeKey, isKmsListAliases, loadKmsDescribeKey, loadKmsListAliases } from './kms-keys-and-aliases.js';
import { bucketNameFromPath, isBarePolicyDocument, loadS3BucketPolicy } from './s3-bucket-policy.js';
import { isOrganizationsDump, loadOrganizationsDump } from './organizations.js';
import { isSecretsManagerDump, loadSecretsManagerDump } from './secretsmanager-secrets.js';
import { isSsmParameters, loadSsmParameters } from './ssm-parameters.js';

export type { AwsCliContext, InventoryFragment };

export interface AwsCliFileResult {
  fragment: InventoryFragment;
  issues: Issue[];
  /** False when the file is not an AWS CLI dump this loader knows; the walker lists it as skipped. */
  recognized: boolean;
}

/**
 * Loads one AWS CLI dump, recognized by its content (top-level keys) and, where content cannot
 * say which resource it belongs to, by the README "Inputs" file name (`BUCKET.bucket-policy.json`,
 * `KEY-ID.key-policy.json`; for Organizations `POLICY-ID.targets.json`, `PARENT-ID.ous.json`,
 * `PARENT-ID.accounts.json`, `CHILD-ID.parents.json`). Malformed JSON in a `.json` file is recognized, yields
 * `jsonParseError` issues with line and column, and loads nothing. Never throws; pure apart
 * from reading the shipped AWS managed policy catalog once. Issues are sorted by line.
 */
export function loadAwsCliFile(relativePath: string, text: string, context: AwsCliContext): AwsCliFileResult {
  if (isAuthorizationDetailsXml(text)) return done(loadAuthorizationDetailsXml(relativePath, text, context));
  const isJsonFile = /\.json$/i.test(relativePath);
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (!isJsonFile && first !== '{' && first !== '[') return unrecognized();

  const parsed = parseJsonWithPositions(text);
  if (parsed.errors.length > 0) {
    if (!isJsonFile) return unrecognized();
    // Errors after the first are mostly the parser's recovery echoing it; report the first, count the rest.
    const [first] = parsed.errors;
    const more = parsed.errors.length - 1;
    const issue: Issue = {
      code: 'jsonParseError',
      message: `malformed JSON: ${first?.message ?? 'syntax error'}${more > 0 ? ` (${more} more syntax error${more === 1 ? '' : 's'} after it)` : ''}; nothing was loaded from this file`,
      source: { file: relativePath, ...(first ? { line: first.line, column: first.column } : {}) },
    };
    return { fragment: {}, issues: [issue], recognized: true };
  }
  if (!isJsonObject(parsed.value)) return unrecognized();
  const input: ShapeInput = { relativePath, json: parsed.value, lineOf: parsed.lineOf, context };
  const result = loadShape(input);
  if (result === undefined) return unrecognized();
  return done({ fragment: result.fragment, issues: [...result.issues, ...paginationIssues(input), ...duplicateKeyIssues(parsed.duplicates, relativePath)] });
}

/** Whether a parsed document is the output of an AWS CLI call that describes resources this loader reads. */
export function describesAwsResources(json: JsonObject): boolean {
  return isAccountAuthorizationDetails(json) || taskDefinitionPointer(json) !== undefined || isKmsDescribeKey(json) || isKmsListAliases(json)
    || isKmsListGrants(json) || isSsmParameters(json) || isSecretsManagerDump(json) || isOrganizationsDump(json);
}

function loadShape(input: ShapeInput): ShapeResult | undefined {
  const { json, relativePath } = input;
  const policyDump = typeof json['Policy'] === 'string' || isBarePolicyDocument(json);
  const bucket = bucketNameFromPath(relativePath);
  if (bucket !== undefined && policyDump) return loadS3BucketPolicy(input, bucket);
  const keyId = keyIdFromPath(relativePath);
  if (keyId !== undefined && policyDump) return loadKmsKeyPolicy(input, keyId);
  if (isAccountAuthorizationDetails(json)) return loadAccountAuthorizationDetails(input);
  if (taskDefinitionPointer(json) !== undefined) return loadEcsTaskDefinition(input);
  if (isKmsDescribeKey(json)) return loadKmsDescribeKey(input);
  if (isKmsListAliases(json)) return loadKmsListAliases(input);
  if (isKmsListGrants(json)) return loadKmsListGrants(input);
  if (isSsmParameters(json)) return loadSsmParameters(input);
  if (isSecretsManagerDump(json)) return loadSecretsManagerDump(input);
  if (isOrganizationsDump(json)) return loadOrganizationsDump(input);
  if (typeof json['Policy'] === 'string') {
    // A get-bucket-policy or get-key-policy dump whose name does not say whose policy it is:
    // ignoring it could hide a grant, so it is reported rather than skipped.
    return {
      fragment: {},
      issues: [issueAt(input, '/Policy', 'unnamedDump',
        'a resource policy dump whose file name does not say which bucket or key it belongs to: name it BUCKET.bucket-policy.json or KEY-ID.key-policy.json')],
    };
  }
  return undefined;
}

/** A page cut short by `--max-items` or `--no-paginate` is an incomplete inventory. */
function paginationIssues(input: ShapeInput): Issue[] {
  const { json } = input;
  if (typeof json['NextToken'] === 'string') {
    return [issueAt(input, '/NextToken', 'truncatedInventory', 'this dump is one page (NextToken is set): later pages are missing')];
  }
  if (json['Truncated'] === true) {
    return [issueAt(input, '/Truncated', 'truncatedInventory', 'this dump is one page (Truncated: true): later pages are missing')];
  }
  return [];
}

function done(result: ShapeResult): AwsCliFileResult {
  const issues = [...result.issues].sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0) || (a.source.column ?? 0) - (b.source.column ?? 0));
  return { fragment: result.fragment, issues, recognized: true };
}

function unrecognized(): AwsCliFileResult {
  return { fragment: {}, issues: [], recognized: false };
}
