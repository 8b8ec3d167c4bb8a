import type { TfValue } from '../terraform/tf-values.js';
import type { TerragruntConfig } from './terragrunt-config.js';

type TerragruntFunction = (config: TerragruntConfig, args: TfValue[], unknownHere: (why?: string) => TfValue) => TfValue | undefined;

/** A string argument, or undefined. */
const text = (value: TfValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Terragrunt's built-in functions (https://terragrunt.gruntwork.io/docs/reference/built-in-functions/).
 * Those that would run a command, decrypt a file, ask AWS or read the environment give an unknown:
 * a scan never does any of that.
 */
export const TERRAGRUNT_FUNCTIONS: Record<string, TerragruntFunction> = {
  find_in_parent_folders: (c, args, unknownHere) => {
    const found = c.findInParentFolders(text(args[0]));
    return found ?? (args.length > 1 ? args[1] as TfValue : unknownHere('no such file in a parent folder the scan can read'));
  },
  get_terragrunt_dir: (c) => c.unitDir(),
  get_original_terragrunt_dir: (c) => c.unitDir(),
  get_working_dir: (c) => c.unitDir(),
  get_parent_terragrunt_dir: (c) => c.parentDir(),
  path_relative_to_include: (c) => c.relativeToInclude(),
  path_relative_from_include: (c) => {
    const rel = c.relativeToInclude();
    return rel === '.' ? '.' : rel.split('/').map(() => '..').join('/');
  },
  get_repo_root: (c, _args, unknownHere) => c.repositoryRoot() ?? unknownHere('the repository root is not known'),
  get_path_from_repo_root: (c, _args, unknownHere) => c.pathFromRepositoryRoot() ?? unknownHere('the repository root is not known'),
  get_path_to_repo_root: (c, _args, unknownHere) => {
    const from = c.pathFromRepositoryRoot();
    return from === undefined ? unknownHere('the repository root is not known') : from === '.' ? '.' : from.split('/').map(() => '..').join('/');
  },
  // The value given with --terragrunt-env, else unknown, and not even its default: an environment
  // variable is how a pipeline gives the real value, and the default is often a placeholder
  // (`get_env("AWS_ACCOUNT_ID", "000000000000")`) that would put every ARN in an account nobody deploys to.
  get_env: (c, args, unknownHere) => {
    const given = typeof args[0] === 'string' ? c.environmentVariable(args[0]) : undefined;
    return given ?? unknownHere(`an environment variable of the machine Terragrunt runs on, not given with --terragrunt-env${typeof args[1] === 'string' ? '; its default is not assumed' : ''}`);
  },
  get_aws_account_id: (c) => c.account(),
  get_aws_account_alias: (_c, _args, unknownHere) => unknownHere('asks AWS'),
  get_aws_caller_identity_arn: (_c, _args, unknownHere) => unknownHere('names whoever runs Terragrunt'),
  get_aws_caller_identity_user_id: (_c, _args, unknownHere) => unknownHere('names whoever runs Terragrunt'),
  get_platform: (_c, _args, unknownHere) => unknownHere('the platform Terragrunt runs on'),
  get_terraform_command: (_c, _args, unknownHere) => unknownHere('the command Terragrunt runs'),
  get_terraform_cli_args: (_c, _args, unknownHere) => unknownHere('the command Terragrunt runs'),
  get_terragrunt_source_cli_flag: () => '',
  run_cmd: (_c, _args, unknownHere) => unknownHere('runs a command, which a scan never does'),
  sops_decrypt_file: (_c, _args, unknownHere) => unknownHere('decrypts a file, which a scan never does'),
  read_terragrunt_config: (c, args, unknownHere) => {
    const path = text(args[0]);
    const read = path === undefined ? undefined : c.readOtherConfig(path);
    return read ?? (args.length > 1 ? args[1] as TfValue : unknownHere('the configuration cannot be read'));
  },
  read_tfvars_file: (c, args, unknownHere) => {
    const path = text(args[0]);
    return (path === undefined ? undefined : c.readVariableFile(path, unknownHere)) ?? unknownHere('the variable file cannot be read');
  },
  mark_as_read: (_c, args) => args[0] as TfValue,
};
