/**
 * The IAM actions whose grants can change who reads a secret: every request the access graph asks
 * (docs/semantics.md: reading an object, parameter or secret value, decrypting it, assuming a role,
 * passing a role to ECS and starting or defining tasks, describing a task definition). A statement
 * none of whose actions can be one of these grants nothing the analysis follows, so an unknown
 * value inside it widens nothing that matters and raises no SS011 (an unresolved value "that cannot
 * change who reads what changes nothing").
 */
export const ACCESS_ACTIONS: readonly string[] = [
  's3:GetObject', 's3:GetObjectVersion',
  'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:GetParameterHistory',
  'secretsmanager:GetSecretValue',
  'kms:Decrypt',
  'sts:AssumeRole',
  'iam:PassRole',
  'ecs:RunTask', 'ecs:StartTask', 'ecs:CreateService', 'ecs:UpdateService', 'ecs:RegisterTaskDefinition', 'ecs:DescribeTaskDefinition',
];

/** An Action or NotAction element's items, each that is not a string (an unknown) undefined; undefined when the element is absent. */
export function actionItems(value: unknown): (string | undefined)[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map((item: unknown) => (typeof item === 'string' ? item : undefined));
}

/**
 * Whether a statement with these `Action` and `NotAction` items (undefined: the element is absent)
 * may allow or deny one of ACCESS_ACTIONS. One with neither is malformed, and may.
 */
export function statementConcernsAccess(action: readonly (string | undefined)[] | undefined, notAction: readonly (string | undefined)[] | undefined): boolean {
  if (action === undefined && notAction === undefined) return true;
  return (action !== undefined && mayConcernAccess(action, false)) || (notAction !== undefined && mayConcernAccess(notAction, true));
}

/**
 * Whether a statement with these `Action` (or, `negated`, `NotAction`) items may allow or deny one
 * of ACCESS_ACTIONS. `undefined` items are values the inputs cannot resolve: they could be any
 * action. Action names are matched as IAM matches them, case-insensitively with `*` and `?`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 */
function mayConcernAccess(items: readonly (string | undefined)[], negated: boolean): boolean {
  if (items.some((item) => item === undefined)) return true;
  const patterns = (items as string[]).map(actionPattern);
  const listed = (action: string): boolean => patterns.some((pattern) => pattern.test(action));
  return negated ? ACCESS_ACTIONS.some((action) => !listed(action)) : ACCESS_ACTIONS.some(listed);
}

/** An action glob as a whole-string, case-insensitive expression: `*` any run, `?` one character. */
function actionPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
