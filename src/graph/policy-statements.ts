import type { JsonObject, JsonValue } from '../model/source.js';

/**
 * Reading raw policy documents outside the IAM engine, for the questions it does not answer
 * (which accounts a policy names, which resource patterns it could grant, which grants are wide).
 * Policy grammar — string-or-array elements, one statement or a list — is read here only.
 */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `Statement` element as a list, in document order so indexes match `statementSources`;
 * members may be malformed (not objects). Undefined when the document is not an object.
 */
export function rawStatements(document: JsonValue | undefined): (JsonValue | undefined)[] | undefined {
  if (!isJsonObject(document)) return undefined;
  const statement = document.Statement;
  return Array.isArray(statement) ? statement : [statement];
}

/** The well-formed statements of a document (objects only); [] for a document that is not an object. */
export function statementObjects(document: JsonValue | undefined): JsonObject[] {
  return (rawStatements(document) ?? []).filter(isJsonObject);
}

/** The string members of a string-or-array element, ignoring anything else. */
export function stringsIn(value: JsonValue | undefined): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** True when some string member of a string-or-array element passes `test` (without copying the element). */
export function someString(value: JsonValue | undefined, test: (member: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  return Array.isArray(value) && value.some((v) => typeof v === 'string' && test(v));
}

/** The members of a string-or-array element when all are strings; undefined when any is not (or it is absent). */
export function onlyStrings(value: JsonValue | undefined): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v): v is string => typeof v === 'string') ? list : undefined;
}
