import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import { packagePath } from '../../../package-root.js';
import type { LineOf } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';

// What the SAM transform makes of an `AWS::Serverless::Function`'s permissions:
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html
// https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html

const DATA_FILE = 'data/sam-policy-templates.yaml';
const FUNCTION = 'AWS::Serverless::Function';

interface PolicyTemplate {
  Parameters: string[];
  Statement: JsonValue[];
}

let templates: Record<string, PolicyTemplate> | undefined;
/** SAM's policy templates that can read a secret, key, parameter or object (data file, read once). */
function policyTemplates(): Record<string, PolicyTemplate> {
  templates ??= parseYaml(readFileSync(packagePath(DATA_FILE), 'utf8')) as Record<string, PolicyTemplate>;
  return templates;
}

/** The template with SAM functions' generated roles added, and where their parts are written. */
export interface SamExpansion {
  template: JsonObject;
  /** Reads lines through pointers of generated resources as the pointers of what they came from. */
  lineOf: LineOf;
}

/**
 * Adds, for every `AWS::Serverless::Function` without `Role`, the execution role the SAM transform
 * generates: `<LogicalId>Role`, trusted by `lambda.amazonaws.com`, with
 * `AWSLambdaBasicExecutionRole` (and `AWSLambdaVPCAccessExecutionRole` with `VpcConfig`), the
 * function's `PermissionsBoundary`, and what `Policies` lists — managed policy names or ARNs, inline
 * documents, and policy templates expanded from SAM's definitions (templates that grant no read of
 * a secret, key, parameter or object add nothing). A function with `Role` runs as that role, and its
 * `Policies` are ignored, as SAM ignores them. Generated resources point at the function's lines.
 */
export function expandSamFunctions(template: JsonObject, lineOf: LineOf): SamExpansion {
  const resources = template['Resources'];
  if (!isJsonObject(resources)) return { template, lineOf };
  const added: JsonObject = {};
  const aliases: [string, string][] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isJsonObject(resource) || resource['Type'] !== FUNCTION) continue;
    const properties = isJsonObject(resource['Properties']) ? resource['Properties'] : {};
    if (properties['Role'] !== undefined) continue;
    const roleId = `${id}Role`;
    if (roleId in resources) continue;
    const role = generatedRole(id, properties, (from, to) => aliases.push([`/Resources/${roleId}/Properties/${from}`, `/Resources/${id}/Properties/${to}`]));
    aliases.push([`/Resources/${roleId}`, `/Resources/${id}`]);
    added[roleId] = { Type: 'AWS::IAM::Role', Properties: role, ...(resource['Condition'] !== undefined ? { Condition: resource['Condition'] } : {}) };
  }
  if (Object.keys(added).length === 0) return { template, lineOf };
  aliases.sort((a, b) => b[0].length - a[0].length);
  const aliased: LineOf = (pointer) => {
    const own = lineOf(pointer);
    if (own !== undefined) return own;
    const alias = aliases.find(([from]) => pointer === from || pointer.startsWith(`${from}/`));
    return alias ? lineOf(alias[1] + pointer.slice(alias[0].length)) : undefined;
  };
  return { template: { ...template, Resources: { ...resources, ...added } }, lineOf: aliased };
}

function generatedRole(id: string, properties: JsonObject, alias: (from: string, to: string) => void): JsonObject {
  const managed: JsonValue[] = [subArn('service-role/AWSLambdaBasicExecutionRole')];
  if (properties['VpcConfig'] !== undefined) managed.push(subArn('service-role/AWSLambdaVPCAccessExecutionRole'));
  const inline: JsonValue[] = [];
  const listed = properties['Policies'];
  const items = Array.isArray(listed) ? listed : listed === undefined ? [] : [listed];
  items.forEach((item, index) => {
    const written = Array.isArray(listed) ? `Policies/${index}` : 'Policies';
    if (typeof item === 'string' || isIntrinsic(item)) {
      alias(`ManagedPolicyArns/${managed.length}`, written);
      managed.push(typeof item === 'string' && !item.startsWith('arn:') ? subArn(item) : item);
      return;
    }
    if (!isJsonObject(item)) return;
    if ('Statement' in item) {
      alias(`Policies/${inline.length}/PolicyDocument`, written);
      inline.push({ PolicyName: `${id}RolePolicy${index}`, PolicyDocument: item });
      return;
    }
    const [name, args] = Object.entries(item)[0] ?? [];
    const definition = name === undefined ? undefined : policyTemplates()[name];
    if (name === undefined || definition === undefined) return;
    alias(`Policies/${inline.length}/PolicyDocument`, `${written}/${escapePointer(name)}`);
    inline.push({ PolicyName: `${id}RolePolicy${index}`, PolicyDocument: { Version: '2012-10-17', Statement: substitute(definition.Statement, isJsonObject(args) ? args : {}) as JsonValue } });
  });
  const role: JsonObject = {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
    },
    ManagedPolicyArns: managed,
  };
  if (inline.length > 0) role['Policies'] = inline;
  if (properties['PermissionsBoundary'] !== undefined) {
    role['PermissionsBoundary'] = properties['PermissionsBoundary'] as JsonValue;
    alias('PermissionsBoundary', 'PermissionsBoundary');
  }
  return role;
}

/** A template's `Ref: PARAMETER` replaced by the value the function gives (missing ones stay as refs, unknown to the evaluator). */
function substitute(value: JsonValue, args: JsonObject): JsonValue {
  if (Array.isArray(value)) return value.map((v) => substitute(v, args));
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof value['Ref'] === 'string' && value['Ref'] in args) return args[value['Ref']] as JsonValue;
  const out: JsonObject = {};
  for (const key of keys) out[key] = substitute(value[key] as JsonValue, args);
  return out;
}

function subArn(name: string): JsonValue {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${name}` };
}

function isIntrinsic(value: JsonValue): boolean {
  return isJsonObject(value) && Object.keys(value).length === 1 && /^(Ref|Fn::.*)$/.test(Object.keys(value)[0] as string);
}


function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
