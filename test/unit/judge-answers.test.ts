import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeAnswers } from '../../src/graph/judge-answers.js';
import type { SecretTarget } from '../../src/graph/secret-targets.js';
import type { ReaderRole, SecretStatus } from '../../src/model/report.js';

// README "Reports": status per secret and each reader's role, judged from owners and `trusted`.
const DOC = 'README.md#reports';
const role = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;

interface Case {
  name: string;
  owners: string[];
  trusted: string[];
  readers: string[];
  roles: ReaderRole[];
  status: SecretStatus;
}

const cases: Case[] = [
  { name: 'only the owner reads', owners: [role('app')], trusted: [], readers: [role('app')], roles: ['owner'], status: 'ok' },
  { name: 'a trusted reader besides the owner', owners: [role('app')], trusted: [role('admin')], readers: [role('admin'), role('app')], roles: ['trusted', 'owner'], status: 'ok' },
  { name: 'an owner that is trusted too stays an owner', owners: [role('app')], trusted: [role('app')], readers: [role('app')], roles: ['owner'], status: 'ok' },
  { name: 'anyone else is unintended and wins over unreachable', owners: [role('app')], trusted: [], readers: [role('ci')], roles: ['unintended'], status: 'overexposed' },
  { name: 'a symbolic reader is unintended', owners: [role('app')], trusted: [], readers: ['unknown:var.reader', role('app')], roles: ['unintended', 'owner'], status: 'overexposed' },
  { name: 'the owner cannot read', owners: [role('app')], trusted: [role('admin')], readers: [role('admin')], roles: ['trusted'], status: 'unreachable' },
  { name: "the owner's account root covers the owner", owners: [role('app')], trusted: ['arn:aws:iam::123456789012:root'], readers: ['arn:aws:iam::123456789012:root'], roles: ['trusted'], status: 'ok' },
  { name: 'no owners: nobody is judged', owners: [], trusted: [role('admin')], readers: [role('admin'), role('ci')], roles: ['trusted', 'undeclared'], status: 'unowned' },
];

for (const c of cases) {
  test(`judgeAnswers: ${c.name} (${DOC})`, () => {
    const target: SecretTarget = { id: 's', kind: 'ssm', resource: '/s', owners: c.owners, origin: 'manifest', source: { file: 'secret-scan.yaml' }, notes: [] };
    const readers = c.readers.map((principal) => ({ principal, conditional: false, via: [] }));
    const [judged] = judgeAnswers([{ target, readers }], c.trusted);
    assert.ok(judged);
    assert.deepEqual(judged.readers.map((r) => r.role), c.roles);
    assert.deepEqual(judged.readers.map((r) => r.principal), c.readers, 'readers keep the graph order');
    assert.equal(judged.status, c.status);
  });
}
