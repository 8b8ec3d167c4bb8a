import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadCaseTable, repositoryRoot } from '../support/case-table.js';
import { ACCESS_RELEVANT_UNMAPPED, DATA_SOURCES_READ_BY_REFERENCE, MAPPED_TYPES, mapTerraformResources, renderPolicyDocument } from '../../src/load/files/terraform-resources/map-terraform-resources.js';
import { dataSourceMayMatter, managedTypeMayMatter } from '../../src/load/files/terraform-resources/terraform-resource.js';
import type { TerraformMappingContext, TerraformResourceInput, TfValue } from '../../src/load/files/terraform-resources/terraform-resource.js';

interface CaseResource { type: string; name: string; mode?: 'managed' | 'data'; address?: string; values: Record<string, TfValue>; textLineBase?: Record<string, number>; place?: TerraformResourceInput['place'] }
interface Expectation { at?: string; equals?: unknown; absent?: string }
interface MappingCase { name: string; doc: string; context?: TerraformMappingContext; resources: CaseResource[]; expect: Expectation[]; issues: string[]; never?: string[] }

/** `a[0].b.length` → the value at that path, or undefined when any step is missing. */
function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const step of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (node === undefined || node === null) return undefined;
    if (step === 'length' && Array.isArray(node)) return node.length;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

const cases = loadCaseTable<MappingCase[]>(join(repositoryRoot, 'test/unit/inputs/tfplan/mapping-cases.yaml'));

describe('mapTerraformResources (table)', () => {
  for (const c of cases) {
    test(c.name, () => {
      assert.match(c.doc, /^https:\/\//);
      const resources: TerraformResourceInput[] = c.resources.map((r, i) => {
        const address = r.address ?? `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
        return { mode: r.mode ?? 'managed', type: r.type, address, values: r.values, source: { file: 'main.tf', line: i + 1 }, ...(r.textLineBase ? { textLineBase: r.textLineBase } : {}), ...(r.place ? { place: r.place } : {}) };
      });
      const result = mapTerraformResources(resources, c.context ?? { region: 'us-east-1', defaultAccount: '111122223333' });
      for (const e of c.expect) {
        if (e.absent !== undefined) assert.equal(valueAt(result.fragment, e.absent), undefined, `${e.absent} should be absent`);
        if (e.at !== undefined) assert.deepEqual(valueAt(result.fragment, e.at), e.equals, e.at);
      }
      assert.deepEqual(result.issues.map((i) => i.code).sort(), [...c.issues].sort(), JSON.stringify(result.issues.map((i) => i.message)));
      for (const issue of result.issues) assert.ok(issue.source.file === 'main.tf' && issue.source.line !== undefined, `issue without a place: ${issue.message}`);
      for (const value of c.never ?? []) {
        assert.equal(JSON.stringify(result).includes(value), false, 'a secret value reached the output');
      }
    });
  }
});

describe('renderPolicyDocument', () => {
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document#example-of-merging-source-documents
  test('source documents first, own statements replace by sid, overrides last', () => {
    const source = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'B', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] });
    const override = JSON.stringify({ Statement: [{ Sid: 'B', Effect: 'Deny', Action: 'ec2:*', Resource: '*' }, { Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] });
    const document = renderPolicyDocument({
      policy_id: 'doc', source_policy_documents: [source], override_policy_documents: [override],
      statement: [{ sid: 'A', actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::b'] }],
    });
    assert.deepEqual(document, {
      Version: '2012-10-17', Id: 'doc',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::b' },
        { Sid: 'B', Effect: 'Deny', Action: 'ec2:*', Resource: '*' },
        { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
      ],
    });
  });

  test('not_principals and not_actions render as NotPrincipal and NotAction', () => {
    const document = renderPolicyDocument({ statement: [{ effect: 'Deny', not_actions: ['s3:GetObject'], resources: ['*'], not_principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b'] }] }] });
    assert.deepEqual(document['Statement'], [{ Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b'] } }]);
  });
});

// The HCL loader stays quiet about an unknown count on a type managedTypeMayMatter rules out: that
// must never be a type the mapping reads or reports as not read yet.
describe('managedTypeMayMatter and dataSourceMayMatter cover every type the mapping reads or reports', () => {
  test('every mapped type', () => {
    for (const type of MAPPED_TYPES) assert.ok(managedTypeMayMatter(type), type);
  });
  test('every family reported as not read yet', () => {
    const alternatives = /^\^\((.*)\)$/.exec(ACCESS_RELEVANT_UNMAPPED.source)?.[1]?.split('|') ?? [];
    assert.ok(alternatives.length > 5, ACCESS_RELEVANT_UNMAPPED.source);
    for (const alternative of alternatives) {
      const example = alternative.endsWith('$') ? alternative.slice(0, -1) : `${alternative}example`;
      assert.ok(ACCESS_RELEVANT_UNMAPPED.test(example), example);
      assert.ok(managedTypeMayMatter(example), example);
    }
    assert.equal(managedTypeMayMatter('aws_route53_record'), false);
  });
  test('every data source read by reference', () => {
    for (const type of DATA_SOURCES_READ_BY_REFERENCE) assert.ok(dataSourceMayMatter(type), type);
    assert.equal(dataSourceMayMatter('aws_nat_gateway'), false);
  });
});
