import type { IamPrincipal, InventoryFragment } from '../../../model/inventory.js';
import { symbolicHolder } from '../../../model/unknowns.js';
import { isUnknown } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import { policyFromValue } from './policy-from-value.js';
import type { TerraformResourceInput, TfValue } from './terraform-resource.js';

// A managed policy's ARN, customer managed or AWS managed (`arn:aws:iam::aws:policy/…`).
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::[^:]*:policy\//;

/** What one argument of an unread module call hands over: managed policies by ARN, and policy documents. */
interface HandedGrants {
  policyArns: Set<string>;
  documents: { attribute: string; value: TfValue }[];
}

/**
 * A module the scan cannot read (a registry or git source) still receives what its caller hands
 * it. A policy handed over (`role_policy_arns = { x = aws_iam_policy.x.arn }`, `policy_json =
 * data.aws_iam_policy_document.x.json`) is there to be attached to something the module creates,
 * most often a role: so one role the inputs cannot name, `unknown:module.NAME`, holds it, and its
 * reads are conditional (docs/semantics.md#symbolic-unknowns). Dropping the policy with the module
 * would report the secrets it grants as unread. The module call itself is already an SS011.
 */
export function mapUnreadModules(calls: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const principals: IamPrincipal[] = [];
  for (const call of calls) {
    const handed: HandedGrants = { policyArns: new Set(), documents: [] };
    for (const [attribute, value] of Object.entries(call.values)) collect(value, attribute, state, handed, true);
    if (handed.policyArns.size === 0 && handed.documents.length === 0) continue;
    const holder = symbolicHolder('role', `${call.address} (module not loaded)`, state.account(call), call.source);
    holder.attachedPolicyArns = [...handed.policyArns].sort();
    for (const { attribute, value } of handed.documents) {
      const policy = policyFromValue(state, call, attribute, value, `${holder.arn} ${attribute}`, 'identity');
      if (policy) holder.inlinePolicies.push(policy);
    }
    principals.push(holder);
  }
  return { principals };
}

/** Walks one argument; `top` says whether `value` is the attribute itself (a document there keeps its statement places). */
function collect(value: TfValue | undefined, attribute: string, state: MappingState, handed: HandedGrants, top: boolean): void {
  if (value === undefined || value === null) return;
  const resolved = isUnknown(value) ? state.resolve(value, 'join') : value;
  if (typeof resolved === 'string') {
    if (MANAGED_POLICY_ARN.test(resolved)) handed.policyArns.add(resolved);
    else if (/^\s*\{/.test(resolved) && /"Statement"/.test(resolved)) handed.documents.push({ attribute, value: top ? value : resolved });
    return;
  }
  if (resolved === undefined || resolved === null || typeof resolved !== 'object' || isUnknown(resolved)) return;
  if (Array.isArray(resolved)) {
    for (const item of resolved) collect(item, attribute, state, handed, false);
    return;
  }
  if ('Statement' in resolved) {
    handed.documents.push({ attribute, value: top ? value : resolved });
    return;
  }
  for (const item of Object.values(resolved)) collect(item, attribute, state, handed, false);
}
