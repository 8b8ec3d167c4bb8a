// The package as a user gets it: `npm pack`, the tarball unpacked into a temporary project's
// node_modules, then the CLI, `import`, `require()` and the type declarations used from there.
// Offline and without a registry: the project gets only the package's production dependencies,
// linked from this repository's node_modules (`npm ls --omit=dev`), so a file the tarball lacks or a
// type imported from a devDependency fails here. Needs `npm run build` first (npm test does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { repoRoot } from './cli-runner.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('the packed tarball installs into a fresh project; its CLI, import, require() and types work there', { timeout: 300_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'secret-scan-package-'));
  try {
    execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: repoRoot, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const project = join(work, 'project');
    const installed = join(project, 'node_modules', 'secret-scan');
    mkdirSync(installed, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { 'secret-scan': `file:${tarball}` } }));
    execFileSync('tar', ['xzf', join(work, tarball), '-C', installed, '--strip-components=1']);
    for (const dependency of productionDependencies()) {
      const target = join(project, 'node_modules', dependency);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(join(repoRoot, 'node_modules', dependency), target, 'dir');
    }
    for (const file of ['LICENSE', 'README.md', 'fixtures/seed-000-approle-s3-role-id-broken/secret-scan.yaml']) {
      assert.ok(readdirSync(join(installed, file, '..')).includes(file.split('/').pop() ?? ''), `${file} is shipped`);
    }

    // The README's first example, run from the installed package.
    const cli = spawnSync(process.execPath, [join(installed, 'dist/src/cli/main.js'), 'fixtures/seed-000-approle-s3-role-id-broken', '--format', 'json'], { cwd: installed, encoding: 'utf8' });
    assert.equal(cli.status, 1, cli.stderr);
    assert.ok((JSON.parse(cli.stdout) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'SS001'));

    const example = join(installed, 'fixtures/seed-000-approle-s3-role-id-broken');
    writeFileSync(join(project, 'use.mjs'), `import { scan, evaluateVaultRequest } from 'secret-scan';
const report = await scan({ paths: [${JSON.stringify(example)}] });
const d = evaluateVaultRequest({ policies: { p: 'path "secret/x" { capabilities = ["read"] }' }, request: { path: 'secret/x', operation: 'read' } });
console.log(report.secrets.length > 0, d.allowed);
`);
    assert.equal(execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' }).trim(), 'true true');
    writeFileSync(join(project, 'use.cjs'), `const api = require('secret-scan');
api.scan({ paths: [${JSON.stringify(example)}] }).then(async (report) => {
  await api.ready();
  const d = api.evaluateVaultRequest({ policies: { p: 'path "secret/x" { capabilities = ["read"] }' }, request: { path: 'secret/x', operation: 'read' } });
  console.log(report.secrets.length > 0, d.allowed);
});
`);
    assert.equal(execFileSync(process.execPath, ['use.cjs'], { cwd: project, encoding: 'utf8' }).trim(), 'true true');

    // The declarations type-check for a user who has only the package and its dependencies.
    writeFileSync(join(project, 'use.mts'), `import { scan, type Report } from 'secret-scan';\nexport const r: Promise<Report> = scan({ paths: ['.'] });\n`);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, noEmit: true, types: [] }, files: ['use.mts'] }));
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

/** The package's production dependencies, direct and transitive, as folders below node_modules. */
function productionDependencies(): string[] {
  const listed = spawnSync(npm, ['ls', '--omit=dev', '--parseable', '--all'], { cwd: repoRoot, encoding: 'utf8' }).stdout;
  const top = new Set<string>();
  for (const line of listed.split('\n')) {
    const rel = relative(join(repoRoot, 'node_modules'), line.trim());
    if (line.trim() === '' || rel.startsWith('..') || rel === '') continue;
    const parts = rel.split(sep);
    top.add(parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0] ?? '');
  }
  return [...top].filter((d) => d !== '').sort();
}
