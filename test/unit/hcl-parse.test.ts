import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHcl, type HclAttribute, type HclExpression } from '../../src/load/files/hcl/parse-hcl.js';

function attr(text: string, name: string): HclExpression {
  const { body, errors } = parseHcl(text);
  assert.deepEqual(errors, []);
  const a = body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === name);
  assert.ok(a, `attribute ${name}`);
  return a.expression;
}

// Strip ranges so expectations stay readable; positions are tested separately.
function shape(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'range' ? undefined : x)));
}

describe('parseHcl', () => {
  test('blocks with labels, attributes and positions', () => {
    const { body, errors } = parseHcl('resource "aws_iam_role" "x" {\n  name = "n"\n}\n\nvariable y {}\n');
    assert.deepEqual(errors, []);
    const [block, bare] = body.items;
    assert.equal(block?.kind, 'block');
    if (block?.kind !== 'block' || bare?.kind !== 'block') return;
    assert.deepEqual([block.type, block.labels, block.line, block.column], ['resource', ['aws_iam_role', 'x'], 1, 1]);
    const name = block.body.items[0];
    assert.deepEqual([name?.kind, name?.line, name?.column], ['attribute', 2, 3]);
    assert.deepEqual([bare.type, bare.labels, bare.line], ['variable', ['y'], 5]);
  });

  test('traversals: references, index, splat', () => {
    assert.deepEqual(shape(attr('a = aws_iam_role.x.arn', 'a')), {
      kind: 'getAttr', name: 'arn', target: { kind: 'getAttr', name: 'x', target: { kind: 'variable', name: 'aws_iam_role' } },
    });
    assert.deepEqual(shape(attr('a = var.list[0]', 'a')), {
      kind: 'index', key: { kind: 'literal', value: 0 }, target: { kind: 'getAttr', name: 'list', target: { kind: 'variable', name: 'var' } },
    });
    const splat = attr('a = aws_iam_role.r[*].arn', 'a');
    assert.equal(splat.kind, 'splat');
    if (splat.kind === 'splat') assert.deepEqual([splat.full, splat.each], [true, [{ kind: 'attr', name: 'arn' }]]);
  });

  test('templates: interpolation, escapes, literal $${ and directives', () => {
    assert.deepEqual(shape(attr('a = "arn:${local.p}:x\\n$${lit}"', 'a')), {
      kind: 'template',
      parts: [
        { kind: 'text', value: 'arn:' },
        { kind: 'interpolation', expression: { kind: 'getAttr', name: 'p', target: { kind: 'variable', name: 'local' } }, stripLeft: false, stripRight: false },
        { kind: 'text', value: ':x\n${lit}' },
      ],
    });
    const t = attr('a = "%{ if v }yes%{ else }no%{ endif }"', 'a');
    assert.equal(t.kind === 'template' && t.parts[0]?.kind, 'if');
  });

  test('heredocs keep whitespace; <<- strips the common indentation', () => {
    assert.deepEqual(shape(attr('a = <<EOT\n  x ${y}\n  z\nEOT\n', 'a')), {
      kind: 'template',
      heredoc: { marker: 'EOT', indented: false },
      parts: [{ kind: 'text', value: '  x ' }, { kind: 'interpolation', expression: { kind: 'variable', name: 'y' }, stripLeft: false, stripRight: false }, { kind: 'text', value: '\n  z\n' }],
    });
    const t = attr('a = <<-EOT\n    path "x" {\n      capabilities = ["read"]\n    }\n    EOT\n', 'a');
    assert.deepEqual(t.kind === 'template' ? t.parts : [], [{ kind: 'text', value: 'path "x" {\n  capabilities = ["read"]\n}\n' }]);
  });

  test('collections, calls, conditionals, for expressions and operators', () => {
    assert.deepEqual(shape(attr('a = jsonencode({ Version = "2012-10-17", "k" : [1, true, null] })', 'a')), {
      kind: 'call', name: 'jsonencode', expandFinal: false,
      args: [{ kind: 'object', items: [
        { key: { kind: 'variable', name: 'Version' }, value: { kind: 'literal', value: '2012-10-17' } },
        { key: { kind: 'literal', value: 'k' }, value: { kind: 'tuple', items: [{ kind: 'literal', value: 1 }, { kind: 'literal', value: true }, { kind: 'literal', value: null }] } },
      ] }],
    });
    const c = attr('a = x == "" ? 1 + 2 * 3 : -4', 'a');
    assert.equal(c.kind, 'conditional');
    if (c.kind === 'conditional') {
      assert.deepEqual(shape(c.condition), { kind: 'binary', operator: '==', left: { kind: 'variable', name: 'x' }, right: { kind: 'literal', value: '' } });
      assert.deepEqual(shape(c.then), { kind: 'binary', operator: '+', left: { kind: 'literal', value: 1 }, right: { kind: 'binary', operator: '*', left: { kind: 'literal', value: 2 }, right: { kind: 'literal', value: 3 } } });
    }
    const f = attr('a = { for k, v in var.m : k => v.arn if v.on }', 'a');
    assert.equal(f.kind, 'for');
    if (f.kind === 'for') assert.deepEqual([f.result, f.keyVar, f.valueVar, f.condition?.kind, f.grouping], ['object', 'k', 'v', 'getAttr', false]);
  });

  test('syntax errors carry positions and the rest of the file still parses', () => {
    const { body, errors } = parseHcl('a = [1, 2\nb = "ok"\nblock "x" {\n  c = }\n}\nd = 1\n');
    assert.ok(errors.length > 0);
    for (const e of errors) assert.ok(e.line >= 1 && e.column >= 1 && e.message.length > 0);
    assert.ok(body.items.some((i) => i.kind === 'attribute' && i.name === 'd'));
  });

  // Error recovery may pair a name with text far below it; what follows skipped text is not trusted
  // (hclsyntax/spec.md: an attribute is `Identifier "=" Expression`, a block `Identifier (StringLit|Identifier)* "{"`).
  test('an attribute with skipped text after its name is invalid, not the next attribute\'s value', () => {
    const { body, errors } = parseHcl('resource "r" "x" {\n  name *= var.name\n  type = "String"\n  value = "hunter2"\n}\n');
    assert.ok(errors.length > 0);
    const block = body.items[0];
    assert.equal(block?.kind, 'block');
    if (block?.kind !== 'block') return;
    const name = block.body.items.find((i): i is HclAttribute => i.kind === 'attribute' && i.name === 'name');
    assert.equal(name?.expression.kind, 'invalid');
    assert.ok(!JSON.stringify(shape(body)).includes('"value":"hunter2"'), 'no attribute reads the value as its own');
  });

  test('block labels after skipped text are dropped', () => {
    const { body } = parseHcl('path &c [*b, *b]\nlocals {\n  password = "hunter2"\n}\n');
    const labels = body.items.flatMap((i) => (i.kind === 'block' ? i.labels : []));
    assert.ok(!labels.includes('hunter2'), `labels: ${JSON.stringify(labels)}`);
  });

  test('columns count JavaScript characters after non-ASCII text', () => {
    const { body } = parseHcl('a = "é€"\nb = 1 # ü\n  c = 2\n');
    const c = body.items.find((i) => i.kind === 'attribute' && i.name === 'c');
    assert.deepEqual([c?.line, c?.column], [3, 3]);
  });
});
