/**
 * How a policy glob relates to a *pattern* request resource: a resource whose name holds a part
 * the inputs cannot know (docs/semantics.md#symbolic-unknowns, pattern secrets). The pattern stands for every value its
 * wildcards may take; a grant covers all of them, some of them, or none.
 * Globs follow IAM's syntax (`*` any run, `?` one character; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */

export type GlobRelation = 'covers' | 'overlaps' | 'disjoint';

/**
 * Whether `grant` matches every value of `pattern`, some of them, or none. Case-sensitive, as ARNs
 * are. `patternStarsSpanColons: false` says the pattern's wildcards stand for text without `:`:
 * an unknown part of a Secrets Manager secret's or SSM parameter's name (neither allows `:`), or
 * of an ARN's partition, region or account field. Then `secret:svc-worker/*` is disjoint from a
 * grant on `…:*:secret:svc-api/*`, whose `*` cannot reach past the pattern's own `secret:` (an S3
 * key may hold `:`, so S3 patterns keep the default).
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#SecretsManager-CreateSecret-request-Name
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
 */
export function relateGlobs(grant: string, pattern: string, patternStarsSpanColons = true): GlobRelation {
  if (covers(grant, pattern)) return 'covers';
  return intersects(grant, pattern, patternStarsSpanColons ? '' : ':') ? 'overlaps' : 'disjoint';
}

/**
 * True when some string matches both globs. Dynamic programming over (position in a, position
 * in b): a `*` on either side may stop, or absorb the other side's next symbol; a `*` of `b` never
 * absorbs a literal of `a` listed in `bStarExcludes`.
 */
export function intersects(a: string, b: string, bStarExcludes = ''): boolean {
  const n = a.length;
  const m = b.length;
  // reach[i][j]: the suffixes a[i..] and b[j..] share a string. Filled from the ends.
  const reach: boolean[][] = Array.from({ length: n + 1 }, () => new Array<boolean>(m + 1).fill(false));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) { reach[i]![j] = true; continue; }
      const ca = a[i];
      const cb = b[j];
      let ok = false;
      if (ca === '*') ok = reach[i + 1]![j]! || (j < m && reach[i]![j + 1]!);
      if (!ok && cb === '*') ok = reach[i]![j + 1]! || (i < n && !(ca !== undefined && bStarExcludes.includes(ca)) && reach[i + 1]![j]!);
      if (!ok && ca !== undefined && cb !== undefined && ca !== '*' && cb !== '*') {
        ok = (ca === cb || ca === '?' || cb === '?') && reach[i + 1]![j + 1]!;
      }
      reach[i]![j] = ok;
    }
  }
  return reach[0]![0]!;
}

/**
 * True when every string `pattern` matches is matched by `grant`: `grant` matches the pattern's
 * text where the pattern's `*` can only be absorbed by a `*` of the grant and its `?` by a `?` or
 * `*`. Sound (never claims a cover that is not one); a cover it cannot see comes out as an
 * overlap, which only makes a reader conditional.
 */
export function covers(grant: string, pattern: string): boolean {
  const n = grant.length;
  const m = pattern.length;
  const reach: boolean[][] = Array.from({ length: n + 1 }, () => new Array<boolean>(m + 1).fill(false));
  reach[n]![m] = true;
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      const g = grant[i];
      const p = pattern[j];
      let ok = false;
      if (g === '*') ok = reach[i + 1]![j]! || (j < m && reach[i]![j + 1]!);
      else if (g !== undefined && p !== undefined && p !== '*') ok = (g === p || (g === '?' && p !== '*')) && reach[i + 1]![j + 1]!;
      reach[i]![j] = ok;
    }
  }
  return reach[0]![0]!;
}
