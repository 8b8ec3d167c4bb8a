// Loaded by scripts/run-tests.mjs before every test file (--import): loads the HCL grammar once,
// as `scan()` and the package's `import` entry do, so tests may call loaders and parsers directly.
import { initHclParser } from '../../src/load/files/hcl/parse-hcl.js';

await initHclParser();
