import type { BatchLoader, FileLoader } from './file-loader.js';
import { loadAwsCliFile } from './awscli/load-aws-cli-file.js';
import { loadVaultFile } from './vault/load-vault-file.js';
import { terraformPlanLoader } from './tfplan/index.js';
import { terraformLoader } from './terraform/index.js';
import { cloudFormationLoader } from './cloudformation/index.js';

const vaultLoader: FileLoader = {
  name: 'vault',
  wantsPath: (path) => /\.(hcl|json)$/i.test(path),
  load(path, text) {
    const loaded = loadVaultFile(path, text);
    return {
      recognized: loaded.recognized, fragment: { vaultPolicies: loaded.policies, vaultAuthRoles: loaded.roles }, issues: loaded.issues,
      ...(loaded.skipReason ? { skipReason: loaded.skipReason } : {}),
    };
  },
};

const awsCliLoader: FileLoader = {
  name: 'aws-cli',
  // Extensionless files too: `aws … > scp-deny-secrets` is a common way to save a dump.
  wantsPath: (path) => /\.(json|xml|txt)$/i.test(path) || !/\.[^/.]+$/.test(path),
  load: (path, text, context) => loadAwsCliFile(path, text, context),
};

/** Every file format, in the order they are asked: the first that recognizes a file loads it. */
export const fileLoaders: readonly FileLoader[] = [terraformPlanLoader, vaultLoader, cloudFormationLoader, awsCliLoader];

/** Formats whose unit is several files (Terraform modules); asked before the per-file loaders. */
export const batchLoaders: readonly BatchLoader[] = [terraformLoader];
