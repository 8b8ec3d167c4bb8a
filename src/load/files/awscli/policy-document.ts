import type { IamPolicy } from '../../../model/iam.js';
import type { Issue } from '../../../model/issue.js';
import type { JsonValue, SourceRef } from '../../../model/source.js';
import { duplicateKeyIssues, joinPointer, parseJsonText, type JsonDuplicateKey } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { issueAt, sourceAt, type ShapeInput } from './aws-cli-context.js';
import { unknownPolicyDocument, type PolicyKind } from '../../unknown-policy.js';

/**
 * Turns a policy document as IAM APIs hand it out into JSON. The CLI gives objects; the Query API
 * and non-decoding SDKs give strings percent-encoded per RFC 3986; S3, KMS and Secrets Manager give
 * plain JSON text. Percent-decoding uses decodeURIComponent, never form decoding: a `+` stays a
 * `+` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).
 * Throws an Error saying what is wrong when the text is neither.
 */
export function decodePolicyText(text: string): JsonValue {
  return decodePolicyTextWithDuplicates(text).value;
}

/** `decodePolicyText`, also naming the keys written twice. */
export function decodePolicyTextWithDuplicates(text: string): { value: JsonValue; duplicates: JsonDuplicateKey[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseJsonText(trimmed);
  let decoded: string;
  try {
    decoded = decodeURIComponent(trimmed);
  } catch {
    throw new Error('the policy is neither JSON nor a valid percent-encoded JSON text');
  }
  return parseJsonText(decoded);
}

/**
 * Loads the policy document found at `pointer` (object or encoded string) as an `IamPolicy` whose
 * source is the document's line and whose `statementSources[i]` is the line of statement i (for a
 * document given as a string, every statement is on the string's line). A document that cannot be
 * read yields a `policyParseError` issue and, for an identity or resource policy, the unknown
 * document that allows everything conditionally: the policy exists in the account, only its text is
 * unreadable (docs/semantics.md#unknowns). An unreadable SCP (`unreadable: 'narrows-only'`) yields
 * none: unknown, it could only narrow.
 */
export function loadPolicyDocument(
  input: Pick<ShapeInput, 'relativePath' | 'lineOf' | 'resourceOf'>,
  raw: JsonValue | undefined,
  pointer: string,
  id: string,
  unreadable: PolicyKind | 'narrows-only',
): { policy?: IamPolicy; issues: Issue[] } {
  if (raw === undefined || raw === null) return { issues: [] };
  const source: SourceRef = sourceAt(input, pointer);
  let document: JsonValue;
  const issues: Issue[] = [];
  if (typeof raw === 'string') {
    try {
      const decoded = decodePolicyTextWithDuplicates(raw);
      document = decoded.value;
      issues.push(...duplicateKeyIssues(decoded.duplicates, input.relativePath).map((i) => ({ ...i, source })));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return unreadableDocument(input, pointer, id, unreadable, `cannot read the policy document: ${why}`);
    }
  } else {
    document = raw;
  }
  if (!isJsonObject(document)) return unreadableDocument(input, pointer, id, unreadable, 'the policy document is not a JSON object');
  const statement = document['Statement'];
  let statementSources: (SourceRef | undefined)[];
  if (typeof raw === 'string') {
    const count = Array.isArray(statement) ? statement.length : statement === undefined ? 0 : 1;
    statementSources = Array.from({ length: count }, () => source);
  } else if (Array.isArray(statement)) {
    statementSources = statement.map((_, i) => sourceAt(input, joinPointer(pointer, 'Statement', i)));
  } else {
    statementSources = statement === undefined ? [] : [sourceAt(input, joinPointer(pointer, 'Statement'))];
  }
  return { policy: { id, document, source, statementSources }, issues };
}

function unreadableDocument(
  input: Pick<ShapeInput, 'relativePath' | 'lineOf' | 'resourceOf'>, pointer: string, id: string, unreadable: PolicyKind | 'narrows-only', why: string,
): { policy?: IamPolicy; issues: Issue[] } {
  if (unreadable === 'narrows-only') return { issues: [issueAt(input, pointer, 'policyParseError', `${id}: ${why}`)] };
  const issue = issueAt(input, pointer, 'policyParseError', `${id}: ${why}; it is taken to allow everything, conditionally`);
  return { policy: unknownPolicyDocument(id, `${id} (not readable)`, unreadable, sourceAt(input, pointer)), issues: [issue] };
}
