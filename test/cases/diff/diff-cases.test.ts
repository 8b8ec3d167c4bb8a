import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../../support/case-table.js';
import type { Report } from '../../../src/model/report.js';
import type { ChainStep } from '../../../src/model/report.js';
import { runBuiltCli } from '../../e2e/cli-runner.js';
import { buildPullRequestRepo, git } from '../../support/git-repo.js';

type Edit = string | { replace?: string[]; prepend?: string; swap?: [string, string] };
interface DiffCase {
  name: string;
  doc: string;
  head: Record<string, Edit>;
  expect: {
    secrets: { id: string; change: string; added?: string[]; removed?: string[]; changed?: string[] }[];
    newFindings: string[];
    summary: Record<string, number>;
  };
}
const table = loadCaseTable<{ base: Record<string, string>; cases: DiffCase[] }>(join(dirname(fileURLToPath(import.meta.url)), 'changes.yaml'));

const short = (text: string): string => text.replaceAll('arn:aws:iam::123456789012:', '');

/** `a -[edge]-> b -[edge]-> c`, `~>` for a conditional step. */
const chainWithEdges = (via: ChainStep[]): string => via.reduce((text, step) => `${text} -[${step.edge}]${step.conditional === true ? '~>' : '->'} ${step.to}`, via[0]?.from ?? '');

/** Applies a case's edit to a base file: new content, text replacements, a prefix, or two swapped blocks. */
function applyEdit(before: string | undefined, edit: Edit): string {
  if (typeof edit === 'string') return edit;
  let text = before ?? '';
  const [from, to] = edit.replace ?? [];
  if (from !== undefined && to !== undefined) {
    assert.ok(text.includes(from), `edit: ${from} not in the base file`);
    text = text.replaceAll(from, to);
  }
  if (edit.swap !== undefined) {
    const blocks = text.split('\n\n');
    const a = blocks.findIndex((block) => block.startsWith(edit.swap?.[0] ?? ''));
    const b = blocks.findIndex((block) => block.startsWith(edit.swap?.[1] ?? ''));
    assert.ok(a >= 0 && b >= 0, 'swap: block not found');
    [blocks[a], blocks[b]] = [blocks[b] ?? '', blocks[a] ?? ''];
    text = blocks.join('\n\n');
  }
  return (edit.prepend ?? '') + text;
}

/** The diff in the table's words. */
function project(report: Report): DiffCase['expect'] {
  const diff = report.diff;
  assert.ok(diff, 'the report has a diff section');
  const fingerprints = new Set(diff.findings.new);
  return {
    secrets: diff.secrets.map((secret) => {
      const entry: DiffCase['expect']['secrets'][number] = { id: secret.id, change: secret.change };
      if (secret.readersAdded.length > 0) entry.added = secret.readersAdded.map((r) => short(`${r.conditional ? '~' : ''}${r.principal}${r.unintended ? ' unintended' : ''} <- ${chainWithEdges(r.via)}`));
      if (secret.readersRemoved.length > 0) entry.removed = secret.readersRemoved.map((r) => short(`${r.conditional ? '~' : ''}${r.principal}`));
      if (secret.readersChanged.length > 0) entry.changed = secret.readersChanged.map((r) => short(`${r.principal} ${r.changed.join(',')}`));
      return entry;
    }),
    newFindings: report.findings.filter((f) => fingerprints.has(f.fingerprint))
      .map((f) => short([f.ruleId, ...(f.ruleId === 'SS008' ? [] : [f.secret, f.principal])].filter((part) => part !== undefined).join(' '))),
    summary: Object.fromEntries(Object.keys(table.cases[0]?.expect.summary ?? {}).map((key) => [key, diff.summary[key as keyof typeof diff.summary]])),
  };
}

describe('secret-scan diff --base: each kind of change, with the exact diff', () => {
  for (const entry of table.cases) {
    test(`${entry.name} (${entry.doc})`, () => {
      const head = Object.fromEntries(Object.entries(entry.head).map(([path, edit]) => [path, applyEdit(table.base[path], edit)]));
      const repo = buildPullRequestRepo(table.base, head);
      const run = runBuiltCli(['diff', '--base', 'main', '--format', 'json', '--fail-on', 'never'], repo.dir);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      const actual = project(report);
      actual.newFindings.sort();
      assert.deepEqual(actual, { ...entry.expect, newFindings: [...entry.expect.newFindings].sort() });
      assert.equal(report.diff?.base.commit, repo.baseSha);
      assert.equal(git(repo.dir, 'worktree', 'list').split('\n').length, 1, 'the base worktree is removed');
    });
  }
});
