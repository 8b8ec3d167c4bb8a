// The linear pre-check that keeps deeply nested YAML away from the `yaml` parser (issue 13: one
// input must not end or stall the scan). https://yaml.org/spec/1.2.2/#flow-collection-styles
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlDocument, yamlNestsPast } from '../../src/input-safety.js';

test('nesting past the bound is refused before parsing: flow brackets, compact block sequences, indentation', () => {
  assert.equal(yamlNestsPast(`a: ${'['.repeat(257)}1${']'.repeat(257)}\n`, 256), true);
  assert.equal(yamlNestsPast(`a: ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}\n`, 256), true);
  assert.equal(yamlNestsPast(`a:\n${'- '.repeat(300)}x\n`, 256), true);
  assert.equal(yamlNestsPast(`a:\n${' '.repeat(1025)}b: 1\n`, 256), true);
  assert.equal(parseYamlDocument(`a:\n${'- '.repeat(10000)}x\n`, {}), undefined);
});

test('ordinary YAML passes: brackets in quotes and comments, apostrophes, balanced nesting at the bound', () => {
  assert.equal(yamlNestsPast(`a: ${'['.repeat(256)}1${']'.repeat(256)}\n`, 256), false);
  assert.equal(yamlNestsPast(`a: "${'{'.repeat(400)}"\nb: '${'['.repeat(400)}'\n# ${'{'.repeat(400)}\n`, 256), false);
  assert.equal(yamlNestsPast(`Description: the team's key\nPolicy: { "a": [1, 2] }\n${'[]'.repeat(1000)}\n`, 256), false);
  assert.ok(parseYamlDocument('Resources:\n  - a\n  - b\n', {}));
});
