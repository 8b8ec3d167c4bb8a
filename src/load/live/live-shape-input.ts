import type { JsonObject, JsonValue } from '../../model/source.js';
import type { AwsCliContext, ShapeInput } from '../files/awscli/aws-cli-context.js';

/**
 * An SDK response as the JSON the AWS CLI prints for the same call: the SDK and the CLI share the
 * service models, so the file-mode shape loaders read it unchanged. Dates become ISO text,
 * `undefined` members and `$metadata` are dropped.
 */
export function toCliJson(value: unknown): JsonValue {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toCliJson);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (entry === undefined || key === '$metadata') continue;
      out[key] = toCliJson(entry);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return null;
}

const IDENTITY_KEYS = ['Arn', 'ARN', 'taskDefinitionArn', 'AliasArn', 'KeyId', 'Name'];

/**
 * A shape-loader input for an API response. Sources carry `file: aws:<service>:<region>` and, as
 * pointer, the resource the pointer sits in (the innermost object with an ARN or name), or
 * `fallback` for the response as a whole.
 */
export function liveShapeInput(file: string, json: JsonObject, context: AwsCliContext, fallback: string): ShapeInput {
  return {
    relativePath: file,
    json,
    lineOf: () => undefined,
    context,
    resourceOf: (pointer) => resourceAt(json, pointer) ?? fallback,
  };
}

function resourceAt(json: JsonValue, pointer: string): string | undefined {
  let node: JsonValue | undefined = json;
  let found: string | undefined;
  const take = (value: JsonValue | undefined): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of IDENTITY_KEYS) {
      const id = value[key];
      if (typeof id === 'string') { found = id; return; }
    }
  };
  take(node);
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') break;
    node = Array.isArray(node) ? node[Number(segment)] : node[segment];
    take(node);
  }
  return found;
}
