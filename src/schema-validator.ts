import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { Ajv as AjvClass, Options, ValidateFunction } from 'ajv';
import { packagePath } from './package-root.js';

/** The schemas the scanner validates against at run time, and the ajv options each is compiled with. */
export const PACKAGE_SCHEMAS = {
  manifest: { schema: 'schemas/manifest.schema.json', options: { allErrors: true, strict: false } },
  rule: { schema: 'schemas/rule.schema.json', options: { allErrors: true, strict: true } },
  snapshot: { schema: 'schemas/snapshot.schema.json', options: { allErrors: false, strict: false } },
} as const satisfies Record<string, { schema: string; options: Options }>;

/** The validator of one of the package's own schemas. */
export function packageSchemaValidator(name: keyof typeof PACKAGE_SCHEMAS): ValidateFunction {
  const { schema, options } = PACKAGE_SCHEMAS[name];
  return schemaValidator(packagePath(schema), options);
}

/** Where the build (scripts/build-validators.mjs) leaves the validator it compiled ahead of time for `schemaFile`. */
export function precompiledValidatorPath(schemaFile: string): string {
  return packagePath(`data/validators/${basename(schemaFile, '.json')}.cjs`);
}

/** What a precompiled validator module records about the schema it was compiled from. */
export function validatorFingerprint(schemaText: string, options: Options): string {
  return createHash('sha256').update(JSON.stringify(options)).update('\0').update(schemaText).digest('hex');
}

const requireModule = createRequire(import.meta.url);

/**
 * A validator for the JSON schema in `schemaFile`. Compiling a schema with ajv costs ~60–90 ms,
 * most of a small scan's own work (README "Org scale"), so the build compiles the package's
 * schemas ahead of time; that code is used only when it was compiled from this very schema text
 * with these options, and otherwise (a schema edited since the build, a tool's own schema) the
 * schema is compiled here.
 */
export function schemaValidator(schemaFile: string, options: Options): ValidateFunction {
  const text = readFileSync(schemaFile, 'utf8');
  const precompiled = precompiledValidator(precompiledValidatorPath(schemaFile), validatorFingerprint(text, options));
  return precompiled ?? compileNow(text, options);
}

/** ajv itself is loaded only when a schema is compiled here: loading it costs ~40 ms of every scan's start. */
function compileNow(schemaText: string, options: Options): ValidateFunction {
  const { Ajv } = requireModule('ajv') as { Ajv: typeof AjvClass };
  return new Ajv(options).compile(JSON.parse(schemaText) as object);
}

function precompiledValidator(file: string, fingerprint: string): ValidateFunction | undefined {
  if (!existsSync(file)) return undefined;
  const loaded = requireModule(file) as { fingerprint?: unknown; validate?: unknown };
  return loaded.fingerprint === fingerprint && typeof loaded.validate === 'function' ? (loaded.validate as ValidateFunction) : undefined;
}
