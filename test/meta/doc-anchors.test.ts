import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repositoryRoot } from '../support/case-table.js';

// Code comments and the README cite docs/semantics.md by anchor (`#iam-read`); an anchor that is renamed or
// dropped would leave them pointing nowhere. Every cited anchor must exist in the page.
const page = readFileSync(join(repositoryRoot, 'docs', 'semantics.md'), 'utf8');
const anchors = new Set([...page.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

test('docs/semantics.md declares its stable anchors', () => {
  for (const id of ['secrets', 'principals', 'edges', 'iam-read', 'conditions', 'assume-role', 'pass-role', 'ecs', 'vault-login', 'vault-policy', 'chains', 'conditional', 'status', 'unknowns', 'missing-policies', 'managed-policies', 'symbolic-unknowns', 'identities', 'who-is-asked']) {
    assert.ok(anchors.has(id), `missing anchor ${id}`);
  }
});

test('every anchor of docs/semantics.md cited in src/, test/, docs/ and the README exists', () => {
  const sources = [...files(join(repositoryRoot, 'src')), ...files(join(repositoryRoot, 'test')), ...files(join(repositoryRoot, 'docs')), join(repositoryRoot, 'README.md')]
    .filter((f) => /\.(ts|md|yaml)$/.test(f));
  const broken: string[] = [];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    const inPage = file.endsWith(join('docs', 'semantics.md'));
    const pattern = inPage ? /\]\(#([a-z0-9-]+)\)/g : /semantics\.md#([a-z0-9-]+)/g;
    for (const m of text.matchAll(pattern)) if (!anchors.has(m[1] ?? '')) broken.push(`${relative(repositoryRoot, file)}: #${m[1]}`);
  }
  assert.deepEqual(broken, []);
});

// A user of the repository has no SPEC: comments and the README cite docs/semantics.md, the README
// or the AWS/Vault documentation instead.
test('no comment in src/ and no line of the README cites a SPEC section', () => {
  const cited: string[] = [];
  for (const file of [...files(join(repositoryRoot, 'src')).filter((f) => f.endsWith('.ts')), join(repositoryRoot, 'README.md')]) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/\bSPEC\b/.test(line)) cited.push(`${relative(repositoryRoot, file)}:${i + 1}`);
    });
  }
  assert.deepEqual(cited, []);
});
