import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrefixTrie } from '../../src/engine/prefix-trie.js';
import { seededRandom } from '../support/seeded-random.js';

// The trie is an index: whatever its layout, it must find exactly what a scan of every key finds.
function naiveVisit(keys: readonly string[], text: string, start: number): string[] {
  const found: { key: string; order: number }[] = [];
  keys.forEach((key, order) => { if (text.startsWith(key, start)) found.push({ key, order }); });
  // Shortest keys first; keys of one length in insertion order.
  return found.sort((a, b) => a.key.length - b.key.length || a.order - b.order).map((f) => `${f.key}#${f.order}`);
}

test('a prefix trie finds every key that begins the text, or occurs in it, exactly as a scan of all keys does', () => {
  const random = seededRandom(7);
  const alphabet = ['a', 'b', 'arn:aws:ssm:', '/', 'team', '7', ':'];
  const word = (max: number): string => Array.from({ length: Math.floor(random() * max) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  for (let run = 0; run < 300; run++) {
    const keys = Array.from({ length: 1 + Math.floor(random() * 12) }, () => word(5));
    // Shared runs, keys that are prefixes of others, the empty key and duplicates all occur.
    if (random() < 0.3) keys.push(keys[0] ?? '');
    if (random() < 0.3) keys.push('');
    const trie = new PrefixTrie<string>();
    keys.forEach((key, order) => trie.insert(key, `${key}#${order}`));
    for (let q = 0; q < 10; q++) {
      const text = random() < 0.5 ? `${keys[Math.floor(random() * keys.length)] ?? ''}${word(3)}` : word(6);
      const prefixes: string[] = [];
      trie.visit(text, (value) => prefixes.push(value));
      assert.deepEqual(prefixes, naiveVisit(keys, text, 0), `${JSON.stringify(keys)} / ${text}`);
      const substrings: string[] = [];
      trie.visitSubstrings(text, (value) => substrings.push(value));
      const expected = Array.from({ length: text.length + 1 }, (_, start) => naiveVisit(keys, text, start)).flat();
      assert.deepEqual(substrings, expected, `${JSON.stringify(keys)} / ${text}`);
    }
  }
});
