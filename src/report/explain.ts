import type { ChainStep, SecretReport } from '../model/report.js';

/**
 * One secret's readers as a tree for people (`secret-scan explain`): every reader, whether it is
 * intended (its role), and each step of its chain with the grant (file:line) that opens it.
 */
export function formatExplanation(secret: SecretReport): string {
  const lines = [`${secret.id} (${secret.kind} ${secret.resource}) — ${secret.status}`];
  lines.push(`owners: ${secret.owners.length > 0 ? secret.owners.join(', ') : '(none declared)'}`);
  for (const note of secret.notes ?? []) lines.push(`note: ${note}`);
  if (secret.readers.length === 0) lines.push('no principal can read it');
  secret.readers.forEach((reader, index) => {
    const last = index === secret.readers.length - 1;
    // Shouted, so the one role that needs attention stands out in a long tree.
    const role = reader.role === 'unintended' ? 'UNINTENDED' : reader.role;
    lines.push(`${last ? '└─' : '├─'} ${reader.principal} [${role}${reader.conditional ? ', conditional' : ''}]`);
    reader.via.forEach((step, s) => {
      const lastStep = s === reader.via.length - 1;
      lines.push(`${last ? '   ' : '│  '}${lastStep ? '└─' : '├─'} ${describeStep(step)}`);
    });
  });
  return `${lines.join('\n')}\n`;
}

function describeStep(step: ChainStep): string {
  const where = step.source ? ` @ ${step.source.file}${step.source.line ? `:${step.source.line}` : ''}` : '';
  const detail = step.detail ? ` — ${step.detail}` : '';
  return `${step.edge}${step.conditional ? ' (conditional)' : ''}: ${step.from} → ${step.to}${where}${detail}`;
}
