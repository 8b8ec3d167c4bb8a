import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from '../../src/engine/bounded-cache.js';

test('a bounded cache builds each value once, keeps false values, and starts over past its limit', () => {
  const built: string[] = [];
  const cache = new BoundedCache<boolean>(2);
  const get = (key: string): boolean => cache.get(key, () => { built.push(key); return key === 'a'; });
  assert.equal(get('a'), true);
  assert.equal(get('b'), false);
  assert.equal(get('a'), true);
  assert.equal(get('b'), false);
  assert.deepEqual(built, ['a', 'b']);
  get('c'); // third key: the cache starts over, then holds c
  get('a');
  assert.deepEqual(built, ['a', 'b', 'c', 'a']);
});
