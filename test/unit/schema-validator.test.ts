// The validators compiled ahead of time by the build (scripts/build-validators.mjs) must be the ones
// in use, and must answer exactly as ajv compiling the same schema at run time does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { PACKAGE_SCHEMAS, packageSchemaValidator, precompiledValidatorPath, schemaValidator, validatorFingerprint } from '../../src/schema-validator.js';
import { packagePath } from '../../src/package-root.js';

const requireModule = createRequire(import.meta.url);

const manifestSamples: unknown[] = [
  { version: 1, secrets: [{ id: 'db', ssm: '/prod/db', owners: ['role/app'] }] },
  { version: 1, secrets: [{ id: 'db', ssm: '' }] },
  { version: 1, secrets: [{ id: 'has space', vault: 'secret/x' }] },
  { version: 2 },
  { version: 1, accounts: { default: '12345' } },
  { version: 1, credentials: [{ approle: 'app', stored_in: 'ftp://nowhere' }] },
  { version: 1, extra: true },
  'not an object',
];

test('the build leaves a precompiled validator for each package schema, compiled from its current text', () => {
  for (const [name, { schema, options }] of Object.entries(PACKAGE_SCHEMAS)) {
    const file = precompiledValidatorPath(schema);
    assert.ok(existsSync(file), `${name}: ${file} is missing (run npm run build)`);
    const loaded = requireModule(file) as { fingerprint: string; validate: unknown };
    assert.equal(loaded.fingerprint, validatorFingerprint(readFileSync(packagePath(schema), 'utf8'), options), `${name}: stale precompiled validator`);
    assert.equal(typeof loaded.validate, 'function');
    assert.ok(!readFileSync(file, 'utf8').includes('require('), `${name}: the precompiled validator must load without node_modules (the bundled Action has none)`);
  }
});

test('the precompiled manifest validator is used, and answers and explains as a run-time compile does', () => {
  const { schema, options } = PACKAGE_SCHEMAS.manifest;
  const precompiled = packageSchemaValidator('manifest');
  assert.equal(precompiled, (requireModule(precompiledValidatorPath(schema)) as { validate: unknown }).validate);
  const compiled = new Ajv(options).compile(JSON.parse(readFileSync(packagePath(schema), 'utf8')) as object);
  for (const sample of manifestSamples) {
    assert.equal(precompiled(sample), compiled(sample), JSON.stringify(sample));
    assert.deepEqual(precompiled.errors ?? null, compiled.errors ?? null, JSON.stringify(sample));
  }
  assert.equal(precompiled(manifestSamples[0]), true);
  assert.equal(precompiled(manifestSamples[1]), false);
});

test('a schema that is not the one the build compiled is compiled at run time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-validator-'));
  try {
    // Same file name as the package's rule schema, different text: the precompiled one must not be taken.
    const schemaFile = join(dir, 'rule.schema.json');
    writeFileSync(schemaFile, JSON.stringify({ type: 'object', required: ['only'], properties: { only: { type: 'string', maxLength: 2 } } }));
    const validate = schemaValidator(schemaFile, PACKAGE_SCHEMAS.rule.options);
    assert.equal(validate({ only: 'ab' }), true);
    assert.equal(validate({ only: 'abc' }), false);
    assert.equal(validate({ id: 'SS001' }), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
