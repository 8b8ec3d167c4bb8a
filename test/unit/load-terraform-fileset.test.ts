// Terraform's fileset(path, pattern): the regular files below `path` whose path relative to it
// matches the pattern, in lexical order, `/`-separated
// (https://developer.hashicorp.com/terraform/language/functions/fileset).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initHclParser } from '../../src/load/files/hcl/parse-hcl.js';
import { filesetPattern } from '../../src/load/files/terraform/fileset-pattern.js';
import { evaluateTerraformFiles } from '../../src/load/files/terraform/terraform-loader.js';
import type { RepositoryFiles } from '../../src/load/files/file-loader.js';

before(async () => { await initHclParser(); });

describe('filesetPattern: the documented pattern syntax', () => {
  const FILES = ['a.hcl', 'b.yaml', 'c.yml', '.hidden.hcl', 'files/hello.txt', 'files/world.txt', 'files/other.txt', 'files/sub/deep.txt', 'x/y/z/deep.yaml', 'star*.txt'];
  const matching = (pattern: string): string[] | undefined => {
    const re = filesetPattern(pattern);
    return re ? FILES.filter((f) => re.test(f)).sort() : undefined;
  };
  const cases: [string, string[] | undefined][] = [
    // The documentation's own examples.
    ['files/*.txt', ['files/hello.txt', 'files/other.txt', 'files/world.txt']],
    ['files/{hello,world}.txt', ['files/hello.txt', 'files/world.txt']],
    // `*` and `?` never cross a directory; a leading dot is an ordinary character.
    ['*', ['.hidden.hcl', 'a.hcl', 'b.yaml', 'c.yml', 'star*.txt']],
    ['*.hcl', ['.hidden.hcl', 'a.hcl']],
    ['?.hcl', ['a.hcl']],
    ['files/?????.txt', ['files/hello.txt', 'files/other.txt', 'files/world.txt']],
    // `**` as a whole component: any number of directories, none included.
    ['**', [...FILES].sort()],
    ['**/*.yaml', ['b.yaml', 'x/y/z/deep.yaml']],
    ['files/**/*.txt', ['files/hello.txt', 'files/other.txt', 'files/sub/deep.txt', 'files/world.txt']],
    ['files/**', ['files/hello.txt', 'files/other.txt', 'files/sub/deep.txt', 'files/world.txt']],
    // Inside a component `**` is `*` (the documentation: "/path** … the same as /path*").
    ['files/w**.txt', ['files/world.txt']],
    // Alternatives are patterns themselves.
    ['*.{yml,yaml}', ['b.yaml', 'c.yml']],
    ['{files/h*,x/**/*}', ['files/hello.txt', 'x/y/z/deep.yaml']],
    // Classes: sets, ranges, negation; never the separator.
    ['[ab].*', ['a.hcl', 'b.yaml']],
    ['[a-b].*', ['a.hcl', 'b.yaml']],
    ['[^ab].*', ['c.yml']],
    ['[!ab].*', ['c.yml']],
    ['files[/]hello.txt', []],
    // A backslash takes the next character as it is.
    ['star\\*.txt', ['star*.txt']],
    // Patterns Terraform refuses: fileset cannot be evaluated.
    ['[ab', undefined],
    ['{a,b', undefined],
    ['a\\', undefined],
    ['[b-a]*', undefined],
  ];
  for (const [pattern, expected] of cases) {
    test(`${JSON.stringify(pattern)} → ${expected === undefined ? 'refused' : JSON.stringify(expected)}`, () => {
      assert.deepEqual(matching(pattern), expected);
    });
  }
});

/** A repository holding `files` (directory → the files below it, relative, sorted). */
function repository(listing: Record<string, string[]>, texts: Record<string, string> = {}): RepositoryFiles & { listed: string[] } {
  const listed: string[] = [];
  return {
    listed,
    readText: (path) => texts[path],
    readDirectory: () => undefined,
    listFiles: (path) => { listed.push(path); return listing[path]; },
  };
}

const POLICIES_FOR_EACH = `resource "vault_policy" "p" {
  for_each = fileset("\${path.module}/policies", "*.hcl")
  name     = trimsuffix(each.value, ".hcl")
  policy   = file("\${path.module}/policies/\${each.value}")
}
`;

describe('fileset in a configuration', () => {
  const context = { region: 'eu-west-1', defaultAccount: '111122223333' };
  const rule = (path: string): string => `path "${path}" {\n  capabilities = ["read"]\n}\n`;

  test('for_each over fileset makes one instance per matching file, named from it, its text read with file()', () => {
    const repo = repository({ 'vault/policies': ['app.hcl', 'old/app.hcl', 'ops.hcl', 'README.md'] }, { 'vault/policies/app.hcl': rule('secret/data/app/*'), 'vault/policies/ops.hcl': rule('secret/data/*') });
    const { resources, issues } = evaluateTerraformFiles([{ path: 'vault/main.tf', text: POLICIES_FOR_EACH }], context, repo);
    assert.deepEqual(repo.listed, ['vault/policies']);
    assert.deepEqual(resources.map((r) => [r.address, r.values['name'], r.values['policy']]), [
      ['vault_policy.p["app.hcl"]', 'app', rule('secret/data/app/*')],
      ['vault_policy.p["ops.hcl"]', 'ops', rule('secret/data/*')],
    ]);
    assert.deepEqual(issues, []);
  });

  test('paths are relative to the working directory: a module\'s path.module is its directory from the root', () => {
    const repo = repository({ 'modules/vault/policies': ['app.hcl'] }, { 'modules/vault/policies/app.hcl': rule('secret/data/app/*') });
    const files = [
      { path: 'main.tf', text: 'module "vault" {\n  source = "./modules/vault"\n}\n' },
      { path: 'modules/vault/main.tf', text: POLICIES_FOR_EACH },
    ];
    const { resources } = evaluateTerraformFiles(files, context, repo);
    assert.deepEqual(repo.listed, ['modules/vault/policies']);
    assert.deepEqual(resources.map((r) => r.address), ['module.vault.vault_policy.p["app.hcl"]']);
  });

  // A wrong "no policy" would hide what the files grant: a directory the scan cannot list leaves the
  // set unknown (one stand-in instance, SS011), never empty.
  test('a directory that cannot be listed leaves the set unknown, said where fileset is called', () => {
    for (const repo of [repository({}), undefined]) {
      const { resources, issues } = evaluateTerraformFiles([{ path: 'main.tf', text: POLICIES_FOR_EACH }], context, repo);
      assert.equal(resources.length, 1);
      assert.match(resources[0]?.address ?? '', /^vault_policy\.p\[/);
      const forEach = issues.find((i) => /for_each = fileset/.test(i.message));
      assert.equal(forEach?.code, 'unresolvedExpression');
      assert.equal(forEach?.source.line, 2);
    }
  });

  test('an unknown pattern, or one Terraform refuses, leaves the set unknown, never empty', () => {
    for (const pattern of ['var.pattern', '"[x"']) {
      const text = `variable "pattern" {\n  type = string\n}\nresource "vault_policy" "p" {\n  for_each = fileset(".", ${pattern})\n  name     = each.value\n  policy   = "path \\"x\\" {\\n  capabilities = [\\"read\\"]\\n}\\n"\n}\n`;
      const { resources, issues } = evaluateTerraformFiles([{ path: 'main.tf', text }], context, repository({ '.': ['x.hcl'] }));
      assert.equal(resources.length, 1, pattern);
      assert.match(resources[0]?.address ?? '', /^vault_policy\.p\[/, pattern);
      assert.ok(issues.some((i) => i.code === 'unresolvedExpression' && i.source.line === 5 && /for_each = fileset/.test(i.message)), issues.map((i) => i.message).join('\n'));
    }
  });
});
