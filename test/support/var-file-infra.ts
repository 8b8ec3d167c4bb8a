// A Terraform root whose reading role is named by a variable, for the `--var-file` tests of the CLI
// and the Action: the secret `prod/db` is read by whatever role the variables file names.
export const READER_ROLE_FROM_VARIABLE_TF = [
  'variable "reader_role" { type = string }',
  'resource "aws_iam_role" "reader" {',
  '  name               = var.reader_role',
  '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
  '}',
  'resource "aws_iam_role_policy" "read" {',
  '  role   = aws_iam_role.reader.name',
  '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "*" }] })',
  '}',
  'resource "aws_secretsmanager_secret" "db" { name = "prod/db" }',
  '',
].join('\n');
