import type { Issue } from '../../../model/issue.js';
import type { SsmParameter } from '../../../model/inventory.js';
import type { JsonObject, JsonValue } from '../../../model/source.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { arr, issueAt, sourceAt, str, type ShapeInput, type ShapeResult } from './aws-cli-context.js';
import { ssmParameterArn } from '../../arns.js';

// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeParameters.html
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterMetadata.html
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html

/**
 * True for `describe-parameters`, `get-parameters`, `get-parameters-by-path` (a `Parameters`
 * list of objects with a `Name`) and `get-parameter` (one `Parameter`) output.
 */
export function isSsmParameters(json: JsonObject): boolean {
  const list = json['Parameters'];
  if (Array.isArray(list)) return list.every((p) => isJsonObject(p) && typeof p['Name'] === 'string');
  const single = json['Parameter'];
  return isJsonObject(single) && typeof single['Name'] === 'string';
}

/** arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME (a name without its leading `/`). */
const PARAMETER_ARN = /^arn:(aws[a-z-]*):ssm:([a-z0-9-]+):(\d{12}):parameter\/(.*)$/s;

/**
 * Loads parameter metadata: name, ARN (from the dump, else built from the context), type and
 * `KeyId` as given. Outputs of `get-parameter(s)` carry values: those are never kept, and each
 * such parameter raises `plaintextValueInDump` (the message names the parameter, not the value).
 */
export function loadSsmParameters(input: ShapeInput): ShapeResult {
  const issues: Issue[] = [];
  const ssmParameters: SsmParameter[] = [];
  const entries: { raw: JsonValue; pointer: string }[] = Array.isArray(input.json['Parameters'])
    ? arr(input.json, 'Parameters').map((raw, i) => ({ raw, pointer: joinPointer('', 'Parameters', i) }))
    : [{ raw: input.json['Parameter'] ?? null, pointer: '/Parameter' }];
  let missingAccount = false;
  for (const { raw, pointer } of entries) {
    if (!isJsonObject(raw)) continue;
    const name = str(raw, 'Name');
    if (name === undefined) continue;
    if (name.length > 2048 || name.split('/').length - 1 > 15) {
      // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
      issues.push(issueAt(input, joinPointer(pointer, 'Name'), 'invalidParameterName',
        `a parameter name of ${name.length} characters and ${name.split('/').length - 1} levels: AWS allows at most 2048 characters and 15 levels; read as given`));
    }
    let arn = str(raw, 'ARN');
    const parts = arn === undefined ? undefined : PARAMETER_ARN.exec(arn);
    if (arn !== undefined && (parts === null || parts?.[4] !== name.replace(/^\//, ''))) {
      // A damaged ARN must not move the parameter away from the grants on its name: rebuilt from the name.
      arn = ssmParameterArn(name, parts?.[2] ?? input.context.region, parts?.[3] ?? input.context.defaultAccount ?? '', parts?.[1]);
      issues.push(issueAt(input, joinPointer(pointer, 'ARN'), 'malformedProperty', `parameter ${name}: its ARN is not the ARN of that name; ${arn} is used`));
    }
    if (arn === undefined) {
      arn = ssmParameterArn(name, input.context.region, input.context.defaultAccount ?? '');
      missingAccount ||= input.context.defaultAccount === undefined;
    }
    const type = str(raw, 'Type');
    const keyId = str(raw, 'KeyId');
    const parameter: SsmParameter = {
      name, arn,
      type: type === 'String' || type === 'StringList' || type === 'SecureString' ? type : keyId !== undefined ? 'SecureString' : 'String',
      source: sourceAt(input, pointer),
    };
    if (keyId !== undefined) parameter.keyId = keyId;
    ssmParameters.push(parameter);
    if ('Value' in raw) {
      issues.push(issueAt(input, joinPointer(pointer, 'Value'), 'plaintextValueInDump',
        `the dump holds the value of parameter ${name} ([redacted], not kept); scan describe-parameters output instead of get-parameter(s)`));
    }
  }
  if (missingAccount) {
    issues.push(issueAt(input, '', 'unknownResourceAccount',
      'parameters without an ARN and no default account: their ARNs have an empty account field; set accounts.default'));
  }
  return { fragment: { ssmParameters }, issues };
}
