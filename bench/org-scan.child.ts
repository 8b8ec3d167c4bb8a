// One measurement of the org bench, in its own process so that its peak RSS is its own:
//   floor DIR  — read every file and parse it with its format's parser (JSON.parse, the HCL parser, YAML)
//   scan DIR   — the whole scan, JSON report streamed to /dev/null, time per stage
// Prints one JSON line: { ms (CPU time: the machine may be shared), wallMs, stages (CPU ms), maxRssMb, readers? }.
// Both modes run with V8 tuned as the CLI tunes it (src/v8-tuning.ts), so that the scan is measured
// as users run it and the floor on the same runtime; `--untuned` measures with V8's defaults.
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { initHclParser, parseHcl } from '../src/load/files/hcl/parse-hcl.js';
import { writeJsonBytes } from '../src/report/json.js';
import { scanDetailed } from '../src/api/scan.js';
import { tuneV8ForOneScan } from '../src/v8-tuning.js';

const args = process.argv.slice(2);
const untuned = args.includes('--untuned');
const [mode, dir] = args.filter((a) => a !== '--untuned');
if (!untuned) tuneV8ForOneScan();
if (!dir || (mode !== 'floor' && mode !== 'scan')) throw new Error('usage: org-scan.child.ts [--untuned] floor|scan DIR');

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

// Warm the parsers (module load, WebAssembly compile) outside the timed part in both modes alike.
await initHclParser();
parseHcl('a = 1\n');
JSON.parse('{}');
const start = performance.now();
const cpuStart = process.cpuUsage();
let cpuLast = cpuStart;
const cpuMs = (from: NodeJS.CpuUsage): number => { const d = process.cpuUsage(from); return (d.user + d.system) / 1000; };
const stages: Record<string, number> = {};
let readers: number | undefined;
if (mode === 'floor') {
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      const value = JSON.parse(text) as { Policy?: unknown };
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
