import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { joinPointer, parseJsonWithPositions } from '../../src/load/files/json/parse-json-with-positions.js';

describe('parseJsonWithPositions', () => {
  test('gives the 1-based line of the value at a JSON pointer', () => {
    const text = '{\n  "RoleDetailList": [\n    {"RoleName": "a",\n     "RolePolicyList": [{}, {"PolicyDocument":\n        {"Statement": [1, 2,\n 3]}}]}\n  ]\n}';
    const parsed = parseJsonWithPositions(text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.lineOf(''), 1);
    assert.equal(parsed.lineOf('/RoleDetailList'), 2);
    assert.equal(parsed.lineOf('/RoleDetailList/0'), 3);
    assert.equal(parsed.lineOf('/RoleDetailList/0/RolePolicyList/1/PolicyDocument'), 5);
    assert.equal(parsed.lineOf('/RoleDetailList/0/RolePolicyList/1/PolicyDocument/Statement/2'), 6);
    assert.equal(parsed.lineOf('/RoleDetailList/0/RolePolicyList/7'), undefined);
    assert.equal(parsed.lineOf('/RoleDetailList/x'), undefined);
    assert.equal(parsed.lineOf('/missing'), undefined);
  });

  test('decodes ~0 and ~1 in pointers (RFC 6901) and joinPointer escapes them', () => {
    const parsed = parseJsonWithPositions('{\n"a/b": {\n"c~d": 1}}');
    assert.equal(parsed.lineOf('/a~1b/c~0d'), 3);
    assert.equal(joinPointer('/x', 'a/b', 'c~d', 0), '/x/a~1b/c~0d/0');
  });

  test('counts CRLF and CR line ends once each, and ignores a BOM', () => {
    const parsed = parseJsonWithPositions('\uFEFF{\r\n"a":\r\n1,\r"b": 2}');
    assert.deepEqual(parsed.value, { a: 1, b: 2 });
    assert.equal(parsed.lineOf('/a'), 3);
    assert.equal(parsed.lineOf('/b'), 4);
  });

  // `  "a": 1, // note`: the comment's slash is the 11th character of line 2.
  test('a comment is an error at its line and column, and what parsed is still returned', () => {
    const parsed = parseJsonWithPositions('{\n  "a": 1, // note\n  "b": 2\n}');
    assert.equal(parsed.errors.length, 1);
    assert.deepEqual(parsed.errors[0], { message: 'comments are not allowed in JSON', line: 2, column: 11 });
    assert.deepEqual(parsed.value, { a: 1, b: 2 });
  });

  test('a trailing comma is an error at the closing bracket', () => {
    const parsed = parseJsonWithPositions('{\n  "a": [1, 2,\n  ]\n}');
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0]?.line, 3);
    assert.equal(parsed.errors[0]?.column, 3);
    assert.match(parsed.errors[0]?.message ?? '', /trailing comma/);
  });

  test('a truncated document reports where it ends', () => {
    const parsed = parseJsonWithPositions('{\n  "a": {\n    "b": 1\n');
    assert.ok(parsed.errors.length > 0);
    assert.equal(parsed.errors[0]?.line, 4);
  });

  test('duplicate keys: the last wins (as JSON.parse), and lineOf points at it; __proto__ stays a key', () => {
    const parsed = parseJsonWithPositions('{"a": 1,\n"a": 2,\n"__proto__": {"x": 1}}');
    assert.deepEqual(parsed.value, JSON.parse('{"a": 1, "a": 2, "__proto__": {"x": 1}}'));
    assert.equal(parsed.lineOf('/a'), 2);
    assert.equal(Object.getPrototypeOf(parsed.value), Object.prototype);
    assert.deepEqual(Object.keys(parsed.value as object), ['a', '__proto__']);
  });

  test('empty text is an error with no value', () => {
    const parsed = parseJsonWithPositions('');
    assert.equal(parsed.value, undefined);
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0]?.line, 1);
  });

  test('agrees with JSON.parse on valid input of every JSON type', () => {
    const text = '{"s": "x\\u00e9\\n", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [[], {}]}';
    assert.deepEqual(parseJsonWithPositions(text).value, JSON.parse(text));
  });
});
