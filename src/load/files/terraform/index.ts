export { terraformLoader, evaluateTerraformFiles, type TerraformLoadResult } from './terraform-loader.js';
export { evaluateExpression, type EvalScope, type ReferenceResolver } from './evaluate-expression.js';
export { supportedFunctionNames } from './tf-functions.js';
