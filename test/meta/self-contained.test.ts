import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repositoryRoot } from '../support/case-table.js';

// A test reads only files inside the repository: a clone on a user's machine has no project
// workspace, no shared folder and no home directory of ours. This scans every file under test/
// for the ways a path outside the repository has crept in before.
const OUTSIDE = [
  { pattern: /\/work\//, why: 'an absolute path into the project workspace' },
  { pattern: /\bshared\/formats\b|\.\.\/shared\b/, why: 'the shared samples folder (copy the sample into test/ instead)' },
  { pattern: /['"`](\/home\/|\/Users\/|\/root\/|[A-Z]:\\\\)/, why: 'an absolute path into a home directory' },
  { pattern: /(['"`]\.\.\/){5,}|(['"`]\.\.['"`],\s*){5,}/, why: 'a relative path climbing out of the repository' },
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

test('no file under test/ names a path outside the repository', () => {
  const self = relative(repositoryRoot, new URL(import.meta.url).pathname);
  const found: string[] = [];
  for (const file of files(join(repositoryRoot, 'test'))) {
    const rel = relative(repositoryRoot, file);
    if (rel === self || !/\.(ts|mts|mjs|js|json|ya?ml|md|hcl|tf)$/.test(file)) continue;
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      for (const { pattern, why } of OUTSIDE) if (pattern.test(line)) found.push(`${rel}:${i + 1}: ${why}`);
    });
  }
  assert.deepEqual(found, []);
});
