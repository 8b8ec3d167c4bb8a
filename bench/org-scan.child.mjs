// One measurement of the org bench, in its own process so that its peak RSS is its own:
//   floor DIR  — read every file and parse it with its format's parser (JSON.parse, the HCL parser, YAML)
//   scan DIR   — the whole scan, JSON report streamed to /dev/null, time per stage
// Prints one JSON line: { ms (CPU time: the machine may be shared), wallMs, stages (CPU ms), maxRssMb, readers? }.
// Plain JavaScript running the compiled code in dist/ (`npm run build`), as `npx secret-scan` does:
// a TypeScript loader in the measured process would hold about 50 MB of its own.
// Both modes run with V8 tuned as the CLI tunes it (src/v8-tuning.ts), so that the scan is measured
// as users run it and the floor on the same runtime; `--untuned` measures with V8's defaults.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const args = process.argv.slice(2);
const untuned = args.includes('--untuned');
const [mode, dir] = args.filter((a) => a !== '--untuned');
if (!dir || (mode !== 'floor' && mode !== 'scan')) throw new Error('usage: org-scan.child.mjs [--untuned] floor|scan DIR');

/** A module of the compiled code. */
const built = async (path) => {
  const file = fileURLToPath(new URL(`../dist/src/${path}`, import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} missing: run npm run build first`);
  return import(new URL(`../dist/src/${path}`, import.meta.url).href);
};
const { initHclParser, parseHcl } = await built('load/files/hcl/parse-hcl.js');
const { writeJsonBytes } = await built('report/json.js');
const { scanDetailed } = await built('api/scan.js');
const { tuneV8ForOneScan } = await built('v8-tuning.js');
if (!untuned) tuneV8ForOneScan();

const files = (root) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();

// Warm the parsers (module load, WebAssembly compile) outside the timed part in both modes alike.
await initHclParser();
parseHcl('a = 1\n');
JSON.parse('{}');
const start = performance.now();
const cpuStart = process.cpuUsage();
let cpuLast = cpuStart;
const cpuMs = (from) => { const d = process.cpuUsage(from); return (d.user + d.system) / 1000; };
const stages = {};
let readers;
if (mode === 'floor') {
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      const value = JSON.parse(text);
      // A resource policy dump holds its document as a string: parsing it is part of reading the file.
      if (typeof value.Policy === 'string') JSON.parse(value.Policy);
    } else if (file.endsWith('.hcl')) parseHcl(text);
    else if (file.endsWith('.yaml')) parseDocument(text);
  }
} else {
  const { report } = await scanDetailed({ paths: [dir], cwd: dir, onStage: (stage) => { stages[stage] = Math.round(cpuMs(cpuLast)); cpuLast = process.cpuUsage(); } });
  const before = process.cpuUsage();
  const fd = openSync('/dev/null', 'w');
  writeJsonBytes(report, (chunk) => { writeSync(fd, chunk); });
  closeSync(fd);
  stages['json'] = Math.round(cpuMs(before));
  readers = report.secrets.reduce((n, s) => n + s.readers.length, 0);
}
const ms = cpuMs(cpuStart);
console.log(JSON.stringify({ ms, wallMs: performance.now() - start, stages, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...(readers !== undefined ? { readers } : {}) }));
