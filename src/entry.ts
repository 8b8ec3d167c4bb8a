/**
 * The package entry for `import`: the API of `index.ts`, with the HCL grammar loaded before the
 * importer's first line runs, so the functions that take Vault policy text work at once.
 * `require('secret-scan')` gets `index.ts` itself, which has no top-level await (Node refuses to
 * require a module that has one).
 */
import { initHclParser } from './load/files/hcl/parse-hcl.js';

export * from './index.js';

await initHclParser();
