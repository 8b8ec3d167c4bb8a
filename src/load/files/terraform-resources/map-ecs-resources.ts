import type { ContainerDefinition, InventoryFragment, TaskDefinition } from '../../../model/inventory.js';
import { parseJsonText } from '../json/parse-json-with-positions.js';
import { describeParserError } from '../../../input-safety.js';
import { isKnownMap, isUnknown, unknownReason } from '../../unknown-value.js';
import { isSymbolicPrincipal, symbolicPrincipal } from '../../../model/unknowns.js';
import type { MappingState } from './mapping-state.js';
import { standInAddress } from './resource-identity.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';
import { approleNamed, approleReferencesInText, namespaceOf } from './map-approle-credentials.js';
import { jsonFromTemplate } from './json-from-template.js';
import { copiedSecretValue } from './secret-value-copies.js';
import type { CredentialLocation } from '../../../model/manifest.js';

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html

/**
 * Maps `aws_ecs_task_definition`: family, task and execution role ARNs (references to roles of the
 * set resolve to their ARNs), and `container_definitions` (JSON text, or a list value from the HCL
 * evaluator) with each container's `environment` kept as written — the graph judges whether a value
 * is secret material and reports never print it — and `secrets[].valueFrom`. An environment value
 * that is unknown is kept as `${EXPRESSION}` (a reference, never secret material by itself; one
 * copying a stored secret's value says so, secret-value-copies.ts); an unknown
 * `valueFrom` or role ARN raises `unresolvedExpression`.
 */
export function mapEcsResources(resources: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const taskDefinitions: TaskDefinition[] = [];
  const appRoleCredentials: CredentialLocation[] = [];
  for (const resource of resources.filter((r) => r.type === 'aws_ecs_task_definition')) {
    const family = state.joinString(resource, 'family');
    if (isUnknown(family)) state.unresolved(resource, 'family', family, 'the address stands in for the family');
    const base: TaskDefinition = {
      family: typeof family === 'string' ? family : standInAddress(resource),
      region: state.regionOf(resource),
      containers: containersOf(resource, state),
      source: resource.source,
    };
    appRoleCredentials.push(...approleCredentialsInEnvironment(resource, base, state));
    const taskRoles = roleArns(resource, 'task_role_arn', state);
    const executionRoles = roleArns(resource, 'execution_role_arn', state);
    // A role named by a conditional whose condition is unknown may be either branch: one task definition per pair.
    for (const taskRoleArn of taskRoles) {
      for (const executionRoleArn of executionRoles) {
        const task: TaskDefinition = { ...base };
        if (taskRoleArn !== undefined) task.taskRoleArn = taskRoleArn;
        if (executionRoleArn !== undefined) task.executionRoleArn = executionRoleArn;
        const roleAccount = [task.taskRoleArn, task.executionRoleArn].map((arn) => /^arn:[^:]+:iam::(\d{12}):/.exec(arn ?? '')?.[1]).find((a) => a !== undefined);
        const account = roleAccount ?? state.account(resource);
        if (account !== undefined) task.account = account;
        taskDefinitions.push(task);
      }
    }
  }
  return { taskDefinitions, appRoleCredentials };
}

/**
 * Task environment variables set to an AppRole's role_id or secret_id by reference
 * (`value = vault_approle_auth_backend_role_secret_id.x.secret_id`): credential locations, as the
 * manifest's `ecs-env:` names them (docs/semantics.md#vault-login).
 */
function approleCredentialsInEnvironment(resource: TerraformResourceInput, task: TaskDefinition, state: MappingState): CredentialLocation[] {
  const found: CredentialLocation[] = [];
  for (const container of task.containers) {
    for (const variable of container.environment) {
      for (const reference of approleReferencesInText(variable.value)) {
        const role = approleNamed(reference, resource, state);
        if (role) found.push({ approle: role.name, mount: role.mount, ...namespaceOf(role), storedIn: { kind: 'ecs-env', family: task.family, container: container.name, variable: variable.name }, source: variable.source });
      }
    }
  }
  return found;
}

/**
 * The role ARNs a task or execution role argument may be: the one it names, each branch of a
 * conditional whose condition is unknown, and for an unknown the one role the inputs cannot name,
 * `unknown:EXPRESSION` (the graph reads through it conditionally). `[undefined]` when absent.
 */
function roleArns(resource: TerraformResourceInput, attribute: string, state: MappingState): (string | undefined)[] {
  const arn = state.joinString(resource, attribute);
  if (typeof arn === 'string') return [arn === '' ? undefined : arn];
  if (!isUnknown(arn)) return [undefined];
  const distinct = [...new Set(state.branches(arn).map((branch) => (isUnknown(branch) ? symbolicPrincipal(branch.expression) : branch)))];
  state.unresolved(resource, attribute, arn, `the task definition runs as ${distinct.join(' or ')}${distinct.some(isSymbolicPrincipal) ? ' (a role the inputs cannot name is read through conditionally)' : ''}`);
  return distinct;
}

function containersOf(resource: TerraformResourceInput, state: MappingState): ContainerDefinition[] {
  const source = state.sourceOf(resource, 'container_definitions');
  let value: TfValue | undefined = state.resolve(resource.values['container_definitions'], 'join');
  // Rendered from a template around values known only after apply (an image URL, a log group):
  // the containers are read with those values in place, and only what holds one stays unknown.
  if (isUnknown(value) && value.parts) value = jsonFromTemplate(state, value.parts) ?? value;
  if (typeof value === 'string') {
    try {
      value = parseJsonText(value).value as TfValue;
    } catch (error) {
      state.issue('jsonParseError', `${resource.address}: container_definitions is not JSON (${describeParserError(error)})`, source);
      return [];
    }
  }
  // Built elsewhere (a container-definition module's output, a variable), or a part of the list
  // that is: its containers may receive any parameter or secret the execution role can fetch, so
  // one stands for them all.
  const anyContainer = (unknownPart: TfUnknown, what: string): ContainerDefinition => {
    state.unresolved(resource, what, unknownPart, 'its containers may receive any parameter or secret the execution role can fetch (conditionally)');
    return { name: '(containers not known)', environment: [], secrets: [{ name: '(any)', valueFrom: '*', valueFromUnknown: unknownReason(unknownPart, source), unseen: true, source }] };
  };
  if (isUnknown(value)) return [anyContainer(value, 'container_definitions')];
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw, i): ContainerDefinition[] => {
    if (isUnknown(raw)) return [anyContainer(raw, `container_definitions[${i}]`)];
    if (!isKnownMap(raw)) return [];
    const name = typeof raw['name'] === 'string' ? raw['name'] : String(i);
    // A name unknown here is only the variable's name; what it holds still counts.
    const entryName = (entry: TfValue, fallback: string): string => (typeof entry === 'string' ? entry : isUnknown(entry) ? `\${${entry.expression}}` : fallback);
    const environment = knownList(raw['environment']).flatMap((entry, k) => {
      if (!isKnownMap(entry)) return [];
      const v = state.resolve(entry['value'], 'join');
      const shown = isUnknown(v) ? templateText(v) : typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
      // A stored secret's value copied in at apply is in the task definition in plaintext (docs/semantics.md#ecs).
      const copied = copiedSecretValue(entry['value'], state);
      return [{ name: entryName(entry['name'] ?? null, String(k)), value: shown, ...copied, source }];
    });
    const listed = raw['secrets'];
    if (isUnknown(listed)) {
      // Which secrets the container receives is not known: any the execution role can fetch, conditionally.
      state.unresolved(resource, `container_definitions[${i}].secrets`, listed, 'the container may receive any parameter or secret the execution role can fetch (conditionally)');
      return [{ name, environment, secrets: [{ name: '(any)', valueFrom: '*', valueFromUnknown: unknownReason(listed, source), unseen: true, source }] }];
    }
    const secrets = knownList(listed).flatMap((entry, k) => {
      const secretName = isKnownMap(entry) ? entryName(entry['name'] ?? null, String(k)) : String(k);
      const v = isKnownMap(entry) ? state.resolve(entry['valueFrom'], 'join') : entry;
      if (typeof v === 'string') return [{ name: secretName, valueFrom: v, source }];
      if (!isUnknown(v)) return [];
      // Which secret is unknown: each one it may name is injected, if the execution role can fetch it, conditionally.
      const valueFrom = v.pattern ?? '*';
      state.unresolved(resource, `container_definitions[${i}].secrets`, v, `the secret injected as ${secretName} may be any ${valueFrom === '*' ? 'parameter or secret' : `matching ${valueFrom}`} the execution role can fetch (conditionally)`);
      return [{ name: secretName, valueFrom, valueFromUnknown: unknownReason(v, source), source }];
    });
    // Environment files: S3 objects (by ARN) whose lines become the container's environment.
    const environmentFiles = knownList(raw['environmentFiles']).flatMap((entry, k) => {
      const v = isKnownMap(entry) ? state.resolve(entry['value'], 'join') : undefined;
      const fileName = `environmentFiles[${k}]`;
      if (typeof v === 'string') return [{ name: fileName, valueFrom: v, source }];
      if (!isUnknown(v)) return [];
      const valueFrom = v.pattern ?? 'arn:aws:s3:::*';
      state.unresolved(resource, `container_definitions[${i}].environmentFiles`, v, `the environment file may be any S3 object ${valueFrom === 'arn:aws:s3:::*' ? '' : `matching ${valueFrom} `}the execution role can fetch (conditionally)`);
      return [{ name: fileName, valueFrom, valueFromUnknown: unknownReason(v, source), source }];
    });
    return [{ name, environment, secrets, ...(environmentFiles.length > 0 ? { environmentFiles } : {}) }];
  });
}

/**
 * A value known only in part as it is written: its literal text kept, each unknown part as
 * `${EXPRESSION}` (`s3://${aws_s3_bucket.logs.bucket}/airflow/`), so that a plaintext secret in the
 * literal text is still seen and a reference is not taken for one.
 */
function templateText(value: TfUnknown): string {
  if (!value.parts) return `\${${value.expression}}`;
  return value.parts.map((part) => (typeof part === 'string' ? part : isUnknown(part) ? templateText(part) : JSON.stringify(part))).join('');
}

/** The items of a list value; none for anything else (absent, null, a scalar). */
function knownList(value: TfValue | undefined): TfValue[] {
  return Array.isArray(value) ? value : [];
}
