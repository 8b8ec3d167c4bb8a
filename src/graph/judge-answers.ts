import type { Reader, ReaderRole, SecretReader, SecretStatus } from '../model/report.js';
import { mayStandFor } from '../model/unknowns.js';
import type { SecretAnswer } from './build-graph.js';
import type { SecretTarget } from './secret-targets.js';

/** A secret's answer judged against the manifest's intent: the secret's status and each reader's role. */
export interface JudgedAnswer {
  target: SecretTarget;
  /** The graph's readers, in its order, each with its role. */
  readers: SecretReader[];
  status: SecretStatus;
}

/**
 * The step between the graph and the rules: who *should* read each secret (its owners, the
 * manifest's `trusted`) set against who *can* (the graph's readers). Rules and reports read the
 * roles and statuses decided here, so "unintended" has one definition. Pure.
 */
export function judgeAnswers(answers: readonly SecretAnswer[], trusted: readonly string[]): JudgedAnswer[] {
  const trustedSet = new Set(trusted);
  return answers.map(({ target, readers }) => {
    const owners = new Set(target.owners);
    // One literal in the report's key order (not a spread plus a field: see graph/access.ts `placeStep`).
    const judged = readers.map(({ principal, conditional, via }) => ({ principal, role: readerRole(principal, owners, trustedSet), conditional, via }));
    return { target, readers: judged, status: secretStatus(target.owners, judged) };
  });
}

/**
 * A reader's role (README "Reports"): an owner is an owner even when trusted too; without owners
 * no intent is declared, so no reader of the secret is judged unintended (SS010 reports it instead).
 */
export function readerRole(principal: string, owners: ReadonlySet<string>, trusted: ReadonlySet<string>): ReaderRole {
  if (owners.has(principal)) return 'owner';
  if (trusted.has(principal)) return 'trusted';
  return owners.size === 0 ? 'undeclared' : 'unintended';
}

/**
 * Whether an owner can read: it is a reader itself, or an abstract reader covers it — `*`, the
 * root of its own account (e.g. a Vault ec2 role bound only by account admits every principal of
 * that account), or a live-mode gap's symbolic reader that may be it (`mayStandFor`: whoever logs
 * in through an unread Vault role, the task role of an unseen task definition), so "the owner
 * cannot read it" would be false, or at least unknown.
 */
export function ownerReads(owner: string, readers: readonly Reader[]): boolean {
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(owner)?.[1];
  return readers.some((r) => r.principal === owner || r.principal === '*' || (account !== undefined && r.principal === `arn:aws:iam::${account}:root`) || mayStandFor(r.principal, owner));
}

/**
 * Status of one secret: `unowned` without owners; `overexposed` when a reader is unintended (it
 * wins over unreachable); `unreachable` when an owner cannot read it; else `ok`. A conditional
 * reader is a reader, for both counts.
 */
function secretStatus(owners: readonly string[], readers: readonly SecretReader[]): SecretStatus {
  if (owners.length === 0) return 'unowned';
  if (readers.some((r) => r.role === 'unintended')) return 'overexposed';
  if (owners.some((o) => !ownerReads(o, readers))) return 'unreachable';
  return 'ok';
}
