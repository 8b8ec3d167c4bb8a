import type { ChainStep } from '../model/report.js';

/**
 * Renders a chain as the principals and resources it walks, `a → b → c`. A step that only holds
 * under an undecided condition is drawn `~→` so a reader can tell possible from certain access.
 * Returns '' for an empty chain.
 */
export function formatChainPath(steps: readonly ChainStep[]): string {
  const first = steps[0];
  if (first === undefined) return '';
  let text = first.from;
  for (const step of steps) text += `${step.conditional === true ? ' ~→ ' : ' → '}${step.to}`;
  return text;
}
