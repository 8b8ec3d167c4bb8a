import type { IamDecision, IamReason } from '../model/iam.js';
import type { ChainStep } from '../model/report.js';
import type { SourceRef } from '../model/source.js';

/** One way a principal reaches something, with the chain of grants that opens it. */
export interface Access {
  conditional: boolean;
  steps: ChainStep[];
}

/** Picks the better of two accesses: unconditional beats conditional, then the shorter chain. */
export function betterAccess(a: Access | undefined, b: Access | undefined): Access | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.conditional !== b.conditional) return a.conditional ? b : a;
  return b.steps.length < a.steps.length ? b : a;
}

/**
 * A step of a chain, placed between `from` and `to`, its fields in the report's order. Built as
 * one literal rather than `{ ...step, from, to }`: V8 gives every object made by a spread followed
 * by more fields a hidden class of its own, which for tens of thousands of steps cost megabytes
 * and slowed every later read of them.
 */
export function placeStep(step: Omit<ChainStep, 'from' | 'to'>, from: string, to: string): ChainStep {
  const { conditional, edge, source, detail } = step;
  if (conditional !== undefined && source !== undefined && detail !== undefined) return { conditional, edge, from, to, source, detail };
  // Fields left out stay absent (not present as undefined), added in the same order.
  const placed = {} as ChainStep;
  if (conditional !== undefined) placed.conditional = conditional;
  placed.edge = edge;
  placed.from = from;
  placed.to = to;
  if (source !== undefined) placed.source = source;
  if (detail !== undefined) placed.detail = detail;
  return placed;
}

/** Joins a chain that reaches an intermediate principal with the access that principal has. */
export function chainAccess(first: Access, then: Access): Access {
  // A principal reaching itself adds nothing: its own access is shared, not copied.
  if (first.steps.length === 0 && (!first.conditional || then.conditional)) return then;
  // concat sizes the array exactly; a spread into a literal left room for 17 steps in every chain.
  return { conditional: first.conditional || then.conditional, steps: first.steps.concat(then.steps) };
}

/** The statement that opened an allowed decision: the first Allow, preferring resource-policy grants that name the principal. */
export function decidingAllow(decision: IamDecision): IamReason | undefined {
  const allows = decision.reasons.filter((r) => r.effect === 'Allow');
  // The engine's stand-in for identity policies no input holds (an unlisted account's principals)
  // points at no file: the statement that names them, in a resource or key policy, is the grant to show.
  // Its notes on the request (an account it had to assume) are no statement at all and name no source.
  const written = allows.filter((r) => r.source !== undefined && !r.source.file.startsWith('secret-scan:'));
  const pool = written.length > 0 ? written : allows;
  return pool.find((r) => r.policyType === 'identity') ?? pool.find((r) => r.policyType === 'resource') ?? pool[0];
}

/** One line naming the statement and any condition that could not be decided. */
export function describeDecision(action: string, decision: IamDecision): string {
  const allow = decidingAllow(decision);
  const parts = [`${action} allowed by ${allow ? describeReason(allow) : 'policy'}`];
  const undecided = decision.reasons.flatMap((r) => r.undecided.map((u) => `${r.effect} ${describeReason(r)} if ${u.operator} ${u.key} ${JSON.stringify(u.values)} (${u.why})`));
  if (undecided.length > 0) parts.push(`conditional: ${undecided.join('; ')}`);
  return parts.join('; ');
}

export function describeReason(reason: IamReason): string {
  // The engine's stand-ins and notes (statement index -1) are not statements of any policy.
  if (reason.statementIndex < 0 && !reason.sid) return reason.policyId;
  const statement = reason.sid ? `statement "${reason.sid}"` : `statement #${reason.statementIndex + 1}`;
  return `${reason.policyId} ${statement}`;
}

export function reasonSource(reason: IamReason | undefined): SourceRef | undefined {
  return reason?.source;
}
