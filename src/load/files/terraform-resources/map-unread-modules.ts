import type { IamPrincipal, InventoryFragment } from '../../../model/inventory.js';
import { symbolicHolder } from '../../../model/unknowns.js';
import { isUnknown } from '../../unknown-value.js';
import type { MappingState } from './mapping-state.js';
import { policyFromValue } from './policy-from-value.js';
import type { TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';

// A managed policy's ARN, customer managed or AWS managed (`arn:aws:iam::aws:policy/…`).
const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::[^:]*:policy\//;
// A Secrets Manager secret's or a Parameter Store parameter's ARN (or the pattern of one).
const SECRET_ARN = /^arn:aws[a-z-]*:(secretsmanager:[^:]*:[^:]*:secret:|ssm:[^:]*:[^:]*:parameter\/)/;
// What reading each takes: what ECS, Lambda and External Secrets modules grant for the ARNs they are handed.
const READ_ACTIONS = { secretsmanager: ['secretsmanager:GetSecretValue'], ssm: ['ssm:GetParameter', 'ssm:GetParameters'] };

/** What one argument of an unread module call hands over: managed policies by ARN, policy documents, secrets by ARN. */
interface HandedGrants {
  policyArns: Set<string>;
  documents: { attribute: string; value: TfValue }[];
  secretArns: Map<string, Set<string>>;
  /** For a handed ARN that is a pattern (an unknown part): the expression left unknown. */
  unknownSecrets: Map<string, string>;
}

/**
 * A module the scan cannot read (a registry or git source) still receives what its caller hands
 * it. A policy handed over (`role_policy_arns = { x = aws_iam_policy.x.arn }`, `policy_json =
 * data.aws_iam_policy_document.x.json`) is there to be attached to something the module creates,
 * most often a role: so one role the inputs cannot name, `unknown:module.NAME`, holds it, and its
 * reads are conditional (docs/semantics.md#symbolic-unknowns). Dropping the policy with the module
 * would report the secrets it grants as unread. A secret handed over by ARN
 * (`task_exec_secret_arns = [aws_secretsmanager_secret.x.arn]`, a container's `secrets[].valueFrom`)
 * is there to be read by what the module creates: the same role holds a grant to read it.
 * The module call itself is already an SS011.
 */
export function mapUnreadModules(calls: TerraformResourceInput[], state: MappingState): InventoryFragment {
  const principals: IamPrincipal[] = [];
  const handedSecrets: NonNullable<InventoryFragment['handedSecrets']> = [];
  for (const call of calls) {
    const handed: HandedGrants = { policyArns: new Set(), documents: [], secretArns: new Map(), unknownSecrets: new Map() };
    for (const [attribute, value] of Object.entries(call.values)) collect(value, attribute, state, handed, true);
    if (handed.policyArns.size === 0 && handed.documents.length === 0 && handed.secretArns.size === 0) continue;
    const holder = symbolicHolder('role', `${call.address} (module not loaded)`, state.account(call), call.source);
    holder.attachedPolicyArns = [...handed.policyArns].sort();
    for (const { attribute, value } of handed.documents) {
      const policy = policyFromValue(state, call, attribute, value, `${holder.arn} ${attribute}`, 'identity');
      if (policy) holder.inlinePolicies.push(policy);
    }
    for (const [attribute, arns] of handed.secretArns) {
      const policy = policyFromValue(state, call, attribute, readDocument([...arns].sort()), `${holder.arn} ${attribute} (secrets handed to it)`, 'identity');
      if (policy) holder.inlinePolicies.push(policy);
      // Each is a secret to answer for, even when no input describes it (a data source looked it
      // up); one whose ARN holds an unknown part, as a pattern secret.
      for (const arn of [...arns].sort()) {
        const why = handed.unknownSecrets.get(arn);
        handedSecrets.push({ arn: secretArnOf(arn), to: holder.arn, source: state.sourceOf(call, attribute), ...(why !== undefined && /[*?]/.test(arn.replace(/-\?{6}/, '')) ? { unknown: why } : {}) });
      }
    }
    principals.push(holder);
  }
  return { principals, ...(handedSecrets.length > 0 ? { handedSecrets } : {}) };
}

/**
 * The expression that names the secret in an unknown ARN: in a template
 * (`"${data.aws_secretsmanager_secret.kc.arn}:KEY::"`) the part that is the ARN, else the whole.
 */
function secretExpression(value: TfUnknown): string {
  const part = value.parts?.find((p): p is TfUnknown => isUnknown(p) && SECRET_ARN.test(p.pattern ?? ''));
  return (part ?? value).expression;
}

/** The secret's or parameter's own ARN: a `valueFrom`'s `:json-key:version-stage:version-id` dropped. */
function secretArnOf(arn: string): string {
  return arn.split(':')[2] === 'secretsmanager' ? arn.split(':').slice(0, 7).join(':') : arn;
}

/** Walks one argument; `top` says whether `value` is the attribute itself (a document there keeps its statement places). */
function collect(value: TfValue | undefined, attribute: string, state: MappingState, handed: HandedGrants, top: boolean): void {
  if (value === undefined || value === null) return;
  const resolved = isUnknown(value) ? state.resolve(value, 'join') : value;
  const handedSecret = typeof resolved === 'string' ? resolved : isUnknown(resolved) ? resolved.pattern : undefined;
  if (handedSecret !== undefined && SECRET_ARN.test(handedSecret)) {
    const arns = handed.secretArns.get(attribute) ?? new Set<string>();
    handed.secretArns.set(attribute, arns.add(handedSecret));
    if (isUnknown(resolved)) handed.unknownSecrets.set(handedSecret, secretExpression(resolved));
    return;
  }
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

/**
 * One statement per service: read the handed ARNs. A `valueFrom`'s `:json-key:…` suffix is dropped,
 * and a secret ARN written without AWS's random suffix (ECS and most modules accept that partial
 * ARN) is also granted with it, `-??????`, as the module would have to.
 */
function readDocument(arns: string[]): TfValue {
  const secretArns = (arn: string): string[] => {
    const whole = arn.split(':').slice(0, 7).join(':');
    return /-(\?{6}|[A-Za-z0-9]{6})$/.test(whole) ? [whole] : [whole, `${whole}-??????`];
  };
  const statements = (['secretsmanager', 'ssm'] as const).flatMap((service) => {
    const resources = [...new Set(arns.filter((arn) => arn.split(':')[2] === service).flatMap((arn) => (service === 'secretsmanager' ? secretArns(arn) : [arn])))];
    return resources.length > 0 ? [{ Effect: 'Allow', Action: READ_ACTIONS[service], Resource: resources }] : [];
  });
  return { Version: '2012-10-17', Statement: statements };
}
