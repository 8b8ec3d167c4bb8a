import type { Suppression as SarifSuppression } from 'sarif';
import type { Suppression } from '../model/report.js';
import { toLocation } from './sarif-locations.js';

/**
 * SARIF `suppressions` (§3.35) for a finding's accepted exceptions: kind `external` for a manifest
 * exception, `inSource` for an inline comment, status `accepted`, the reason as justification and
 * where it is written. GitHub code scanning shows such results as dismissed with that reason.
 */
export function toSuppressions(suppressions: readonly Suppression[]): SarifSuppression[] {
  return suppressions.map((suppression) => ({
    kind: suppression.kind,
    status: 'accepted',
    justification: suppression.expires !== undefined ? `${suppression.justification} (until ${suppression.expires})` : suppression.justification,
    location: toLocation(suppression.source),
  }));
}
