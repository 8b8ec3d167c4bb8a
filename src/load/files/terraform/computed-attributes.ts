import type { LoadContext } from '../file-loader.js';
import { renderVaultPolicyDocument } from '../terraform-resources/render-vault-policy-document.js';
import { deployAccount, partitionOf } from '../../identity/account-identity.js';
import { containsUnknown, encodeJson, type TfObject, type TfValue } from './tf-values.js';
import { iamArn, isArnText, kmsAliasArn, secretsManagerStandInArn, ssmParameterArn } from '../../arns.js';
import { trimVaultSlashes } from '../../../model/vault.js';
import { awsManagedPolicyArnByName, resolveAwsManagedPolicy } from '../awscli/aws-managed-policies.js';

// What the AWS provider computes for the attributes other blocks refer to, per its "Attribute
// Reference" sections (https://registry.terraform.io/providers/hashicorp/aws/latest/docs). Only
// values that follow from the configuration are given; the rest stay "known after apply"
// unknowns named `ADDRESS.ATTRIBUTE`, which the mapping joins by address (KMS keys).

export type DocumentRenderer = (values: Record<string, TfValue>) => TfValue;

function iamPath(path: TfValue | undefined): string | undefined {
  if (path === undefined || path === null || path === '') return '/';
  if (typeof path !== 'string') return undefined;
  return `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
}

/**
 * Attributes a resource or data source instance exports besides its arguments, computed from its
 * arguments where the provider's rule is documented and deterministic. Unknown inputs give no entry.
 */
export function computedAttributes(mode: 'managed' | 'data', type: string, values: TfObject, context: LoadContext, render: DocumentRenderer): TfObject {
  const out: TfObject = {};
  const str = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const account = deployAccount(context);
  const region = context.region;
  if (type === 'aws_secretsmanager_secret_version') {
    // Data source and resource alike: `arn` is the ARN of the secret `secret_id` names (its ARN or name).
    const secret = str('secret_id');
    if (secret === undefined || (!secret.startsWith('arn:') && !account)) return out;
    const arn = secret.startsWith('arn:') ? secret : secretsManagerStandInArn(secret, region, account);
    return { arn, secret_arn: arn };
  }
  if (type === 'vault_namespace') {
    // Data source and resource alike: `path_fq` is the namespace's path from the provider's own,
    // i.e. under the `namespace` it is created in (https://registry.terraform.io/providers/hashicorp/vault/latest/docs/resources/namespace).
    const path = str('path');
    if (path === undefined) return out;
    const parent = str('namespace');
    return { path_fq: parent !== undefined && trimVaultSlashes(parent) !== '' ? `${trimVaultSlashes(parent)}/${trimVaultSlashes(path)}` : trimVaultSlashes(path) };
  }
  if (mode === 'data') {
    switch (type) {
      case 'aws_iam_policy_document': {
        const doc = render(values);
        // A document with unknowns inside stays a structure (see jsonencode); else the JSON text.
        const json = containsUnknown(doc) ? doc : encodeJson(doc);
        return { json, minified_json: json };
      }
      case 'vault_policy_document':
        return { hcl: renderVaultPolicyDocument(values, 'data.vault_policy_document.hcl') };
      case 'aws_caller_identity':
        // `arn` and `user_id` name whoever runs Terraform: they stay unknown.
        return { account_id: account, id: account };
      case 'aws_region': {
        // Provider v6 takes a `region` argument (the region asked about); without it, the provider's.
        const named = str('region') ?? region;
        return { name: named, id: named, region: named };
      }
      case 'aws_partition': {
        const { partition, dnsSuffix } = partitionOf(region);
        return { partition, dns_suffix: dnsSuffix, id: partition };
      }
      case 'aws_ssm_parameter': {
        const name = str('name');
        if (name !== undefined && isArnText(name)) return { arn: name, id: name };
        return name !== undefined && account ? { arn: ssmParameterArn(name, region, account), id: name } : {};
      }
      case 'aws_iam_policy': {
        // An AWS managed policy, looked up by its ARN or by a name AWS uses (the provider searches
        // customer and AWS managed policies and fails on two matches): its document is the shipped
        // catalog's, as for an attachment (docs/semantics.md#managed-policies). Tutorials build on
        // it with `source_json` / `source_policy_documents = [data.aws_iam_policy.x.policy]`.
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy
        const name = str('name');
        const arn = str('arn') ?? (name !== undefined ? awsManagedPolicyArnByName(name) : undefined);
        const managed = arn !== undefined ? resolveAwsManagedPolicy(arn) : undefined;
        if (arn === undefined || managed === undefined) return out;
        return { arn, id: arn, name: managed.name, policy: JSON.stringify(managed.policy.document) };
      }
      case 'aws_secretsmanager_secret': {
        // Looked up by ARN (in `arn`, or in `name`, which takes one too), or by a name: the ARN with
        // AWS's random suffix stood in for, as for a created one.
        const name = str('name');
        const given = str('arn') ?? (name !== undefined && isArnText(name) ? name : undefined);
        const arn = given ?? (name !== undefined && account ? secretsManagerStandInArn(name, region, account) : undefined);
        return arn === undefined ? {} : { arn, id: arn };
      }
      default:
        return out;
    }
  }
  switch (type) {
    case 'aws_iam_role':
    case 'aws_iam_user':
    case 'aws_iam_group':
    case 'aws_iam_policy': {
      const name = str('name');
      const path = iamPath(values['path']);
      if (name === undefined || path === undefined) return out;
      const kind = type.slice('aws_iam_'.length);
      if (account) out['arn'] = iamArn(account, kind, name, path);
      if (type === 'aws_iam_policy') { if (out['arn']) out['id'] = out['arn']; }
      else out['id'] = name;
      return out;
    }
    case 'aws_iam_role_policy':
    case 'aws_iam_user_policy':
    case 'aws_iam_group_policy': {
      const owner = str(type === 'aws_iam_role_policy' ? 'role' : type === 'aws_iam_user_policy' ? 'user' : 'group');
      const name = str('name');
      if (owner !== undefined && name !== undefined) out['id'] = `${owner}:${name}`;
      return out;
    }
    case 'aws_iam_instance_profile': {
      const name = str('name');
      const path = iamPath(values['path']);
      if (name !== undefined && path !== undefined && account) out['arn'] = iamArn(account, 'instance-profile', name, path);
      if (name !== undefined) out['id'] = name;
      return out;
    }
    case 'aws_s3_bucket': {
      const bucket = str('bucket');
      if (bucket !== undefined) Object.assign(out, { id: bucket, arn: `arn:aws:s3:::${bucket}`, bucket });
      return out;
    }
    case 'aws_ssm_parameter': {
      const name = str('name');
      if (name === undefined) return out;
      out['id'] = name;
      if (account) out['arn'] = ssmParameterArn(name, region, account);
      return out;
    }
    case 'aws_secretsmanager_secret': {
      const name = str('name');
      if (name === undefined || !account) return out;
      // AWS appends a random `-XXXXXX`; `?` matches one character, the mapping's own convention.
      const arn = secretsManagerStandInArn(name, region, account);
      return { arn, id: arn };
    }
    case 'aws_kms_alias': {
      const name = str('name');
      if (name !== undefined) { out['id'] = name; if (account) out['arn'] = kmsAliasArn(name, region, account); }
      return out;
    }
    case 'aws_ecs_task_definition': {
      const family = str('family');
      if (family !== undefined && account) out['arn_without_revision'] = `arn:aws:ecs:${region}:${account}:task-definition/${family}`;
      return out;
    }
    case 'aws_lambda_function': {
      const name = str('function_name');
      if (name !== undefined) { out['id'] = name; if (account) out['arn'] = `arn:aws:lambda:${region}:${account}:function:${name}`; }
      return out;
    }
    case 'aws_sns_topic': case 'aws_sqs_queue':
      return out;
    case 'vault_policy':
      if (str('name') !== undefined) out['id'] = str('name') as string;
      return out;
    case 'vault_mount':
    case 'vault_auth_backend': {
      const path = str('path') ?? (type === 'vault_auth_backend' ? str('type') : undefined);
      if (path !== undefined) { out['id'] = path; out['path'] = path; }
      return out;
    }
    case 'vault_approle_auth_backend_role':
    case 'vault_aws_auth_backend_role':
      return out;
    default:
      return out;
  }
}
