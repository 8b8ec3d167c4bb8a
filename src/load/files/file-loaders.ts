import type { BatchLoader, FileLoader } from './file-loader.js';
import { loadAwsCliFile } from './awscli/load-aws-cli-file.js';
import { loadVaultFile } from './vault/load-vault-file.js';
import { terraformPlanLoader } from './tfplan/index.js';

const vaultLoader: FileLoader = {
  name: 'vault',
  wantsPath: (path) => /\.(hcl|json)$/i.test(path),
  load(path, text) {
    const loaded = loadVaultFile(path, text);
    return { recognized: loaded.recognized, fragment: { vaultPolicies: loaded.policies, vaultAuthRoles: loaded.roles }, issues: loaded.issues };
  },
};

const awsCliLoader: FileLoader = {
  name: 'aws-cli',
  wantsPath: (path) => /\.(json|xml|txt)$/i.test(path),
  load: (path, text, context) => loadAwsCliFile(path, text, context),
};

/** Formats the next issue will teach the tool; until then they are named, not silently skipped (SPEC §10). */
const notYetSupported: FileLoader = {
  name: 'not-yet-supported',
  wantsPath: (path) => /\.(tf|tfvars|ya?ml|template|json)$/i.test(path),
  load(path, text) {
    const kind = /\.(tf|tfvars)$/i.test(path) ? 'Terraform configuration'
      : /AWSTemplateFormatVersion|^\s*Resources\s*:|"Resources"\s*:\s*\{/m.test(text) && /AWS::/.test(text) ? 'CloudFormation template'
      : undefined;
    if (!kind) return { recognized: false, fragment: {}, issues: [] };
    return { recognized: true, fragment: {}, issues: [{ code: 'unsupportedFormat', message: `${kind} is not read yet; grants it defines are not in the analysis`, source: { file: path, line: 1 } }] };
  },
};

/** Every file format, in the order they are asked: the first that recognizes a file loads it. */
export const fileLoaders: readonly FileLoader[] = [terraformPlanLoader, vaultLoader, awsCliLoader, notYetSupported];

/** Formats whose unit is several files (Terraform modules); asked before the per-file loaders. */
export const batchLoaders: readonly BatchLoader[] = [];
