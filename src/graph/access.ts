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
  // The engine's stand-in for identity policies no input holds (an unlisted account's principals)
  // points at no file: the statement that names them, in a resource or key policy, is the grant to show.
  // Its notes on the request (an account it had to assume) are no statement at all and name no source.
  // So among the Allows, written statements come first, then identity before resource policies:
  // one pass, asked for every reader.
  let first: IamReason | undefined;
  let identity: IamReason | undefined;
  let resource: IamReason | undefined;
  let firstWritten: IamReason | undefined;
  let writtenIdentity: IamReason | undefined;
  let writtenResource: IamReason | undefined;
  for (const r of decision.reasons) {
    if (r.effect !== 'Allow') continue;
    first ??= r;
    if (r.policyType === 'identity') identity ??= r;
    else if (r.policyType === 'resource') resource ??= r;
    if (r.source === undefined || r.source.file.startsWith('secret-scan:')) continue;
    firstWritten ??= r;
    if (r.policyType === 'identity') writtenIdentity ??= r;
    else if (r.policyType === 'resource') writtenResource ??= r;
  }
  return firstWritten !== undefined ? writtenIdentity ?? writtenResource ?? firstWritten : identity ?? resource ?? first;
}

/** One line naming the statement (`allow`, found by `decidingAllow`) and any condition that could not be decided. */
export function describeDecision(action: string, decision: IamDecision, allow: IamReason | undefined = decidingAllow(decision)): string {
  // Joined, not concatenated: a join writes one flat string, where `+` and template literals leave
  // a tree of pieces that, kept on tens of thousands of steps, held 30 MB more at 3× org scale.
  const parts = [action, ' allowed by ', allow ? describeReason(allow) : 'policy'];
  let first = true;
  for (const r of decision.reasons) {
    for (const u of r.undecided) {
      parts.push(first ? '; conditional: ' : '; ', r.effect, ' ', describeReason(r), ' if ', u.operator, ' ', u.key, ' ', JSON.stringify(u.values), ' (', u.why, ')');
      first = false;
    }
  }
  return parts.join('');
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
