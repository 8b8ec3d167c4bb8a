import type { SecretValueCopy } from '../../../model/inventory.js';
import { isUnknown } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';
import { COPIED_VALUE_ATTRIBUTES, instanceType, isSecretValueAttribute } from './secret-values.js';

/**
 * A task environment value Terraform fills with a stored secret's value at apply
 * (`value = data.aws_ssm_parameter.db.value`, `jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]`):
 * the task definition then holds that value in plaintext, for whoever may describe it
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar.html recommends
 * `secrets` instead; docs/semantics.md#ecs).
 */
export interface CopiedSecretValue {
  /** The stored secret, when the configuration names it. */
  copyOf?: SecretValueCopy;
  /** Set when the value is certainly a secret (a Secrets Manager secret, a SecureString, a generated password): why. */
  secretMaterial?: string;
}

/** The copy `value` (an environment entry's value) makes of a stored secret, or undefined. */
export function copiedSecretValue(value: TfValue | undefined, state: MappingState): CopiedSecretValue | undefined {
  for (const unknown of unknownsIn(value)) {
    // The evaluator marks what it computes from a secret's value; a plan names the attribute itself.
    const reference = unknown.secretValueOf ?? unknown.inferredFrom ?? unknown.expression.replace(/ \(known after apply\)$/, '');
    const match = /^(.*)\.([A-Za-z0-9_]+)$/.exec(reference);
    const address = match?.[1] ?? '';
    const attribute = match?.[2] ?? '';
    if (!isSecretValueAttribute(address, attribute)) continue;
    const named = state.referencedAttribute({ unknown: true, expression: reference });
    const copy = copyAt(instanceType(address) ?? '', attribute, named?.resource, reference, state);
    if (copy) return copy;
  }
  return undefined;
}

function copyAt(type: string, attribute: string, resource: TerraformResourceInput | undefined, via: string, state: MappingState): CopiedSecretValue | undefined {
  const kind = Object.hasOwn(COPIED_VALUE_ATTRIBUTES, type) ? COPIED_VALUE_ATTRIBUTES[type] : undefined;
  if (!kind || !kind.attributes.includes(attribute)) return undefined;
  if (!kind.service) return { secretMaterial: `a generated password (${via}), copied into the task definition by Terraform` };
  const named = resource && kind.namedBy ? state.joinString(resource, kind.namedBy) : undefined;
  const ref = typeof named === 'string' && named !== '' ? named : undefined;
  const label = kind.service === 'ssm' ? 'SSM parameter' : 'Secrets Manager secret';
  // A Secrets Manager secret is a secret; a parameter certainly is when the configuration creates it as a SecureString.
  const certain = kind.service === 'secretsmanager' || (resource?.mode === 'managed' && resource.values['type'] === 'SecureString');
  return {
    ...(ref !== undefined ? { copyOf: { service: kind.service, ref, via } } : {}),
    ...(certain ? { secretMaterial: `the value of ${label} ${ref ?? '(name not known)'} (${via}), copied into the task definition by Terraform` } : {}),
  };
}

/** The unknowns a value is or holds: itself, and the unknown pieces of a template. */
function unknownsIn(value: TfValue | undefined): TfUnknown[] {
  if (!isUnknown(value)) return [];
  return [value, ...(value.parts ?? []).flatMap((part) => unknownsIn(part))];
}
