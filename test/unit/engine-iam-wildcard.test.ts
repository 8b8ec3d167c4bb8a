import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileGlob, matchCompiledGlob, matchesWildcard } from '../../src/engine/iam/index.js';
import { LITERAL_STAR } from '../../src/engine/iam/wildcard.js';

/** Reference matcher (dynamic programming, obviously correct, quadratic): for cross-checking only. */
function referenceMatch(p: string, v: string): boolean {
  let prev = new Array<boolean>(v.length + 1).fill(false);
  prev[0] = true;
  for (let i = 1; i <= p.length; i++) {
    const c = p[i - 1];
    const cur = new Array<boolean>(v.length + 1).fill(false);
    cur[0] = c === '*' && (prev[0] as boolean);
    for (let j = 1; j <= v.length; j++) {
      if (c === '*') cur[j] = (prev[j] as boolean) || (cur[j - 1] as boolean);
      else cur[j] = (prev[j - 1] as boolean) && (c === '?' || c === v[j - 1]);
    }
    prev = cur;
  }
  return prev[v.length] as boolean;
}

describe('matchesWildcard', () => {
  const rows: [string, string, boolean][] = [
    ['*', '', true], ['', '', true], ['', 'a', false], ['a*', 'a', true], ['*a', 'ba', true], ['*a', 'ab', false],
    ['a?c', 'abc', true], ['a?c', 'ac', false], ['a*b*c', 'axxbyyc', true], ['a*b*c', 'axxcyyb', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c', true], ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['**', 'anything', true], ['*?*', '', false], ['*?*', 'x', true], ['ab*ab', 'ab', false], ['ab*ab', 'abab', true],
  ];
  for (const [p, v, want] of rows) test(`${JSON.stringify(p)} vs ${JSON.stringify(v)} → ${want}`, () => assert.equal(matchesWildcard(p, v), want));

  test('case-insensitive option (actions)', () => {
    assert.equal(matchesWildcard('S3:Get*', 's3:getobject', { caseInsensitive: true }), true);
    assert.equal(matchesWildcard('S3:Get*', 's3:getobject'), false);
  });

  test('a literal-star marker matches only "*"', () => {
    const g = compileGlob(`bucket/${LITERAL_STAR}`);
    assert.equal(matchCompiledGlob(g, 'bucket/*'), true);
    assert.equal(matchCompiledGlob(g, 'bucket/x'), false);
  });

  test('agrees with a reference matcher on random patterns', () => {
    const ch = fc.constantFrom('a', 'b', ':', '/', '*', '?');
    const vc = fc.constantFrom('a', 'b', ':', '/');
    fc.assert(fc.property(fc.array(ch, { maxLength: 12 }), fc.array(vc, { maxLength: 16 }), (p, v) => {
      const ps = p.join('');
      const vs = v.join('');
      assert.equal(matchesWildcard(ps, vs), referenceMatch(ps, vs), `${ps} vs ${vs}`);
    }), { numRuns: 2000, seed: 1 });
  });

  test('decides a 10,000-char pattern with 50 stars against 100,000 chars in milliseconds', () => {
    // Adversarial shape: every segment almost occurs everywhere (long runs of "a"), so a naive
    // backtracking matcher would be exponential and a regex could blow up.
    const seg = 'a'.repeat(195) + 'b';
    const pattern = Array.from({ length: 51 }, () => seg).join('*').slice(0, 10_000);
    assert.equal(pattern.split('*').length - 1, 50);
    const value = 'a'.repeat(100_000);
    const start = performance.now();
    const result = matchesWildcard(pattern, value);
    const ms = performance.now() - start;
    assert.equal(result, false);
    assert.ok(ms < 200, `took ${ms.toFixed(1)} ms`);
    const value2 = (seg + 'x').repeat(Math.ceil(100_000 / (seg.length + 1))).slice(0, 100_000);
    const start2 = performance.now();
    matchesWildcard(pattern.replaceAll('b', '?'), value2);
    const ms2 = performance.now() - start2;
    assert.ok(ms2 < 200, `with ? segments took ${ms2.toFixed(1)} ms`);
    // "a?a?…b" against "aaaa…": trying every start would cost |value|·|segment|.
    const nasty = '*' + ('a?'.repeat(100) + 'b*').repeat(49);
    const start3 = performance.now();
    assert.equal(matchesWildcard(nasty, value), false);
    const ms3 = performance.now() - start3;
    assert.ok(ms3 < 200, `with a?a?… segments took ${ms3.toFixed(1)} ms`);
  });
});
