/** The Action's inputs (action.yml), read the way the runner passes them: `INPUT_<NAME>` variables. */
export interface ActionInputs {
  paths: string[];
  manifest: string;
  /** Terraform variables files (`--var-file`), in order. */
  varFiles: string[];
  /** `NAME=VALUE` pairs for Terragrunt's `get_env` (`--terragrunt-env`). */
  terragruntEnv: string[];
  baseRef: string;
  failOn: string;
  softFail: boolean;
  sarifFile: string;
  sarifCategory: string;
  format: string;
  outputFile: string;
  comment: boolean;
  version: string;
  githubToken: string;
}

/**
 * Reads one input as the runner sets it: `INPUT_` + the name upper-cased with spaces as `_`
 * (hyphens kept), trimmed; '' when unset.
 * https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#inputsinput_id
 */
export function readInput(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** A YAML-1.2 boolean input (`true`/`false`, any case); `fallback` when empty; anything else is an error. */
export function readBooleanInput(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = readInput(env, name);
  if (value === '') return fallback;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  throw new Error(`input ${name} must be true or false (got "${value}")`);
}

/** All inputs; `path` and `var-file` take several paths, one per line or separated by commas; `terragrunt-env` one `NAME=VALUE` per line (a value may hold a comma). */
export function readActionInputs(env: NodeJS.ProcessEnv, isPullRequest: boolean): ActionInputs {
  const list = (name: string): string[] => readInput(env, name).split(/[\n,]/).map((p) => p.trim()).filter((p) => p !== '');
  const paths = list('path');
  return {
    paths: paths.length > 0 ? paths : ['.'],
    manifest: readInput(env, 'manifest'),
    varFiles: list('var-file'),
    terragruntEnv: readInput(env, 'terragrunt-env').split('\n').map((p) => p.trim()).filter((p) => p !== ''),
    baseRef: readInput(env, 'base-ref'),
    failOn: readInput(env, 'fail-on') || 'error',
    softFail: readBooleanInput(env, 'soft-fail', false),
    sarifFile: readInput(env, 'sarif-file') || 'secret-scan.sarif',
    sarifCategory: readInput(env, 'sarif-category') || 'secret-scan',
    format: readInput(env, 'format') || 'text',
    outputFile: readInput(env, 'output-file'),
    comment: readBooleanInput(env, 'comment', isPullRequest),
    version: readInput(env, 'version'),
    githubToken: readInput(env, 'github-token') || (env.GITHUB_TOKEN ?? ''),
  };
}
