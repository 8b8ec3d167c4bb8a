// Public API of secret-scan. Grows as the engines land.
export type * from './model/source.js';
export type * from './model/issue.js';
export type * from './model/iam.js';
export type * from './model/vault.js';
export type * from './model/inventory.js';
export type * from './model/manifest.js';
export type * from './model/report.js';
export type * from './model/rule.js';
