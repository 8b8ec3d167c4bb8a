import type { ChainStep } from '../model/report.js';

export { formatChainPath } from '../graph/chain-text.js';

/** Renders one step as `edge: from → to (detail)`; the detail part only when the step has one. */
export function formatChainStep(step: ChainStep): string {
  const arrow = step.conditional === true ? '~→' : '→';
  const detail = step.detail !== undefined && step.detail !== '' ? ` (${step.detail})` : '';
  return `${step.edge}: ${step.from} ${arrow} ${step.to}${detail}`;
}
