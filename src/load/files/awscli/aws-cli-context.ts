import type { InventoryFragment } from '../../../model/inventory.js';
import type { Issue, IssueCode } from '../../../model/issue.js';
import type { JsonObject, JsonValue, SourceRef } from '../../../model/source.js';
import type { LineOf } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { makeIssue } from '../../issues.js';

export type { LineOf };

/** Where bare names resolve: the manifest's default account and region. */
export interface AwsCliContext {
  defaultAccount?: string;
  region: string;
}

export type { InventoryFragment };

/** The result of one shape loader. */
export interface ShapeResult {
  fragment: InventoryFragment;
  issues: Issue[];
}

/** The input every shape loader receives: the file, its parsed JSON, and positions in it. */
export interface ShapeInput {
  relativePath: string;
  json: JsonObject;
  lineOf: LineOf;
  context: AwsCliContext;
  /**
   * Live mode: the resource (ARN or name) a pointer into an API response belongs to. When set,
   * sources name that resource instead of the pointer, since an API response has no file to open.
   */
  resourceOf?: (pointer: string) => string | undefined;
}

/** A source reference for the value at `pointer` in the input file. */
export function sourceAt(input: Pick<ShapeInput, 'relativePath' | 'lineOf' | 'resourceOf'>, pointer: string): SourceRef {
  if (input.resourceOf) return { file: input.relativePath, pointer: input.resourceOf(pointer) ?? pointer };
  const line = input.lineOf(pointer);
  return line === undefined ? { file: input.relativePath, pointer } : { file: input.relativePath, line, pointer };
}


/** The string at `key`, or undefined when absent or not a string. */
export function str(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** The array at `key`, or an empty array when absent or not an array. */
export function arr(object: JsonObject, key: string): JsonValue[] {
  const value = object[key];
  return Array.isArray(value) ? value : [];
}

/** The parts of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`), or undefined when it is not one. */
export function parseArn(arn: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1] ?? '',
    service: parts[2] ?? '',
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    resource: parts.slice(5).join(':'),
  };
}

/** AWS tags as a record, from `[{Key, Value}]` or the ECS spelling `[{key, value}]`. */
export function tagsOf(value: JsonValue | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(value)) return tags;
  for (const tag of value) {
    if (!isJsonObject(tag)) continue;
    const key = str(tag, 'Key') ?? str(tag, 'key');
    const tagValue = str(tag, 'Value') ?? str(tag, 'value');
    if (key !== undefined) tags[key] = tagValue ?? '';
  }
  return tags;
}

/** An issue at the value behind `pointer`. */
export function issueAt(input: Pick<ShapeInput, 'relativePath' | 'lineOf' | 'resourceOf'>, pointer: string, code: IssueCode, message: string): Issue {
  return makeIssue(code, message, sourceAt(input, pointer));
}

/** The last segment of a file path, without folders. */
export function baseName(relativePath: string): string {
  const parts = relativePath.split(/[\\/]/);
  return parts[parts.length - 1] ?? relativePath;
}
