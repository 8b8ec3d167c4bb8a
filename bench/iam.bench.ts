// IAM engine throughput against @cloud-copilot/iam-simulate on the same inputs, in the same run.
// Run alone with `npx tsx bench/iam.bench.ts`; `runIamBench()` serves a combined bench runner.
import { pathToFileURL } from 'node:url';
import { runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { compileIamPolicySet, evaluateCompiledIamRequest, evaluateIamRequest, type IamPolicySetInput } from '../src/engine/iam/index.js';
import type { IamRequest } from '../src/model/iam.js';
import type { JsonObject } from '../src/model/source.js';
import { toSimulation } from '../test/differential/iam/peer.js';

import type { BenchResult } from './bench-result.js';
export type { BenchResult };

const A = '111122223333';

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns calls per second. */
function rate(fn: () => void, ms = 400): number {
  for (let i = 0; i < 200; i++) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

function peerRate(sims: Simulation[], ms = 400): number {
  let i = 0;
  return rate(() => { runUnsafeSimulation(sims[i++ % sims.length] as Simulation, {}); }, ms);
}

function simpleCase(): { request: IamRequest; policies: IamPolicySetInput } {
  return {
    request: { principal: `arn:aws:iam::${A}:role/app`, action: 'ssm:GetParameter', resource: `arn:aws:ssm:eu-west-1:${A}:parameter/prod/db`, resourceAccount: A },
    policies: { identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:eu-west-1:${A}:parameter/prod/*` }] }] },
  };
}

/** 50 statements across two policies: wildcards in actions and resources, most with conditions. */
function fiftyStatementCase(): { request: IamRequest; policies: IamPolicySetInput } {
  const statements: JsonObject[] = [];
  for (let i = 0; i < 50; i++) {
    const st: JsonObject = {
      Sid: `S${i}`,
      Effect: i % 10 === 9 ? 'Deny' : 'Allow',
      Action: i % 3 === 0 ? ['ssm:Get*', 's3:GetObject'] : i % 3 === 1 ? ['ssm:GetParameter?', 'kms:Decrypt'] : ['secretsmanager:*', 'ssm:*Parameter*'],
      Resource: [`arn:aws:ssm:eu-west-1:${A}:parameter/team${i}/*`, `arn:aws:ssm:*:${A}:parameter/prod/*/db${i % 7}`],
    };
    if (i % 2 === 0) st['Condition'] = { StringEquals: { 'aws:PrincipalTag/team': [`t${i}`, 'ledger'] }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } };
    else if (i % 5 === 1) st['Condition'] = { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team*', 'env'] }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    statements.push(st);
  }
  return {
    request: {
      principal: `arn:aws:iam::${A}:role/app`, action: 'ssm:GetParameter', resource: `arn:aws:ssm:eu-west-1:${A}:parameter/prod/app/db3`, resourceAccount: A,
      context: { 'aws:PrincipalTag/team': 'ledger', 'aws:SourceIp': '10.1.2.3', 'aws:TagKeys': ['team', 'cost'], 'aws:MultiFactorAuthPresent': 'true' },
    },
    policies: { identity: [{ Version: '2012-10-17', Statement: statements.slice(0, 25) }, { Version: '2012-10-17', Statement: statements.slice(25) }] },
  };
}

/** 1,000 principals, each with its own policy of 5 statements, against 100 parameters. */
function matrix(): { principals: { arn: string; policies: IamPolicySetInput }[]; resources: string[] } {
  const principals = Array.from({ length: 1000 }, (_, p) => ({
    arn: `arn:aws:iam::${A}:role/svc-${p}`,
    policies: {
      identity: [{
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ssm:GetParameter*', Resource: `arn:aws:ssm:eu-west-1:${A}:parameter/svc-${p % 100}/*` },
          { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' },
          { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${p}/*` },
          { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:*:${A}:parameter/shared/*`, Condition: { StringEquals: { 'aws:PrincipalTag/tier': 'gold' } } },
          { Effect: 'Deny', Action: 'ssm:*', Resource: `arn:aws:ssm:eu-west-1:${A}:parameter/svc-${(p + 1) % 100}/*` },
        ],
      }],
    } as IamPolicySetInput,
  }));
  const resources = Array.from({ length: 100 }, (_, r) => (r % 10 === 0 ? `arn:aws:ssm:eu-west-1:${A}:parameter/shared/p${r}` : `arn:aws:ssm:eu-west-1:${A}:parameter/svc-${r}/db`));
  return { principals, resources };
}

/** Measures the three workloads (plus the uncompiled simple case) for both engines. */
export async function runIamBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const unit = 'decisions/s';

  const simple = simpleCase();
  const simpleSet = compileIamPolicySet(simple.policies);
  const simpleSim = toSimulation(simple.request, simple.policies) as Simulation;
  const peerSimple = peerRate([simpleSim]);
  results.push({ name: '(a) one simple allow, compiled', ours: rate(() => { evaluateCompiledIamRequest(simple.request, simpleSet); }), peer: peerSimple, unit });
  results.push({ name: '(a) one simple allow, compile+evaluate', ours: rate(() => { evaluateIamRequest(simple); }), peer: peerSimple, unit });

  const fifty = fiftyStatementCase();
  const fiftySet = compileIamPolicySet(fifty.policies);
  const fiftySim = toSimulation(fifty.request, fifty.policies) as Simulation;
  const peerFifty = peerRate([fiftySim]);
  results.push({ name: '(b) 50 statements, conditions, wildcards', ours: rate(() => { evaluateCompiledIamRequest(fifty.request, fiftySet); }), peer: peerFifty, unit });
  // One-shot: statements compile lazily (action first; resource, principal and conditions when reached).
  results.push({ name: '(b) 50 statements, compile+evaluate', ours: rate(() => { evaluateIamRequest(fifty); }), peer: peerFifty, unit });

  const { principals, resources } = matrix();
  const compiled = principals.map((p) => compileIamPolicySet(p.policies));
  const requests = principals.map((p) => resources.map((resource): IamRequest => ({ principal: p.arn, action: 'ssm:GetParameter', resource, resourceAccount: A })));
  let allowed = 0;
  let oursMatrix = 0;
  // One warm-up pass, then the best of three timed passes over all 100,000 decisions.
  for (let pass = 0; pass < 4; pass++) {
    allowed = 0;
    const start = performance.now();
    for (let p = 0; p < principals.length; p++) {
      const set = compiled[p]!;
      for (const req of requests[p]!) if (evaluateCompiledIamRequest(req, set).decision === 'Allow') allowed++;
    }
    if (pass > 0) oursMatrix = Math.max(oursMatrix, (principals.length * resources.length * 1000) / (performance.now() - start));
  }
  if (allowed === 0) throw new Error('matrix workload allowed nothing: the benchmark is not measuring real work');
  // The peer cannot precompile; a 1% sample (1,000 decisions) is timed and scaled to a rate.
  const sample: Simulation[] = [];
  for (let i = 0; i < 1000; i++) {
    const p = (i * 7919) % principals.length;
    const r = (i * 104729) % resources.length;
    sample.push(toSimulation(requests[p]![r]!, principals[p]!.policies) as Simulation);
  }
  for (const sim of sample.slice(0, 200)) runUnsafeSimulation(sim, {}); // warm-up
  const peerStart = performance.now();
  for (const sim of sample) runUnsafeSimulation(sim, {});
  const peerMatrix = (sample.length * 1000) / (performance.now() - peerStart);
  results.push({ name: '(c) 1,000 principals x 100 resources, compiled once', ours: oursMatrix, peer: peerMatrix, unit });
  return results;
}

function format(results: BenchResult[]): string {
  const rows = results.map((r) => [r.name, Math.round(r.ours).toLocaleString('en-US'), Math.round(r.peer).toLocaleString('en-US'), `${(r.ours / r.peer).toFixed(0)}x`]);
  const head = ['workload', `ours (${results[0]?.unit ?? ''})`, 'iam-simulate', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runIamBench().then((r) => console.log(format(r)), (e: unknown) => { console.error(e); process.exitCode = 1; });
}
