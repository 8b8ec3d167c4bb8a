import type { SourceRef } from '../../../model/source.js';
import { isUnknown } from '../terraform/tf-values.js';
import type { ModuleInputs } from '../terraform/module-instance.js';
import { TerragruntConfig, type GeneratedFile, type TerragruntEnvironment } from './terragrunt-config.js';
import { resolvePath } from './paths.js';
import { dirOf } from '../terraform/module-config.js';

export type { GeneratedFile, TerragruntEnvironment };

/**
 * Terragrunt units (https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/).
 * A `terragrunt.hcl` runs one Terraform module — `terraform { source }`, else the `.tf` files beside
 * it — with its `inputs` as the module's variables, the configurations it `include`s merged in, and
 * `dependency.NAME.outputs` the outputs of the unit at `config_path`. Terragrunt passes inputs as
 * `TF_VAR_` environment variables, the lowest source of a variable's value after its default
 * (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence),
 * so a variable file of the module still wins.
 *
 * Paths: Terragrunt's path functions (`find_in_parent_folders()`, `get_terragrunt_dir()`…) return
 * absolute paths. Here they return the path from the scan root behind a `/` (`/env/prod/app`): as
 * absolute as Terragrunt's for every join and for `basename()`, without naming the machine's
 * directories in a report. Relative paths resolve as Terragrunt resolves them: those of `include`,
 * `dependency`, `terraform.source`, `read_terragrunt_config()` and var files from the unit's
 * directory, those of `file()` from the directory of the configuration that calls it (an included
 * `root.hcl` reads `./common/provider.tf` beside itself).
 */

/** One `terragrunt.hcl` that runs a module. */
export interface TerragruntUnit {
  /** The unit's directory, from the scan root. */
  dir: string;
  file: string;
  /** The module it runs: a local directory from the scan root, or a remote source it cannot read. */
  module: { dir: string } | { remote: string; at: SourceRef };
  /** The variable values it gives the module (inputs, below any variable file). */
  inputs: ModuleInputs;
  /** Variable files it passes with `extra_arguments` (`required_var_files`, `optional_var_files`), read. */
  varFiles: { path: string; text: string }[];
  /** Files its `generate` blocks write into the module's directory (`.tf` only): name, text, the configuration and line of `contents`. */
  generated: GeneratedFile[];
  /** Directories of the units it depends on (`dependency` blocks). */
  dependencies: string[];
  /** Other configurations it read (`include`, `read_terragrunt_config`). */
  read: string[];
}

export const TERRAGRUNT_FILE = /(^|\/)terragrunt\.hcl$/i;

/** Reads the unit whose `terragrunt.hcl` is `file` (its text given), or says why it runs no module. */
export function readTerragruntUnit(file: string, text: string, env: TerragruntEnvironment, hasTerraformFiles: (dir: string) => boolean): TerragruntUnit | { notAUnit: string } {
  const dir = dirOf(file);
  const config = new TerragruntConfig(file, text, { dir, file }, env, 0);
  const source = config.terraformSource();
  let module: TerragruntUnit['module'];
  if (source === undefined) {
    if (!hasTerraformFiles(dir)) return { notAUnit: 'a Terragrunt configuration that runs no module (no terraform.source, no .tf files beside it); units that include it are read with it' };
    module = { dir };
  } else if (isUnknown(source.value) || typeof source.value !== 'string') {
    // A source chosen by something unknown (`get_env("ENV") == "production" ? "git::…" : "../../modules//app"`):
    // the local choice is the repository's own code, read rather than lost.
    const choices = isUnknown(source.value) ? source.value.alternatives ?? [] : [];
    const local = choices.flatMap((c) => (typeof c === 'string' ? [localSourceDir(dir, c)] : [])).find((d): d is string => d !== undefined);
    if (local !== undefined) {
      env.report({ code: 'unresolvedExpression', message: `Terragrunt unit ${dir}: terraform.source ${isUnknown(source.value) ? source.value.expression : ''} cannot be decided; its local choice ${local} is read, and any other is not`, source: source.at });
      module = { dir: local };
    } else {
      module = { remote: isUnknown(source.value) ? source.value.expression : 'not a string', at: source.at };
    }
  } else {
    const local = localSourceDir(dir, source.value);
    module = local === undefined ? { remote: source.value, at: source.at } : { dir: local };
  }
  return {
    dir,
    file,
    module,
    inputs: config.inputs(),
    varFiles: config.extraVarFiles(),
    generated: config.generatedFiles(),
    dependencies: config.dependencyDirs(),
    read: config.readConfigs(),
  };
}

/**
 * The directory a local `terraform.source` names (`../../modules//app` is `../../modules/app`: the
 * part before `//` is what Terragrunt copies, the rest the module in it), or undefined for a remote one.
 */
function localSourceDir(unitDir: string, source: string): string | undefined {
  if (!(source.startsWith('./') || source.startsWith('../') || source.startsWith('/') || source === '.' || source === '..')) return undefined;
  const withoutQuery = source.replace(/\?.*$/, '');
  return resolvePath(unitDir, withoutQuery.replace(/(?<!^)\/\//g, '/'));
}
