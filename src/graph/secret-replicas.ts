/**
 * The other copies of a Secrets Manager secret's value. "Secrets Manager replicates the encrypted
 * secret data and metadata such as tags and resource policies across the specified Regions", and a
 * replica's ARN "is the same as the primary secret except for the Region"
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html). Whoever may
 * read a replica reads the secret: each copy is asked as a secret of its own, with the primary's
 * resource policy and the replica's key.
 */
import { GraphMemo } from './graph-memo.js';
import type { Access } from './access.js';
import { placeStep } from './access.js';
import type { AwsSecretResource } from './secret-targets.js';
import type { SecretReplica } from '../model/inventory.js';
import { withRegion } from '../load/arns.js';

export type SecretsManagerResource = Extract<AwsSecretResource, { service: 'secretsmanager' }>;

const copiesOf = new GraphMemo<AwsSecretResource, SecretsManagerResource[]>();

/** The replicas of a Secrets Manager secret, each as the resource a read of it asks about; [] for anything else. */
export function replicaCopies(aws: AwsSecretResource): SecretsManagerResource[] {
  if (aws.service !== 'secretsmanager' || !aws.secret?.replicas?.length) return [];
  let copies = copiesOf.get(aws);
  if (!copies) copiesOf.set(aws, (copies = aws.secret.replicas.filter((r) => r.region !== aws.region).map((replica) => copyIn(aws, replica))));
  return copies;
}

function copyIn(aws: SecretsManagerResource, replica: SecretReplica): SecretsManagerResource {
  const { region, kmsKeyId } = replica;
  const arn = withRegion(aws.arn, region);
  const { kmsKeyId: _primaryKey, replicas: _replicas, ...secret } = aws.secret ?? { name: aws.name, arn: aws.arn, source: { file: 'secret-scan:inventory' } };
  const copy: SecretsManagerResource = {
    service: 'secretsmanager', name: aws.name, arn, account: aws.account, region,
    secret: { ...secret, arn, ...(kmsKeyId !== undefined ? { kmsKeyId } : {}) },
    replicaOf: aws,
  };
  if (aws.pattern) copy.pattern = { ...aws.pattern, arn: withRegion(aws.pattern.arn, region) };
  // A region the inputs cannot name: the copy may be in any region, so it is asked as a pattern
  // (docs/semantics.md#symbolic-unknowns) and grants on some regions only match it conditionally.
  if (replica.regionUnknown !== undefined) {
    copy.pattern = {
      id: aws.pattern?.id ?? aws.name, name: aws.pattern?.name ?? aws.name, arn: withRegion(aws.pattern?.arn ?? aws.arn, '*'),
      why: aws.pattern ? `${aws.pattern.why}; the replica's region is not known (${replica.regionUnknown})` : `the replica's region is not known (${replica.regionUnknown})`,
    };
  }
  return copy;
}

/** A read of a replica, its step saying which copy was read. */
export function throughReplica(access: Access, copy: SecretsManagerResource): Access {
  const region = copy.region === '*' ? 'an unknown region' : copy.region;
  return {
    conditional: access.conditional,
    steps: access.steps.map((step) => placeStep({ ...step, detail: `through the replica in ${region} (${copy.arn}): ${step.detail ?? ''}` }, step.from, step.to)),
  };
}

