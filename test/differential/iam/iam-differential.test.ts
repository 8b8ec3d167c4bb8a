// Differential tests against @cloud-copilot/iam-simulate, plus a property test of the direction
// of doubt. Every disagreement must be recorded (and explained) in DISAGREEMENTS.md as a heading
// `### <table file> | <case name>` or `### random | <label>`; a new one fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { evaluateIamRequest } from '../../../src/engine/iam/index.js';
import type { IamRequest } from '../../../src/model/iam.js';
import { loadIamCases } from '../../cases/iam/load-cases.js';
import { caseArb } from './arbitraries.js';
import { runPeerChecked, toSimulation } from './peer.js';

const here = dirname(fileURLToPath(import.meta.url));

function recorded(): Set<string> {
  const text = readFileSync(join(here, 'DISAGREEMENTS.md'), 'utf8');
  return new Set([...text.matchAll(/^### (.+)$/gm)].map((m) => (m[1] as string).trim()));
}

test('table cases and random policies agree with iam-simulate except where recorded', async () => {
  const found = new Set<string>();
  let compared = 0;
  for (const c of loadIamCases()) {
    const sim = toSimulation(c.request, c.policies);
    if (!sim) continue; // identity 'unknown' has no counterpart in the peer
    const ours = evaluateIamRequest({ request: c.request, policies: c.policies });
    // A conditional answer of ours is compared with the peer's Discovery mode (unknown keys may hold).
    const peer = await runPeerChecked(sim, ours.conditional);
    compared++;
    if (peer.decision !== ours.decision) found.add(`${c.file} | ${c.name}`);
  }
  assert.ok(compared >= 150, `compared only ${compared} table cases`);

  // Random well-formed policies with every context key given: both engines must decide alike.
  const samples = fc.sample(caseArb, { numRuns: 300, seed: 20240601 });
  let allows = 0;
  for (const [i, s] of samples.entries()) {
    const ours = evaluateIamRequest(s);
    const peer = await runPeerChecked(toSimulation(s.request, s.policies)!, false);
    if (ours.decision === 'Allow') allows++;
    if (ours.conditional) found.add(`random | our answer is conditional in sample ${i}`);
    else if (peer.decision !== ours.decision) found.add(`random | sample ${i}: ours ${ours.decision}, peer ${peer.decision}`);
  }
  assert.ok(allows >= 20, `random samples too rarely allow (${allows}); the generator lost its teeth`);

  assert.deepEqual([...found].sort(), [...recorded()].sort());
});

test('doubt only widens: hiding a context key never turns an Allow into a deny', () => {
  fc.assert(
    fc.property(caseArb, fc.nat(), (s, pick) => {
      const keys = Object.keys(s.request.context ?? {});
      const hidden = keys[pick % keys.length] as string;
      const context = { ...s.request.context };
      delete context[hidden];
      const partialRequest: IamRequest = { ...s.request, context };
      const full = evaluateIamRequest(s);
      const partial = evaluateIamRequest({ request: partialRequest, policies: s.policies });
      if (full.decision === 'Allow') assert.equal(partial.decision, 'Allow', `hiding ${hidden} removed access`);
      if (partial.decision === 'ExplicitDeny') assert.equal(full.decision, 'ExplicitDeny');
      if (partial.decision === 'Allow' && !partial.conditional) assert.equal(full.decision, 'Allow');
      if (partial.decision === 'Allow' && partial.conditional && partial.reasons.every((r) => r.undecided.length === 0)) {
        assert.fail('a conditional answer must show an undecided condition');
      }
    }),
    { numRuns: 300, seed: 7 },
  );
});
