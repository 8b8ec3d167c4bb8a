import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountOfArn, describePrincipal, parseArn } from '../../src/engine/iam/index.js';
import { ipInCidr, parseCidr, parseIp } from '../../src/engine/iam/conditions/ip.js';

describe('parseArn', () => {
  test('keeps colons inside the resource part', () => {
    assert.deepEqual(parseArn('arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf'), {
      partition: 'aws', service: 'secretsmanager', region: 'eu-west-1', account: '111122223333', resource: 'secret:prod/db-AbCdEf',
    });
  });
  test('rejects non-ARNs and S3 ARNs have no account', () => {
    assert.equal(parseArn('role/app'), undefined);
    assert.equal(parseArn('arn:aws:s3'), undefined);
    assert.equal(accountOfArn('arn:aws:s3:::bucket/key'), undefined);
    assert.equal(accountOfArn('arn:aws:iam::111122223333:role/app'), '111122223333');
  });
});

describe('describePrincipal', () => {
  test('session: aws:PrincipalArn is the role ARN', () => {
    const p = describePrincipal('arn:aws:sts::111122223333:assumed-role/app/i-123');
    assert.equal(p.kind, 'session');
    assert.equal(p.principalArn, 'arn:aws:iam::111122223333:role/app');
    assert.equal(p.sessionName, 'i-123');
  });
  test('user with path, root, anonymous, service', () => {
    assert.equal(describePrincipal('arn:aws:iam::111122223333:user/div/alice').userName, 'alice');
    assert.equal(describePrincipal('arn:aws:iam::111122223333:root').kind, 'root');
    assert.equal(describePrincipal('111122223333').kind, 'root');
    assert.equal(describePrincipal('*').kind, 'anonymous');
    assert.equal(describePrincipal('ecs-tasks.amazonaws.com').kind, 'service');
  });
});

describe('IP addresses', () => {
  const inside = (ip: string, cidr: string): boolean => ipInCidr(parseIp(ip)!, parseCidr(cidr)!);
  test('IPv4 and IPv6 blocks', () => {
    assert.equal(inside('10.255.0.1', '10.0.0.0/8'), true);
    assert.equal(inside('11.0.0.1', '10.0.0.0/8'), false);
    assert.equal(inside('192.168.1.77', '192.168.1.64/26'), true);
    assert.equal(inside('2001:db8::ff', '2001:db8::/64'), true);
    assert.equal(inside('2001:db9::1', '2001:db8::/32'), false);
    assert.equal(inside('::ffff:10.0.0.1', '::ffff:10.0.0.0/104'), true);
    assert.equal(inside('1.2.3.4', '0.0.0.0/0'), true);
  });
  test('rejects malformed input', () => {
    assert.equal(parseIp('10.0.0.256'), undefined);
    assert.equal(parseIp('1:2:3'), undefined);
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
  });
});
