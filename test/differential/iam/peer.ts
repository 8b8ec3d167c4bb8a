// Adapter to @cloud-copilot/iam-simulate (AGPL devDependency, used only as a black-box peer in
// tests and benchmarks; none of its code is copied). Maps our request and policy set to its
// Simulation shape and its result to our decision kinds.
import { anonymousPrincipal, runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { IamDecisionKind, IamRequest } from '../../../src/model/iam.js';
import type { IamPolicySetInput } from '../../../src/engine/iam/index.js';
import { accountOfArn, describePrincipal } from '../../../src/engine/iam/index.js';

type Doc = unknown;

function docOf(p: unknown): Doc {
  // Plain documents are used as they are; IamPolicy wrappers carry the document inside.
  if (p && typeof p === 'object' && 'document' in (p as Record<string, unknown>) && 'id' in (p as Record<string, unknown>)) {
    return (p as { document: unknown }).document;
  }
  return p;
}

/** Builds the peer's Simulation; undefined when the peer cannot express the input (unknown identity). */
export function toSimulation(request: IamRequest, policies: IamPolicySetInput): Simulation | undefined {
  if (policies.identity === 'unknown') return undefined;
  // SCPs whose placement is unknown, and levels that may hold SCPs the inputs do not show, have no counterpart in the peer.
  if ((policies.possibleScps ?? []).length > 0) return undefined;
  if ((policies.scps ?? []).some((l) => l !== null && typeof l === 'object' && (l as { incomplete?: boolean }).incomplete === true)) return undefined;
  const context: Record<string, string | string[]> = {};
  // The peer does not derive principal keys from the ARN; hand it the values our engine derives.
  const who = describePrincipal(request.principal);
  const absent = new Set((request.absentKeys ?? []).map((k) => k.toLowerCase()));
  if (who.kind !== 'anonymous' && who.principalArn && !absent.has('aws:principalarn')) context['aws:PrincipalArn'] = who.principalArn;
  if (who.kind !== 'anonymous' && who.account && !absent.has('aws:principalaccount')) context['aws:PrincipalAccount'] = who.account;
  if (who.kind === 'user' && who.userName && !absent.has('aws:username')) context['aws:username'] = who.userName;
  const resourceAccount = request.resourceAccount ?? accountOfArn(request.resource);
  if (resourceAccount && !absent.has('aws:resourceaccount')) context['aws:ResourceAccount'] = resourceAccount;
  for (const [k, v] of Object.entries(request.context ?? {})) context[k] = Array.isArray(v) ? v.map(String) : String(v);
  const sim: Simulation = {
    request: {
      principal: request.principal === '*' ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? accountOfArn(request.resource) ?? '' },
      contextVariables: context,
    },
    identityPolicies: request.principal === '*' ? [] : policies.identity.map((p, i) => ({ name: `identity${i}`, policy: docOf(p) })),
    serviceControlPolicies: request.principal === '*' ? [] : (policies.scps ?? []).map((p, i) => {
      // A level lists its policies; a bare policy is a level of its own.
      const level = p && typeof p === 'object' && Array.isArray((p as { policies?: unknown }).policies) ? p as { target?: string; policies: unknown[] } : undefined;
      return level
        ? { orgIdentifier: level.target ?? `ou-${i}`, policies: level.policies.map((q, j) => ({ name: `scp${i}-${j}`, policy: docOf(q) })) }
        : { orgIdentifier: `ou-${i}`, policies: [{ name: `scp${i}`, policy: docOf(p) }] };
    }),
    resourceControlPolicies: [],
  };
  if (policies.resource) sim.resourcePolicy = docOf(policies.resource);
  if (policies.permissionBoundary && request.principal !== '*') sim.permissionBoundaryPolicies = [{ name: 'boundary', policy: docOf(policies.permissionBoundary) }];
  return sim;
}

const MAP: Record<string, IamDecisionKind> = { Allowed: 'Allow', ImplicitlyDenied: 'ImplicitDeny', ExplicitlyDenied: 'ExplicitDeny' };

/** Runs the peer through its public, validating entry point; `error` carries its message. */
export async function runPeerChecked(sim: Simulation, discovery = false): Promise<{ decision: IamDecisionKind | 'error'; error?: string }> {
  try {
    const r = await runSimulation(sim, discovery ? { simulationMode: 'Discovery' } : {});
    if (r.resultType === 'error') return { decision: 'error', error: JSON.stringify(r.errors).slice(0, 300) };
    return { decision: MAP[r.overallResult] ?? 'error' };
  } catch (e) {
    return { decision: 'error', error: (e as Error).message };
  }
}

/**
 * Runs the peer synchronously (its unsafe entry point skips input validation). `discovery` asks it
 * to treat missing context keys as unknown, which is how our conditional answers compare.
 */
export function runPeer(sim: Simulation, discovery = false): IamDecisionKind | 'error' {
  try {
    const r = runUnsafeSimulation(sim, discovery ? { simulationMode: 'Discovery' } : {});
    return MAP[r as string] ?? 'error';
  } catch {
    return 'error';
  }
}
