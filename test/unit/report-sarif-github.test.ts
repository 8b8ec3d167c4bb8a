import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Log, Result } from 'sarif';
import { prepareSarifForGitHub, SCANROOT } from '../../src/report/sarif-github.js';

const result = (i: number, level: Result['level'], uri = `infra/f${i}.tf`): Result => ({
  ruleId: 'SS001', level, message: { text: `finding ${i}` },
  locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }],
  codeFlows: [{ threadFlows: [{ locations: [{ location: { message: { text: 'x'.repeat(200) + i } } }] }] }],
});
const log = (results: Result[]): Log => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'secret-scan' } }, results }] });

describe('prepareSarifForGitHub: what upload-sarif accepts', () => {
  test('file URIs (paths outside the working directory) become relative to SCANROOT, their common folder', () => {
    const sarif = log([result(1, 'error', 'file:///home/ci/other%20repo/infra/a.tf'), result(2, 'error', 'file:///home/ci/other%20repo/vault/b.hcl'), result(3, 'error')]);
    prepareSarifForGitHub(sarif, { category: 'infra' });
    const uris = sarif.runs[0]?.results?.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation);
    assert.deepEqual(uris, [{ uri: 'infra/a.tf', uriBaseId: SCANROOT }, { uri: 'vault/b.hcl', uriBaseId: SCANROOT }, { uri: 'infra/f3.tf', uriBaseId: '%SRCROOT%' }]);
    assert.equal(sarif.runs[0]?.originalUriBaseIds?.[SCANROOT]?.uri, 'file:///home/ci/other%20repo/');
    assert.deepEqual(sarif.runs[0]?.automationDetails, { id: 'infra/' });
  });

  test('more than 25,000 results: the most severe are kept and a notification says how many were left out', () => {
    const results = Array.from({ length: 25_010 }, (_, i) => result(i, i < 20 ? 'note' : 'error'));
    const sarif = log(results);
    const notes = prepareSarifForGitHub(sarif);
    assert.equal(sarif.runs[0]?.results?.length, 25_000);
    assert.equal(sarif.runs[0]?.results?.filter((r) => r.level === 'note').length, 10);
    assert.match(notes[0] ?? '', /^10 of 25010 results left out/);
    assert.equal(sarif.runs[0]?.invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text, notes[0]);
  });

  test('over the gzipped size limit: code flows go first, then the least severe results, until it fits', () => {
    const sarif = log(Array.from({ length: 2000 }, (_, i) => ({ ...result(i, i % 2 === 0 ? 'warning' : 'error'), message: { text: Math.random().toString(36).repeat(8) } })));
    const limit = 20_000;
    const notes = prepareSarifForGitHub(sarif, { maxGzipBytes: limit });
    assert.ok(gzipSync(JSON.stringify(sarif)).length <= limit);
    assert.ok(sarif.runs[0]?.results?.every((r) => r.codeFlows === undefined));
    assert.ok((sarif.runs[0]?.results?.length ?? 0) > 0 && (sarif.runs[0]?.results?.length ?? 0) < 2000);
    assert.ok(notes.some((n) => n.startsWith('code flows left out')) && notes.some((n) => /more results left out/.test(n)));
  });
});
