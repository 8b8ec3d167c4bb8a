import type { Inventory, KmsAlias, KmsKey, S3Bucket, SecretsManagerSecret, SsmParameter } from '../model/inventory.js';

/** Lookups by name and ARN over one inventory, built once per scan so the graph never scans lists. */
export class InventoryIndex {
  readonly ssmByArn = new Map<string, SsmParameter>();
  readonly ssmByName = new Map<string, SsmParameter>();
  readonly secretsByArn = new Map<string, SecretsManagerSecret>();
  readonly secretsByName = new Map<string, SecretsManagerSecret[]>();
  readonly keysById = new Map<string, KmsKey>();
  readonly aliasesByName = new Map<string, KmsAlias>();
  /** Key id → the AWS managed alias (`alias/aws/…`) that targets it. */
  readonly awsAliasByKeyId = new Map<string, string>();
  readonly bucketsByName = new Map<string, S3Bucket>();

  constructor(readonly inventory: Inventory) {
    for (const parameter of inventory.ssmParameters) {
      this.ssmByArn.set(parameter.arn, parameter);
      if (!this.ssmByName.has(parameter.name)) this.ssmByName.set(parameter.name, parameter);
    }
    for (const secret of inventory.secretsManagerSecrets) {
      this.secretsByArn.set(secret.arn, secret);
      const list = this.secretsByName.get(secret.name) ?? [];
      list.push(secret);
      this.secretsByName.set(secret.name, list);
    }
    for (const key of inventory.kmsKeys) this.keysById.set(key.keyId, key);
    for (const alias of inventory.kmsAliases) {
      this.aliasesByName.set(alias.name, alias);
      if (alias.targetKeyId && alias.name.startsWith('alias/aws/')) this.awsAliasByKeyId.set(alias.targetKeyId, alias.name);
    }
    for (const bucket of inventory.buckets) this.bucketsByName.set(bucket.name, bucket);
  }
}
