import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.js';
import { liveArguments, type LiveArguments } from './live-arguments.js';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'markdown';
export type FailOn = 'error' | 'warning' | 'note' | 'never';

export interface CliOptions {
  command: 'scan' | 'explain' | 'help' | 'version';
  /** For `explain`. */
  secretId?: string;
  paths: string[];
  manifest?: string;
  format: OutputFormat;
  /** Whether --format was given (a `-` report file then conflicts with it). */
  formatGiven: boolean;
  /** Each `--json`/`--sarif`/`--markdown` given, in order; `-` is stdout. */
  jsonFile?: string[];
  sarifFile?: string[];
  markdownFile?: string[];
  /** Print the stack of an internal error. */
  debug: boolean;
  baseline?: string;
  failOn: FailOn;
  escalation: boolean;
  /** `--aws`, `--vault`, `--snapshot…` (docs/live-mode.md). */
  live: LiveArguments;
  /** `--var-file`, in order. */
  varFiles?: string[];
  /** `--terragrunt-env NAME=VALUE`: what Terragrunt's `get_env(NAME)` reads (a later value of a name wins). */
  terragruntEnv?: Record<string, string>;
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'markdown'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'never'];

/** Turns argv (without node and script) into options; throws `UsageError` for anything it does not accept. */
export function parseArguments(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        manifest: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'string', multiple: true },
        sarif: { type: 'string', multiple: true },
        markdown: { type: 'string', multiple: true },
        debug: { type: 'boolean' },
        baseline: { type: 'string' },
        'fail-on': { type: 'string' },
        'no-escalation': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        aws: { type: 'boolean' },
        vault: { type: 'boolean' },
        profile: { type: 'string' },
        region: { type: 'string', multiple: true },
        'assume-role': { type: 'string', multiple: true },
        'vault-addr': { type: 'string' },
        'snapshot-out': { type: 'string' },
        snapshot: { type: 'string', multiple: true },
        'no-base-account': { type: 'boolean' },
        'var-file': { type: 'string', multiple: true },
        'terragrunt-env': { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    throw new UsageError(describeArgumentError(error));
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format as OutputFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  const failOn = values['fail-on'] ?? 'error';
  if (!FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`);

  let command: CliOptions['command'] = values.help ? 'help' : values.version ? 'version' : 'scan';
  let paths = positionals;
  let secretId: string | undefined;
  if (command === 'scan' && positionals[0] === 'explain') {
    command = 'explain';
    secretId = positionals[1];
    if (!secretId) throw new UsageError('explain needs a secret id: secret-scan explain SECRET_ID [PATH...]');
    paths = positionals.slice(2);
  }
  const options: CliOptions = { command, paths, format: format as OutputFormat, failOn: failOn as FailOn, escalation: !values['no-escalation'], live: liveArguments(values), debug: values.debug === true, formatGiven: values.format !== undefined };
  if (secretId !== undefined) options.secretId = secretId;
  if (values.manifest !== undefined) options.manifest = values.manifest;
  if (values.json !== undefined) options.jsonFile = values.json;
  if (values.sarif !== undefined) options.sarifFile = values.sarif;
  if (values.markdown !== undefined) options.markdownFile = values.markdown;
  if (values.baseline !== undefined) options.baseline = values.baseline;
  if (values['var-file'] !== undefined) options.varFiles = values['var-file'];
  if (values['terragrunt-env'] !== undefined) options.terragruntEnv = terragruntEnvironment(values['terragrunt-env']);
  return options;
}

/** `NAME=VALUE` pairs (the value may hold `=`; an empty one is a value too). */
function terragruntEnvironment(pairs: readonly string[]): Record<string, string> {
  const environment: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = at < 0 ? '' : pair.slice(0, at);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--terragrunt-env takes NAME=VALUE, an environment variable's name and its value (got "${pair}")`);
    environment[name] = pair.slice(at + 1);
  }
  return environment;
}

/** node:util's parseArgs messages, reworded as one short line (they suggest `--` tricks nobody needs here). */
function describeArgumentError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /option '([^']*)'/i.exec(message)?.[1];
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    const hint = option === '-v' || option === '--verbose' ? ' (--version prints the version; there is no verbose mode)' : '';
    return `Unknown option '${option}'${hint}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) return `Option ${option.split(',').pop()?.trim() ?? option} needs a value`;
  return message.split('. ')[0] ?? message;
}

export const USAGE = `Usage: secret-scan [PATH...] [options]
       secret-scan explain SECRET_ID [PATH...] [options]
       secret-scan diff --base REF [PATH...] [options]   readers added/removed against git REF

Answers, for every secret, who can read it and through which grants.

Options:
  --manifest FILE                     manifest (default: PATH/secret-scan.yaml if present)
  --format text|json|sarif|markdown   what goes to stdout (default text)
  --json FILE  --sarif FILE  --markdown FILE
                                      also write these reports
  --baseline FILE                     report only findings new against an earlier JSON report
  --fail-on error|warning|note|never  exit 1 when a finding is at or above this level (default error)
  --no-escalation                     do not follow iam:PassRole escalation to ECS task roles
  --debug                             print the stack of an internal error
  --no-color                          no colours (also NO_COLOR; FORCE_COLOR forces them)
  --quiet                             no progress or status lines on stderr (the report still prints)
  --exclude GLOB                      do not read matching files or folders (repeatable; .gitignore'd ones
                                      are skipped too, unless named)
  --var-file FILE                     apply a Terraform variables file, as terraform plan -var-file does
                                      (repeatable, later ones win)
  --terragrunt-env NAME=VALUE         the value Terragrunt's get_env("NAME") reads (repeatable; without it,
                                      get_env is unknown, its default not assumed)
  --aws [--profile P] [--region R]... [--assume-role ARN]... [--no-base-account]
                                      read live AWS (list/describe/get-policy calls only, never a value)
  --vault [--vault-addr URL]          read live Vault (VAULT_ADDR, VAULT_TOKEN, VAULT_NAMESPACE)
  --snapshot-out FILE                 save what the live read collected (no values)
  --snapshot FILE                     scan a saved snapshot (repeatable; merges with files and live reads)
  -h, --help  --version

Settings may also come from SECRET_SCAN_* variables and the manifest's scan: section;
a flag wins over the environment, which wins over the manifest.

A FILE of "-" means stdout. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error,
3 nothing was scanned or the scan could not complete.
`;
