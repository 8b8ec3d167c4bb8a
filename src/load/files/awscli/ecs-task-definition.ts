import type { ContainerDefinition, TaskDefinition, TaskEnvironmentVariable, TaskSecretReference } from '../../../model/inventory.js';
import type { JsonObject } from '../../../model/source.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { arr, parseArn, sourceAt, str, type ShapeInput, type ShapeResult } from './aws-cli-context.js';

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html

/**
 * Where the task definition object sits: `/taskDefinition` for `describe-task-definition` output,
 * the root for a `register-task-definition --cli-input-json` request (or a bare task definition).
 * Undefined when the JSON is neither.
 */
export function taskDefinitionPointer(json: JsonObject): string | undefined {
  const wrapped = json['taskDefinition'];
  if (isJsonObject(wrapped) && Array.isArray(wrapped['containerDefinitions'])) return '/taskDefinition';
  if (typeof json['family'] === 'string' && Array.isArray(json['containerDefinitions'])) return '';
  return undefined;
}

/**
 * Loads one task definition: family, revision, ARN, roles, and per container its environment and
 * `secrets[].valueFrom` exactly as written (suffixes such as `:password::` are kept; matching
 * strips them later), each with its line. Account and region come from the task definition ARN,
 * else the account of the task or execution role ARN (region from the context), else the context.
 */
export function loadEcsTaskDefinition(input: ShapeInput): ShapeResult {
  const base = taskDefinitionPointer(input.json) ?? '';
  const td = base === '' ? input.json : (input.json['taskDefinition'] as JsonObject);
  const arn = str(td, 'taskDefinitionArn');
  const taskRoleArn = str(td, 'taskRoleArn');
  const executionRoleArn = str(td, 'executionRoleArn');
  const fromArn = arn === undefined ? undefined : parseArn(arn);
  const roleAccount = [taskRoleArn, executionRoleArn]
    .map((r) => (r === undefined ? undefined : parseArn(r)?.account))
    .find((a) => a !== undefined && a !== '');
  const account = fromArn?.account || roleAccount || input.context.defaultAccount;
  const region = fromArn?.region || input.context.region;

  const containers: ContainerDefinition[] = arr(td, 'containerDefinitions').flatMap((raw, i) => {
    if (!isJsonObject(raw)) return [];
    const pointer = joinPointer(base, 'containerDefinitions', i);
    const environment: TaskEnvironmentVariable[] = arr(raw, 'environment').flatMap((e, j) => {
      if (!isJsonObject(e)) return [];
      const name = str(e, 'name');
      if (name === undefined) return [];
      return [{ name, value: str(e, 'value') ?? '', source: sourceAt(input, joinPointer(pointer, 'environment', j)) }];
    });
    const secrets: TaskSecretReference[] = arr(raw, 'secrets').flatMap((s, j) => {
      if (!isJsonObject(s)) return [];
      const name = str(s, 'name');
      const valueFrom = str(s, 'valueFrom');
      if (name === undefined || valueFrom === undefined) return [];
      return [{ name, valueFrom, source: sourceAt(input, joinPointer(pointer, 'secrets', j)) }];
    });
    const environmentFiles: TaskSecretReference[] = arr(raw, 'environmentFiles').flatMap((f, j) => {
      const value = isJsonObject(f) ? str(f, 'value') : undefined;
      return value === undefined ? [] : [{ name: `environmentFiles[${j}]`, valueFrom: value, source: sourceAt(input, joinPointer(pointer, 'environmentFiles', j)) }];
    });
    return [{ name: str(raw, 'name') ?? String(i), environment, secrets, ...(environmentFiles.length > 0 ? { environmentFiles } : {}) }];
  });

  const revision = td['revision'];
  const taskDefinition: TaskDefinition = {
    family: str(td, 'family') ?? familyFromArn(arn) ?? '',
    containers,
    source: sourceAt(input, base),
  };
  if (typeof revision === 'number') taskDefinition.revision = revision;
  if (arn !== undefined) taskDefinition.arn = arn;
  if (account !== undefined && account !== '') taskDefinition.account = account;
  if (region !== '') taskDefinition.region = region;
  if (taskRoleArn !== undefined) taskDefinition.taskRoleArn = taskRoleArn;
  if (executionRoleArn !== undefined) taskDefinition.executionRoleArn = executionRoleArn;
  return { fragment: { taskDefinitions: [taskDefinition] }, issues: [] };
}

function familyFromArn(arn: string | undefined): string | undefined {
  const resource = arn === undefined ? undefined : parseArn(arn)?.resource;
  const match = resource === undefined ? null : /^task-definition\/([^:]+)/.exec(resource);
  return match?.[1];
}
