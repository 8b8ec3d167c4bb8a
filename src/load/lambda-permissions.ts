/**
 * A Lambda function permission (AddPermission: Terraform's `aws_lambda_permission`, CloudFormation's
 * `AWS::Lambda::Permission`) lets its principal perform one Lambda action on the function. Invoking
 * runs the function's own code with its execution role; the caller gets the response, never the
 * role's credentials (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html). So a permission to
 * invoke cannot change who reads a secret. Any other action (`lambda:UpdateFunctionCode` runs the
 * caller's code as that role) could, and secret-scan does not follow it.
 */
const INVOKE_ACTIONS: ReadonlySet<string> = new Set(['lambda:invokefunction', 'lambda:invokefunctionurl']);

/** True when `action` (as written, any case: IAM action names are case-insensitive) only invokes the function. */
export function onlyInvokes(action: unknown): boolean {
  return typeof action === 'string' && INVOKE_ACTIONS.has(action.trim().toLowerCase());
}
