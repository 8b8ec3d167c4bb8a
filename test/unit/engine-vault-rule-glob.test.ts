// Rule paths as Vault defines them: https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax
// (`+` one whole segment, `*` only as a suffix, `{{…}}` identity templates); the glob stands for a
// secret path holding an unknown (docs/semantics.md#symbolic-unknowns: `*` any text, `/` included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vaultRuleMeetsGlob } from '../../src/engine/vault/index.js';
import { seededRandom } from '../support/seeded-random.js';

const cases: [rule: string, glob: string, meets: boolean, why: string][] = [
  ['kv/data/*', 'kv/data/*/checkout/db', true, 'a suffix glob takes any rest'],
  ['kv/data/+/checkout/*', 'kv/data/*/checkout/db', true, 'the unknown can be one segment'],
  ['kv/data/prod/*', 'kv/data/*/checkout/db', true, 'the unknown can be prod'],
  ['kv/data/+/billing/config', 'kv/data/*/checkout/db', false, 'the literal ends differ'],
  ['kv/data/+', 'kv/data/a/*', false, '+ holds no slash, and every path of the glob has one after a'],
  ['kv/data/+', 'kv/data/*', true, 'the unknown can be one segment'],
  ['kv/data/team/{{identity.entity.name}}/*', 'kv/data/*/token', true, 'a template is some text without /'],
  ['kv/data/exact', 'kv/data/exact', true, 'no unknown at all'],
  ['kv/data/exact', 'kv/data/exac?', true, '? is one character'],
  ['kv/data/exact', 'kv/data/exact?', false, '? is exactly one character'],
  ['kv/data/a+b', 'kv/data/axb', false, '+ inside a segment is a literal +'],
  ['kv/data/a+b', 'kv/data/a*b', true, 'the unknown can be +'],
  ['secret/*', 'kv/*', false, 'different mounts'],
  ['kv/data/x/*', '*/data/*', true, 'the mount itself may be the unknown'],
];

for (const [rule, glob, meets, why] of cases) {
  test(`rule ${rule} ${meets ? 'meets' : 'does not meet'} ${glob}: ${why}`, () => {
    assert.equal(vaultRuleMeetsGlob(rule, glob), meets);
  });
}

// The same answer as a search over every short path: small rules and globs over {a, b, /} meet
// exactly when some path of at most 8 characters matches both (their witnesses are that short).
test('agrees with a brute-force search over every path of up to 8 characters', () => {
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const paths: string[] = [''];
  for (let length = 1, layer = ['']; length <= 8; length++) {
    layer = layer.flatMap((p) => ['a', 'b', '/'].map((c) => p + c));
    paths.push(...layer);
  }
  const ruleRegex = (rule: string): RegExp => new RegExp(`^${[...rule].map((c, i) => {
    const whole = (i === 0 || rule[i - 1] === '/') && (i + 1 === rule.length || rule[i + 1] === '/');
    if (c === '+' && whole) return '[^/]+';
    if (c === '*' && i === rule.length - 1) return '.*';
    return c === '+' || c === '*' ? `\\${c}` : c;
  }).join('')}$`);
  const globRegex = (glob: string): RegExp => new RegExp(`^${[...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('')}$`);
  for (let n = 0; n < 300; n++) {
    // Segments of literals or a whole-segment `+`, maybe a trailing `*`: paths over {a, b, /} can match them.
    const segments = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(['a', 'b', 'ab', '+', '']));
    const rule = segments.join('/') + (random() < 0.4 ? (segments[segments.length - 1] === '+' ? '/*' : '*') : '');
    const glob = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(['a', 'b', '/', '*', '?'])).join('');
    const r = ruleRegex(rule);
    const g = globRegex(glob);
    const witness = paths.find((p) => r.test(p) && g.test(p));
    assert.equal(vaultRuleMeetsGlob(rule, glob), witness !== undefined, `rule ${rule}, glob ${glob}: witness ${witness ?? 'none'}`);
  }
});
