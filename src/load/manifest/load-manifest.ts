import { readFileSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isSeq, visit, type Node as YamlNode } from 'yaml';
import { describeYamlError, parseYamlDocument, YAML_TOO_DEEP } from '../../input-safety.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CredentialLocation, DeclaredSecret, Manifest } from '../../model/manifest.js';
import { parseException } from './manifest-exceptions.js';
import { expandPrincipal } from './manifest-principal.js';
import { parsePolicies, type RawPolicy } from './manifest-policies.js';
import { packageSchemaValidator } from '../../schema-validator.js';
import { UsageError } from '../../usage-error.js';
import { trimVaultSlashes } from '../../model/vault.js';

const DEFAULT_REGION = 'us-east-1';

type RawManifest = {
  version: 1;
  accounts?: { default?: string; region?: string };
  trusted?: string[];
  secrets?: {
    id: string; vault?: string; ssm?: string; secretsmanager?: string; s3?: string;
    kv_version?: 1 | 2; owners?: string[]; tags?: Record<string, string>;
  }[];
  credentials?: { approle: string; mount?: string; namespace?: string; stored_in: string }[];
  exceptions?: { rule: string; secret?: string; principal?: string; reason: string; expires?: string }[];
  policies?: RawPolicy[];
};

let validator: ValidateFunction | undefined;
function validateRaw(value: unknown): { ok: true } | { ok: false; errors: ErrorObject[] } {
  validator ??= packageSchemaValidator('manifest');
  return validator(value) ? { ok: true } : { ok: false, errors: validator.errors ?? [] };
}

/**
 * Reads and validates a manifest (README "The manifest", schemas/manifest.schema.json). Throws `UsageError` naming the file and line of the
 * first problem; an invalid manifest is never half-used.
 */
export function loadManifestFile(file: string, displayName = file): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${displayName}: cannot read manifest (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseManifest(text, displayName);
}

/** Parses manifest text; `file` is used in messages and source locations. */
export function parseManifest(text: string, file: string): Manifest {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false });
  if (doc === undefined) throw new UsageError(`${file}:1: invalid YAML: ${YAML_TOO_DEEP}`);
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const firstError = doc.errors[0];
  if (firstError) {
    throw new UsageError(`${file}:${lineAt(firstError.pos[0])}: invalid YAML: ${describeYamlError(firstError)}`);
  }
  let raw: unknown;
  try {
    // yaml refuses aliases that expand past maxAliasCount (an alias bomb) and aliases without an anchor.
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    const alias = firstAlias(doc.contents);
    throw new UsageError(`${file}:${lineAt(alias?.range?.[0])}: invalid YAML: ${/alias/i.test(String(error)) ? 'aliases expand too far or have no anchor' : 'cannot be read'}`);
  }
  const result = validateRaw(raw);
  if (!result.ok) {
    const error = pickMostSpecificError(result.errors);
    const node = nodeAtPointer(doc.contents, error.instancePath);
    const where = error.instancePath === '' ? 'manifest' : error.instancePath;
    throw new UsageError(`${file}:${lineAt(node?.range?.[0])}: ${where} ${error.message ?? 'is invalid'}${describeParams(error)}`);
  }
  const manifest = raw as RawManifest;
  const lineOf = (pointer: string): number => lineAt(nodeAtPointer(doc.contents, pointer)?.range?.[0]);
  const defaultAccount = manifest.accounts?.default;
  const expand = (principal: string, pointer: string): string => expandPrincipal(principal, defaultAccount, `${file}:${lineOf(pointer)}`);

  const secrets: DeclaredSecret[] = (manifest.secrets ?? []).map((secret, index) => {
    const kind = secret.vault !== undefined ? 'vault' : secret.ssm !== undefined ? 'ssm' : secret.secretsmanager !== undefined ? 'secretsmanager' : 's3';
    const resource = secret.vault ?? secret.ssm ?? secret.secretsmanager ?? secret.s3 ?? '';
    const declared: DeclaredSecret = {
      id: secret.id,
      kind,
      resource,
      owners: (secret.owners ?? []).map((owner, o) => expand(owner, `/secrets/${index}/owners/${o}`)),
      source: { file, line: lineOf(`/secrets/${index}`) },
    };
    if (secret.kv_version !== undefined) declared.kvVersion = secret.kv_version;
    if (secret.tags !== undefined) declared.tags = secret.tags;
    return declared;
  });
  const ids = new Set<string>();
  secrets.forEach((secret) => {
    if (ids.has(secret.id)) throw new UsageError(`${file}:${secret.source.line}: duplicate secret id "${secret.id}"`);
    ids.add(secret.id);
  });

  const credentials: CredentialLocation[] = (manifest.credentials ?? []).map((entry, index) => ({
    approle: entry.approle,
    mount: trimVaultSlashes(entry.mount ?? 'approle'),
    ...(entry.namespace !== undefined && trimVaultSlashes(entry.namespace) !== '' ? { namespace: trimVaultSlashes(entry.namespace) } : {}),
    storedIn: parseStoredIn(entry.stored_in),
    source: { file, line: lineOf(`/credentials/${index}`) },
  }));

  const exceptions = (manifest.exceptions ?? []).map((entry, index) => parseException(entry, `${file}:${lineOf(`/exceptions/${index}`)}`, defaultAccount, { file, line: lineOf(`/exceptions/${index}`) }));
  const policies = parsePolicies(manifest.policies ?? [], lineOf, file, defaultAccount);

  return {
    version: 1,
    ...(defaultAccount !== undefined ? { defaultAccount } : {}),
    region: manifest.accounts?.region ?? DEFAULT_REGION,
    ...(manifest.accounts?.region !== undefined ? { regionDeclared: true as const } : {}),
    trusted: (manifest.trusted ?? []).map((principal, index) => expand(principal, `/trusted/${index}`)),
    secrets,
    credentials,
    ...(exceptions.length > 0 ? { exceptions } : {}),
    ...(policies.length > 0 ? { policies } : {}),
    file,
  };
}

/** The manifest used when none is given or found: no declared secrets, defaults only. */
export function emptyManifest(): Manifest {
  return { version: 1, region: DEFAULT_REGION, trusted: [], secrets: [], credentials: [] };
}

function parseStoredIn(value: string): CredentialLocation['storedIn'] {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(value);
  if (s3) return { kind: 's3', bucket: s3[1] ?? '', key: s3[2] ?? '' };
  if (value.startsWith('ssm:')) return { kind: 'ssm', name: value.slice('ssm:'.length) };
  if (value.startsWith('secretsmanager:')) return { kind: 'secretsmanager', secret: value.slice('secretsmanager:'.length) };
  const [family = '', container = '', variable = ''] = value.slice('ecs-env:'.length).split('/');
  return { kind: 'ecs-env', family, container, variable };
}

function pickMostSpecificError(errors: ErrorObject[]): ErrorObject {
  // `oneOf` failures are noisy; the deepest path names the field the user got wrong.
  const sorted = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  return sorted.find((e) => e.keyword !== 'oneOf') ?? sorted[0] ?? ({ instancePath: '', message: 'is invalid' } as ErrorObject);
}

function describeParams(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (typeof params.additionalProperty === 'string') return ` (unexpected "${params.additionalProperty}")`;
  if (Array.isArray(params.allowedValues)) return ` (${params.allowedValues.join(', ')})`;
  return '';
}

function nodeAtPointer(root: unknown, pointer: string): YamlNode | undefined {
  let node: unknown = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node)) node = node.get(Number(key), true);
    else return undefined;
  }
  return node as YamlNode | undefined;
}

function firstAlias(root: unknown): YamlNode | undefined {
  let found: YamlNode | undefined;
  visit(root as YamlNode, { Alias: (_key, node) => { found = node; return visit.BREAK; } });
  return found !== undefined && isAlias(found) ? found : undefined;
}
