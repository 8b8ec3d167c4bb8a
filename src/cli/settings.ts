import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseYamlDocument } from '../input-safety.js';
import { parseArguments } from './parse-arguments.js';
import { chooseManifest } from '../load/manifest/find-manifest.js';

/** The manifest's `scan:` section (README "Usage"): the CLI's settings, kept with the project. */
interface ScanSection {
  paths?: string[];
  exclude?: string[];
  fail_on?: string;
  format?: string;
  outputs?: { json?: string; sarif?: string; markdown?: string };
}



/**
 * Applies settings from the environment (`SECRET_SCAN_*`) and the manifest's `scan:` section to
 * argv, with the precedence flag > environment > manifest > default: a setting is added as a flag
 * only when argv does not have it. Takes `--exclude GLOB` (repeatable) out of argv and returns the
 * globs. Pure apart from reading the manifest; argv it cannot parse is returned as it is, for the
 * real parser to report.
 */
export function applySettings(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): { argv: string[]; exclude: string[] } {
  const flagExcludes: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') { rest.push(...argv.slice(i)); break; }
    if (arg === '--exclude' && argv[i + 1] !== undefined) { flagExcludes.push(argv[i + 1] ?? ''); i += 1; }
    else if (arg.startsWith('--exclude=')) flagExcludes.push(arg.slice('--exclude='.length));
    else rest.push(arg);
  }
  const has = (flag: string): boolean => rest.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
  let parsed;
  try { parsed = parseArguments(withoutBase(rest)); } catch { return { argv: rest, exclude: flagExcludes }; }
  const added: string[] = [];
  let manifestFile: string | undefined = parsed.manifest !== undefined ? resolve(cwd, parsed.manifest) : undefined;
  if (manifestFile === undefined && nonEmpty(env.SECRET_SCAN_MANIFEST)) {
    manifestFile = resolve(cwd, env.SECRET_SCAN_MANIFEST ?? '');
    added.push('--manifest', manifestFile);
  }
  // The manifest the scan will use (src/load/manifest/find-manifest.ts), so its `scan:` settings apply too.
  manifestFile ??= chooseManifest((parsed.paths.length > 0 ? parsed.paths : ['.']).map((p) => resolve(cwd, p)), cwd).file;
  const section = manifestFile !== undefined ? readScanSection(manifestFile) : {};
  const manifestDir = manifestFile !== undefined ? dirname(manifestFile) : cwd;

  const pick = (flag: string, envName: string, fromManifest: string | undefined): void => {
    if (has(flag)) return;
    const value = nonEmpty(env[envName]) ? env[envName] : fromManifest;
    if (value !== undefined && value !== '') added.push(flag, value);
  };
  pick('--fail-on', 'SECRET_SCAN_FAIL_ON', section.fail_on);
  pick('--format', 'SECRET_SCAN_FORMAT', section.format);
  pick('--json', 'SECRET_SCAN_JSON', section.outputs?.json);
  pick('--sarif', 'SECRET_SCAN_SARIF', section.outputs?.sarif);
  pick('--markdown', 'SECRET_SCAN_MARKDOWN', section.outputs?.markdown);

  const paths: string[] = [];
  if (parsed.paths.length === 0 && parsed.command === 'scan') {
    if (nonEmpty(env.SECRET_SCAN_PATHS)) paths.push(...list(env.SECRET_SCAN_PATHS ?? ''));
    else if (section.paths !== undefined) paths.push(...section.paths.map((p) => (isAbsolute(p) ? p : join(manifestDir, p))));
  }
  const exclude = flagExcludes.length > 0 ? flagExcludes
    : nonEmpty(env.SECRET_SCAN_EXCLUDE) ? list(env.SECRET_SCAN_EXCLUDE ?? '')
      : section.exclude ?? [];
  return { argv: [...rest, ...added, ...paths], exclude };
}

function withoutBase(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--base') { i += 1; continue; }
    if ((argv[i] ?? '').startsWith('--base=')) continue;
    out.push(argv[i] ?? '');
  }
  return out;
}

function readScanSection(file: string): ScanSection {
  try {
    // The manifest loader's own bounds (nesting, aliases): a hostile manifest costs no more here.
    const doc = parseYamlDocument(readFileSync(file, 'utf8'), {})?.toJS({ maxAliasCount: 1000 }) as { scan?: ScanSection } | null | undefined;
    return doc?.scan ?? {};
  } catch {
    return {}; // the manifest loader reports an unreadable or invalid manifest with its line
  }
}

function list(value: string): string[] {
  return value.split(/[\n,]/).map((v) => v.trim()).filter((v) => v !== '');
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
