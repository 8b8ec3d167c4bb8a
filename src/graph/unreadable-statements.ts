import type { IamPolicy } from '../model/iam.js';
import type { Inventory } from '../model/inventory.js';
import type { Issue } from '../model/issue.js';
import { conditionProblems, statementProblems } from '../engine/iam/index.js';
import { isJsonObject, rawStatements } from './policy-statements.js';
import { actionItems, statementConcernsAccess } from '../load/access-actions.js';

/**
 * Every IAM statement the engine cannot read as written, named with its file and line (SS011).
 * The engine already treats such a statement as undecided (an Allow may apply, a Deny never
 * removes access), so answers widen; this makes the reason visible in coverage. The message names
 * the kind of problem, never the text (an operator or key name could be anything).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function unreadableStatements(inventory: Inventory): Issue[] {
  const issues: Issue[] = [];
  for (const { policy, owner } of policiesOf(inventory)) {
    const raw = rawStatements(policy.document);
    // The grammar only: compiling every matcher and condition value of every statement was a twelfth of an org scan.
    for (const statement of statementProblems(policy)) {
      const written = raw?.[statement.index];
      const conditionIssues = isJsonObject(written) ? conditionProblems(written['Condition']) : [];
      const principalIssue = statement.principalMalformed;
      if (statement.malformed.length === 0 && !principalIssue && conditionIssues.length === 0) continue;
      // One that cannot concern a request the analysis asks changes nobody's reads (src/load/access-actions.ts).
      if (isJsonObject(written) && !statementConcernsAccess(actionItems(written['Action']), actionItems(written['NotAction'])) && !statement.malformed.some((m) => /Action|Statement|statement|Effect/.test(m))) continue;
      const problems = new Set<string>(statement.malformed.map(kindOf));
      if (principalIssue) problems.add('a Principal that cannot be read');
      for (const why of conditionIssues) problems.add(/^unsupported operator/.test(why) ? 'an unknown condition operator' : 'a Condition that cannot be read');
      issues.push({
        code: 'policyStatementNotUnderstood',
        message: `statement ${statement.index + 1} of ${owner} has ${[...problems].sort().join(' and ')}; it is read as undecided (an Allow may apply, a Deny removes nothing)`,
        source: statement.source,
      });
    }
  }
  return issues;
}

function kindOf(malformed: string): string {
  if (/^unknown Effect/.test(malformed)) return 'an Effect that is neither Allow nor Deny';
  if (/Action/.test(malformed)) return 'an Action that cannot be read';
  if (/Resource/.test(malformed)) return 'a Resource that cannot be read';
  if (/Statement|statement/.test(malformed)) return 'a statement that cannot be read';
  return 'an element that cannot be read';
}

function* policiesOf(inventory: Inventory): Generator<{ policy: IamPolicy; owner: string }> {
  for (const p of inventory.principals) {
    for (const policy of p.inlinePolicies) yield { policy, owner: `an inline policy of ${p.arn}` };
    if (p.trustPolicy) yield { policy: p.trustPolicy, owner: `the trust policy of ${p.arn}` };
  }
  for (const g of inventory.groups) for (const policy of g.inlinePolicies) yield { policy, owner: `an inline policy of ${g.arn}` };
  // AWS managed policies ship with the tool and are read by it; customer managed ones come from input.
  for (const m of inventory.managedPolicies) if (!m.arn.startsWith('arn:aws:iam::aws:policy/')) yield { policy: m.policy, owner: `managed policy ${m.arn}` };
  for (const b of inventory.buckets) if (b.policy) yield { policy: b.policy, owner: `the bucket policy of ${b.name}` };
  for (const k of inventory.kmsKeys) if (k.policy) yield { policy: k.policy, owner: `the key policy of ${k.arn}` };
  for (const s of inventory.secretsManagerSecrets) if (s.policy) yield { policy: s.policy, owner: `the resource policy of ${s.arn}` };
  for (const scp of inventory.scps) if (scp.policy) yield { policy: scp.policy, owner: `service control policy ${scp.id}` };
}
