import type { JsonObject } from '../../../model/source.js';
import { isJsonObject } from '../../json-guards.js';
import { isNoEcho } from './cfn-value.js';
import type { TemplateEvaluator } from './evaluate-template.js';

/**
 * Properties that set a secret's value, per resource type. Written in the template as text (a
 * literal, or a parameter's `Default`), the database is created with that password, so whoever
 * reads the template reads it (docs/semantics.md#written-secrets). A dynamic reference or a
 * parameter without a default is no text of the template and raises nothing.
 * A secret's `SecretString` is not among them: CloudFormation writes it at create and leaves a value
 * changed later alone until the template changes it, so a written one is most often the placeholder
 * a team replaces (`pending`), unlike Terraform, which puts its written value back on every apply.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-masteruserpassword
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html#cfn-rds-dbcluster-masteruserpassword
 */
const SECRET_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::RDS::DBInstance': ['MasterUserPassword'],
  'AWS::RDS::DBCluster': ['MasterUserPassword'],
};

/** The properties of a resource that hold a secret's value written in the template as text. */
export function writtenSecretProperties(ev: TemplateEvaluator, id: string, type: string): string[] {
  if (!Object.hasOwn(SECRET_PROPERTIES, type)) return [];
  return (SECRET_PROPERTIES[type] ?? []).filter((name) => {
    const value = ev.property(id, name);
    return typeof value === 'string' && value.trim() !== '';
  });
}

/**
 * Parameters marked `NoEcho` (a secret, by the template's own word) whose `Default` is written in
 * the template: the secret is in the file. The evaluator never reads such a default.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html (NoEcho)
 */
export function noEchoDefaults(template: JsonObject): string[] {
  const parameters = template['Parameters'];
  if (!isJsonObject(parameters)) return [];
  return Object.keys(parameters).filter((name) => {
    const parameter = parameters[name];
    if (!isJsonObject(parameter)) return false;
    const noEcho = isNoEcho(parameter);
    const value = parameter['Default'];
    return noEcho && ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number');
  });
}
