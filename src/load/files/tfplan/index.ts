import type { FileLoader } from '../file-loader.js';
import { loadTerraformPlan } from './load-terraform-plan.js';

export { loadTerraformPlan, looksLikeTerraformPlan } from './load-terraform-plan.js';

/** `terraform show -json PLANFILE` output (any `.json` file; recognized by content). Register before the AWS CLI loader. */
export const terraformPlanLoader: FileLoader = {
  name: 'terraform-plan',
  wantsPath: (path) => /\.json$/i.test(path),
  load: (path, text, context) => loadTerraformPlan(path, text, context),
};
