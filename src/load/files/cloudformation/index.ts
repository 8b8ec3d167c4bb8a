import type { FileLoader } from '../file-loader.js';
import { loadCloudFormationTemplate } from './load-cloudformation.js';

export { loadCloudFormationTemplate, isCloudFormationTemplate } from './load-cloudformation.js';

/**
 * CloudFormation templates (YAML or JSON, SAM, CDK `cdk.out/*.template.json`), recognized by
 * content. Register before the AWS CLI loader's generic JSON shapes and before the
 * "not yet supported" catch-all, which it replaces for templates.
 */
export const cloudFormationLoader: FileLoader = {
  name: 'cloudformation',
  wantsPath: (path) => /\.(ya?ml|json|template|cfn)$/i.test(path),
  load: (path, text, context) => loadCloudFormationTemplate(path, text, context),
};
