import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { joinPointer, parseJsonWithJsonc, parseJsonWithPositions } from '../../src/load/files/json/parse-json-with-positions.js';
import { scanCleanJson } from '../../src/load/files/json/scan-json.js';
import type { JsonValue } from '../../src/model/source.js';
import { seededRandom } from '../support/seeded-random.js';

// The clean scanner is the fast path of parseJsonWithPositions; jsonc-parser's tree is the reference.
// Both must give the same value and the same line for every pointer, on texts written every way.

function randomText(random: () => number): string {
  const int = (max: number): number => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const space = (): string => pick(['', ' ', '\n', '\r\n', '\r', '\t', '  \n  ', '\n\n']);
  const keys = ['Effect', 'Action', 'Resource', '0', '10', '2', '__proto__', 'a/b', 'c~d', 'toString', 'Statement', 'é', ''];
  const str = (): string => JSON.stringify(pick(['x', 'a"b', 'back\\slash', 'tab\there', 'nl\nline', '\u2028', 'é', '\ud83d\ude00', 'arn:aws:s3:::b/*', '']))
    .replace(/é/g, () => (random() < 0.5 ? '\\u00e9' : 'é'));
  const value = (depth: number): string => {
    const kind = depth > 4 ? int(4) : int(7);
    switch (kind) {
      case 0: return str();
      case 1: return pick(['0', '-1', '1.5', '-0.25e3', '1E+2', '123456789012', '1e-7']);
      case 2: return pick(['true', 'false', 'null']);
      case 3: return str();
      case 4: case 5: {
        const used = new Set<string>();
        const parts: string[] = [];
        for (let k = int(5); k > 0; k--) {
          const key = pick(keys);
          if (used.has(key)) continue;
          used.add(key);
          parts.push(`${space()}${JSON.stringify(key)}${space()}:${space()}${value(depth + 1)}${space()}`);
        }
        return `{${parts.join(',') || space()}}`;
      }
      default: return `[${Array.from({ length: int(5) }, () => `${space()}${value(depth + 1)}${space()}`).join(',') || space()}]`;
    }
  };
  return `${space()}${value(0)}${space()}`;
}

function pointers(value: JsonValue, base = ''): string[] {
  const out = [base];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pointers(v, joinPointer(base, i))));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pointers(v, joinPointer(base, k)));
  return out;
}

describe('the clean JSON scanner', () => {
  test('agrees with jsonc-parser on value and every line, on 400 generated texts', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 400; run++) {
      const text = randomText(random);
      const fast = scanCleanJson(text, 512);
      const slow = parseJsonWithJsonc(text);
      assert.deepEqual(slow.errors, [], text);
      assert.ok(fast, `refused clean text ${JSON.stringify(text)}`);
      assert.deepEqual(fast.value, slow.value, text);
      assert.deepEqual(fast.value, JSON.parse(text), text);
      const all = pointers(slow.value as JsonValue);
      // In document order (siblings one after another, as loaders ask), then shuffled, and one step
      // past each value (through scalars, out of range), so the kept parent is also met stale.
      const shuffled = [...all].sort(() => random() - 0.5);
      for (const pointer of [...all, '/nope', '/0/999', 'x', ...shuffled, ...all.map((p) => `${p}/0`), ...all.map((p) => `${p}/nope`)]) {
        assert.equal(fast.lineOf(pointer), slow.lineOf(pointer), `${pointer} in ${JSON.stringify(text)}`);
      }
    }
  });

  test('refuses what is not clean, so the slow path names it', () => {
    for (const text of ['', ' ', '{"a": 1,}', '[1,]', '{"a": 1 // c\n}', '{"a": 1, "a": 2}', '01', '1.', '-', '"\t"', '"\\x"', '\u00a0{}', '{} x', 'tru', '[1 2]', '{"a" 1}', '"\\u12G4"']) {
      assert.equal(scanCleanJson(text, 512), undefined, JSON.stringify(text));
    }
    assert.equal(scanCleanJson('[[[1]]]', 2), undefined);
    assert.ok(scanCleanJson('[[1]]', 2));
  });

  test('parseJsonWithPositions still names duplicates and errors (the slow path)', () => {
    const parsed = parseJsonWithPositions('{"Effect": "Deny",\n"Effect": "Allow"}');
    assert.deepEqual(parsed.value, { Effect: 'Allow' });
    assert.equal(parsed.duplicates.length, 1);
    assert.equal(parsed.duplicates[0]?.line, 2);
    assert.equal(parseJsonWithPositions('{"a": [1,]}').errors.length, 1);
  });

  test('integer-like keys keep their own lines although Object.keys puts them first', () => {
    const parsed = parseJsonWithPositions('{"b": 1,\n"2": 2,\n"a": 3}');
    assert.deepEqual(Object.keys(parsed.value as object), ['2', 'b', 'a']);
    assert.equal(parsed.lineOf('/b'), 1);
    assert.equal(parsed.lineOf('/2'), 2);
    assert.equal(parsed.lineOf('/a'), 3);
  });

  test('strings ending in escaped backslashes or holding brackets do not shift the lines after them', () => {
    // The line pass steps over strings by their closing quote: a quote after an even run of
    // backslashes closes, after an odd run it does not.
    const text = '{"a\\\\": "x\\\\",\n"b": "q\\"}{[",\n"c": ["\\\\\\"", {"d": 1}],\n"e": 2}';
    const fast = scanCleanJson(text, 512);
    const slow = parseJsonWithJsonc(text);
    assert.ok(fast);
    assert.deepEqual(fast.value, JSON.parse(text));
    for (const pointer of ['/a\\', '/b', '/c', '/c/0', '/c/1', '/c/1/d', '/e']) assert.equal(fast.lineOf(pointer), slow.lineOf(pointer), pointer);
    assert.deepEqual([fast.lineOf('/a\\'), fast.lineOf('/b'), fast.lineOf('/c/1/d'), fast.lineOf('/e')], [1, 2, 3, 4]);
  });

  test('a key written twice deep inside is refused, so the slow path names it', () => {
    assert.equal(scanCleanJson('{"a": [{"b": 1}, {"c": {"d": 1, "d": {"e": [1, 2]}}}]}', 512), undefined);
    assert.equal(scanCleanJson('[{"x": [1, 2, 3], "x": 1}]', 512), undefined);
  });

  test('lines: false keeps no line table but the same value', () => {
    const parsed = parseJsonWithPositions('{\n"a": [1]}', { lines: false });
    assert.deepEqual(parsed.value, { a: [1] });
    assert.equal(parsed.lineOf('/a'), undefined);
  });
});
