#!/usr/bin/env node
// Node 20's test runner does not expand globs, so collect test files here and hand them over.
// Usage: node scripts/run-tests.mjs [folder-or-file ...]   (default: test/)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['test'];
const files = [];
for (const root of roots) {
  if (statSync(root).isFile()) { files.push(root); continue; }
  for (const entry of readdirSync(root, { recursive: true })) {
    const path = join(root, String(entry));
    if (/\.test\.ts$/.test(path)) files.push(path);
  }
}
files.sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/init-hcl.ts', '--test', '--test-reporter', 'spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
