// Terraform HCL loader: files per second through parse + evaluation + mapping, against the plain
// tree-sitter parse of the same files (the ratio is the cost of evaluating modules, count/for_each,
// references and functions). Run standalone: npx tsx bench/terraform.bench.ts
import { pathToFileURL } from 'node:url';
import type { TextFile } from '../src/load/files/file-loader.js';
import type { BenchResult } from './bench-result.js';
export type { BenchResult };

/** One service module's worth of files (5): variables, role, policy document + policy, parameters, task definition. */
function serviceFiles(i: number): TextFile[] {
  const dir = `services/svc-${i}`;
  const name = `svc-${i}`;
  return [
    { path: `${dir}/variables.tf`, text: `variable "region" {\n  type    = string\n  default = "us-east-1"\n}\n\nvariable "db_password" {\n  type      = string\n  sensitive = true\n  default   = null\n}\n\nlocals {\n  name    = "${name}"\n  prefix  = "/\${local.name}"\n  secrets = ["db-password", "api-key", "signing-key"]\n}\n\ndata "aws_caller_identity" "current" {}\n` },
    { path: `${dir}/iam.tf`, text: `resource "aws_iam_role" "task" {\n  name = "\${local.name}-task"\n  assume_role_policy = jsonencode({\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]\n  })\n  tags = { service = local.name, team = "team-${i % 17}" }\n}\n\nresource "aws_iam_role" "execution" {\n  name = "\${local.name}-execution"\n  assume_role_policy = aws_iam_role.task.assume_role_policy\n}\n` },
    { path: `${dir}/policy.tf`, text: `data "aws_iam_policy_document" "read" {\n  statement {\n    sid       = "ReadOwnParameters"\n    actions   = ["ssm:GetParameter", "ssm:GetParameters"]\n    resources = [for s in local.secrets : aws_ssm_parameter.secret[s].arn]\n  }\n  dynamic "statement" {\n    for_each = toset(["kms:Decrypt"])\n    content {\n      actions   = [statement.value]\n      resources = ["arn:aws:kms:\${var.region}:\${data.aws_caller_identity.current.account_id}:key/*"]\n      condition {\n        test     = "StringEquals"\n        variable = "kms:ViaService"\n        values   = ["ssm.\${var.region}.amazonaws.com"]\n      }\n    }\n  }\n}\n\nresource "aws_iam_role_policy" "read" {\n  name   = "\${local.name}-read"\n  role   = aws_iam_role.execution.id\n  policy = data.aws_iam_policy_document.read.json\n}\n` },
    { path: `${dir}/ssm.tf`, text: `resource "aws_ssm_parameter" "secret" {\n  for_each = toset(local.secrets)\n  name     = "\${local.prefix}/\${each.key}"\n  type     = "SecureString"\n  value    = coalesce(var.db_password, "placeholder")\n  tags     = { service = local.name }\n}\n` },
    { path: `${dir}/ecs.tf`, text: `resource "aws_ecs_task_definition" "this" {\n  family             = local.name\n  task_role_arn      = aws_iam_role.task.arn\n  execution_role_arn = aws_iam_role.execution.arn\n  container_definitions = jsonencode([{\n    name  = local.name\n    image = "\${data.aws_caller_identity.current.account_id}.dkr.ecr.\${var.region}.amazonaws.com/\${local.name}:1.0.${i}"\n    secrets = [for s in local.secrets : { name = upper(replace(s, "-", "_")), valueFrom = aws_ssm_parameter.secret[s].arn }]\n    environment = [{ name = "LOG_LEVEL", value = "info" }]\n  }])\n}\n` },
  ];
}

/** 400 service modules × 5 files = 2,000 `.tf` files of typical size. */
export function generateTerraformFiles(services = 400): TextFile[] {
  return Array.from({ length: services }, (_, i) => serviceFiles(i)).flat();
}

function time(fn: () => void, minMs = 1000): number {
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 2) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

/** Files per second: the whole loader (parse, evaluate, map) against the plain parse. */
export async function runTerraformBench(): Promise<BenchResult[]> {
  const { parseHcl } = await import('../src/load/files/hcl/parse-hcl.js');
  const { terraformLoader } = await import('../src/load/files/terraform/index.js');
  const files = generateTerraformFiles();
  const context = { defaultAccount: '123456789012', region: 'us-east-1' };
  const kb = Math.round(files.reduce((n, f) => n + f.text.length, 0) / 1024);
  const ours = time(() => terraformLoader.loadAll(files, context));
  const peer = time(() => { for (const f of files) parseHcl(f.text); });
  return [{ name: `${files.length} .tf files (${kb} KB, 400 modules)`, ours: Math.round((files.length * 1000) / ours), peer: Math.round((files.length * 1000) / peer), unit: 'files/s' }];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await runTerraformBench()) console.log(`${r.name}: load ${r.ours} ${r.unit}, tree-sitter parse only ${r.peer} ${r.unit}`);
}
