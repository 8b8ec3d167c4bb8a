// How a grant's glob relates to a pattern resource (engine/iam/glob-relations.ts), checked against a
// brute-force search over every short string. Globs follow IAM's syntax: `*` any run, `?` one
// character (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
// A pattern secret's unknown parts are names without `:` (Secrets Manager and SSM names allow none:
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#SecretsManager-CreateSecret-request-Name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intersects, relateGlobs } from '../../src/engine/iam/glob-relations.js';

const ALPHABET = ['a', 'b', ':'];

/** Whether `glob` matches `text`; a `*` never spans a character of `starExcludes`. */
function matches(glob: string, text: string, starExcludes = ''): boolean {
  if (glob === '') return text === '';
  const [head, rest] = [glob[0] as string, glob.slice(1)];
  if (head === '*') {
    for (let k = 0; k <= text.length; k++) {
      if ([...text.slice(0, k)].some((c) => starExcludes.includes(c))) break;
      if (matches(rest, text.slice(k), starExcludes)) return true;
    }
    return false;
  }
  return text !== '' && (head === '?' || head === text[0]) && matches(rest, text.slice(1), starExcludes);
}

function* strings(maxLength: number): Generator<string> {
  yield '';
  for (let length = 1; length <= maxLength; length++) {
    const indexes = new Array<number>(length).fill(0);
    for (;;) {
      yield indexes.map((i) => ALPHABET[i]).join('');
      let k = length - 1;
      while (k >= 0 && indexes[k] === ALPHABET.length - 1) indexes[k--] = 0;
      if (k < 0) break;
      indexes[k] = (indexes[k] as number) + 1;
    }
  }
}

const GLOBS = ['*', 'a*', '*:a', 'a:*', '*:*', 'a?b', '?:?', 'b*a', ':*b', 'a*:b*', '*a:', 'ab'];
const TEXTS = [...strings(6)];

test('intersects agrees with a brute-force search, with pattern wildcards spanning ":" or not', () => {
  for (const grant of GLOBS) {
    for (const pattern of GLOBS) {
      for (const excludes of ['', ':']) {
        const expected = TEXTS.some((t) => matches(grant, t) && matches(pattern, t, excludes));
        assert.equal(intersects(grant, pattern, excludes), expected, `${grant} ∩ ${pattern} (pattern * excludes ${JSON.stringify(excludes)})`);
      }
    }
  }
});

test('a grant on another prefix does not match a Secrets Manager pattern secret through its account wildcard', () => {
  const pattern = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:svc-worker/*';
  const grant = 'arn:aws:secretsmanager:us-east-1:*:secret:svc-api/*';
  // IAM's `*` spans `:`, so as strings the two share `…:secret:svc-worker/:secret:svc-api/x`; no secret has that name.
  assert.equal(relateGlobs(grant, pattern), 'overlaps');
  assert.equal(relateGlobs(grant, pattern, false), 'disjoint');
  assert.equal(relateGlobs('arn:aws:secretsmanager:*:*:secret:svc-*', pattern, false), 'covers');
  assert.equal(relateGlobs('arn:aws:secretsmanager:us-east-1:*:secret:svc-worker/db*', pattern, false), 'overlaps');
});
