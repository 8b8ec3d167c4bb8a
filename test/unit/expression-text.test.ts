// How an unknown's expression is shown (src/load/files/terraform/expression-text.ts): it reaches every
// report format, so no string literal of a long or multi-line expression, no heredoc body and nothing
// of text that is not one expression may be shown. Tokens as in
// https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#lexical-elements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expressionText } from '../../src/load/files/terraform/expression-text.js';

const LONG_POLICY = 'jsonencode({ Statement = [{ Effect = "Allow", Action = "ssm:GetParameter", Resource = "arn:aws:ssm:${var.region}:${var.account}:parameter/app/*" }] })';

const CASES: { name: string; source: string; shown: string }[] = [
  { name: 'a reference as written', source: 'var.env', shown: 'var.env' },
  { name: 'a short one-line template as written', source: '"logs-${var.env}/*"', shown: '"logs-${var.env}/*"' },
  { name: 'a map key in a short index', source: 'var.roles["payments"]', shown: 'var.roles["payments"]' },
  { name: 'a long expression keeps structure, hides literal text', source: LONG_POLICY, shown: 'jsonencode({ Statement = [{ Effect = "…", Action = "…", Resource = "…${var.region}…${var.account}…" }] })' },
  { name: 'a multi-line expression hides literal text', source: 'merge(var.tags, {\n  password = "hunter2"\n})', shown: 'merge(var.tags, { password = "…" })' },
  { name: 'a heredoc body is never shown', source: '<<EOT\npassword=hunter2 ${var.x}\nEOT', shown: '<<EOT … EOT' },
  { name: 'an indented heredoc', source: 'trimspace(<<-EOT\n    hunter2\n    EOT\n)', shown: 'trimspace(<<-EOT … EOT )' },
  { name: 'comments are dropped', source: 'var.x # hunter2', shown: 'var.x' },
  { name: 'an escaped interpolation stays literal (hidden when long)', source: 'format("%s-$${x}-hunter2-padding-padding-padding-padding-padding", var.x)', shown: 'format("…", var.x)' },
  { name: 'a string left open is not shown', source: '"/${var.service}/db\n  type = "SecureString"\n  value = "hunter2"', shown: '…' },
  { name: 'an interpolation closed by the wrong bracket', source: '"/${(var.environment}/db/password"', shown: '…' },
  { name: 'brackets that do not pair', source: 'jsonencode([{ a = "b" )]', shown: '…' },
  { name: 'a heredoc without its end', source: '<<EOT\nhunter2\n', shown: '…' },
  { name: 'a directive run into the next attribute', source: '"String"%{\n  value = "hunter2"\n}', shown: '"…"%{ value = "…" }' },
];

for (const c of CASES) {
  test(`expression text: ${c.name}`, () => {
    const shown = expressionText(c.source);
    assert.equal(shown, c.shown);
    assert.ok(!shown.includes('hunter2'));
  });
}

test('expression text: a very long expression is cut at 160 characters', () => {
  const shown = expressionText(`concat(${Array.from({ length: 60 }, (_, i) => `var.v${i}`).join(', ')})`);
  assert.equal(shown.length, 160);
  assert.ok(shown.endsWith('…'));
});
