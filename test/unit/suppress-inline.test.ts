import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findInlineIgnores } from '../../src/suppress/inline-ignores.js';

// Where an inline `secret-scan:ignore` comment may sit, and which lines of the file it covers.
const cases: { name: string; text: string; expect: { rules: string[]; reason: string; line: number; covers: number[] }[] }[] = [
  {
    name: 'trailing comment on the grant line covers that line only',
    text: 'a = 1\nResource = "*" # secret-scan:ignore SS008 shared bucket, ticket SEC-9\nb = 2\n',
    expect: [{ rules: ['SS008'], reason: 'shared bucket, ticket SEC-9', line: 2, covers: [2] }],
  },
  {
    name: 'comment above a Terraform resource covers the whole block (the statements inside it)',
    text: '# secret-scan:ignore SS001,SS003 deploy role, SEC-142\nresource "aws_iam_role_policy" "ci" {\n  policy = jsonencode({\n    Statement = [{ Resource = "*" }]\n  })\n}\nresource "x" "y" {}\n',
    expect: [{ rules: ['SS001', 'SS003'], reason: 'deploy role, SEC-142', line: 1, covers: [1, 2, 3, 4, 5, 6] }],
  },
  {
    name: 'comment in a comment block above a line, blank lines between',
    text: '// secret-scan:ignore SS00* legacy\n# more words\n\nResource = "*"\nnext = 1\n',
    expect: [{ rules: ['SS00*'], reason: 'legacy', line: 1, covers: [1, 4] }],
  },
  {
    name: 'YAML: comment above a key covers the lines indented under it',
    text: 'Resources:\n  # secret-scan:ignore SS001 break-glass reader\n  Policy:\n    Type: AWS::IAM::Policy\n    Properties:\n      Resource: "*"\n  Other:\n    Type: x\n',
    expect: [{ rules: ['SS001'], reason: 'break-glass reader', line: 2, covers: [2, 3, 4, 5, 6] }],
  },
  {
    name: 'a comment without a reason is found with an empty reason (it suppresses nothing)',
    text: '# secret-scan:ignore SS001\nx = 1\n',
    expect: [{ rules: ['SS001'], reason: '', line: 1, covers: [1, 2] }],
  },
  {
    name: 'braces inside strings and comments do not open blocks',
    text: '# secret-scan:ignore SS001 r\nname = "a{b" # {\nnext = 1\n',
    expect: [{ rules: ['SS001'], reason: 'r', line: 1, covers: [1, 2] }],
  },
];

describe('findInlineIgnores', () => {
  for (const entry of cases) test(entry.name, () => assert.deepEqual(findInlineIgnores(entry.text), entry.expect));
});
