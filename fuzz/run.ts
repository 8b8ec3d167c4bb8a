// `npm run fuzz [-- --runs N] [-- --only T1,T2] [-- --workers K] [-- --seconds S] [-- --no-properties] [-- --summary FILE] [-- --save T:N]`
//
// Not part of `npm test`. First the fast-check properties (fuzz/properties.ts), then a mutation
// fuzzer over every loader, both engines and one whole scan, seeded from fixtures/ and
// test/unit/inputs/. Inputs run in a small pool of persistent workers (default 2), in-process
// (no CLI spawned). The 1 s per-input limit is the runner's: a worker that does not answer in
// time is terminated and replaced, and the input run once more in the fresh worker (a loaded
// machine can stall one run); twice over the limit is a failure. Properties per input: no
// exception escapes; no input takes more than the limit; a canary planted where a secret value
// sits never appears in any message (for the whole scan: in any report format or on stderr);
// and, for the whole scan, the properties of fuzz/scan-target.ts. Failures are written to
// fuzz/failures/; moved to fuzz/regressions/ they run in `npm test`
// (test/unit/fuzz-regressions.test.ts). Prints inputs per second per target.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { CANARY, canaryOnlyAsValue, mutate, plantCanary, random } from './mutate.js';
import type { TargetName } from './targets.js';
import type { FuzzInput, FuzzResult } from './protocol.js';
import { runProperties } from './properties.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs') ?? '') || 2000;
const only = option('--only')?.split(',');
const workers = Math.max(1, Number(option('--workers') ?? '') || 2);
const summaryFile = option('--summary');
const LIMIT_MS = Number(option('--limit') ?? '') || 1000;
/** Stop a target after this many seconds even short of --runs (a long run on a shared machine). */
const maxSeconds = Number(option('--seconds') ?? '') || Infinity;

// ---- seeds ----------------------------------------------------------------------------------
const SEED_ROOTS = ['fixtures', 'test/unit/inputs'];
const all = SEED_ROOTS.flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).map((p) => join(root, dir, String(p))))
  .filter((p) => !p.endsWith('expected.json') && !p.endsWith('.ts') && statSync(p).isFile());
const read = (p: string): string => { try { return readFileSync(p, 'utf8'); } catch { return ''; } };
interface Seed { path: string; text: string }
const seedsFor = (test: (path: string, text: string) => boolean): Seed[] =>
  all.map((p) => ({ path: relative(root, p), text: read(p) })).filter((s) => s.text !== '' && test(s.path, s.text));

const cfn = (t: string): boolean => /AWSTemplateFormatVersion|Resources:|"Resources"/.test(t);
const FILE_SEEDS: Record<Exclude<TargetName, 'scan'>, Seed[]> = {
  'awscli-json': seedsFor((p, t) => /\/(aws|awscli)\/.*\.json$/.test(p) && !cfn(t)),
  'vault-hcl': seedsFor((p) => /\.hcl$/.test(p)),
  'vault-json': seedsFor((p) => /vault\/.*\.json$/.test(p)),
  terraform: seedsFor((p) => /\.tf$/.test(p)),
  tfplan: seedsFor((p, t) => /\.json$/.test(p) && /"format_version"/.test(t)),
  'cloudformation-yaml': seedsFor((p, t) => /\.ya?ml$/.test(p) && !/secret-scan\.ya?ml$/.test(p) && cfn(t)),
  'cloudformation-json': seedsFor((p, t) => /\.json$/.test(p) && cfn(t)),
  manifest: seedsFor((p) => /secret-scan\.ya?ml$/.test(p)),
  'iam-engine': seedsFor((p, t) => /\.json$/.test(p) && /"Statement"/.test(t)),
  'vault-engine': seedsFor((p) => /\.hcl$/.test(p)),
};

/** Fixture directories with an expected.json (the end-to-end ones) and their input files. */
const scanFixtures = readdirSync(join(root, 'fixtures'), { recursive: true }).map(String)
  .filter((p) => basename(p) === 'expected.json').map((p) => join(root, 'fixtures', p, '..'))
  .map((dir) => ({
    dir,
    files: readdirSync(dir, { recursive: true }).map(String)
      .filter((f) => statSync(join(dir, f)).isFile() && !/(^|\/)(expected\.json|README\.md|secret-scan\.ya?ml)$/.test(f)),
  }))
  .filter((f) => f.files.length > 0);

// ---- inputs ---------------------------------------------------------------------------------
const targetSalt = (target: string): number => createHash('sha256').update(target).digest().readUInt32LE(0);

/** The i-th input of a target: the same every run, so a failure's index reproduces it. */
function inputFor(target: TargetName, i: number, id: number): FuzzInput | undefined {
  const rnd = random((i * 7919 + targetSalt(target)) >>> 0);
  if (target === 'scan') {
    const fixture = scanFixtures[Math.floor(rnd() * scanFixtures.length)];
    if (!fixture) return undefined;
    const file = fixture.files[Math.floor(rnd() * fixture.files.length)] ?? '';
    const original = read(join(fixture.dir, file));
    const other = read(join(fixture.dir, fixture.files[Math.floor(rnd() * fixture.files.length)] ?? file));
    return { id, target, scan: { fixture: fixture.dir, file, original, text: mutate(plantCanary(original, rnd), other, rnd) } };
  }
  const seeds = FILE_SEEDS[target];
  const seed = seeds[Math.floor(rnd() * seeds.length)];
  if (!seed) return undefined;
  const other = seeds[Math.floor(rnd() * seeds.length)] ?? seed;
  return { id, target, path: seed.path, text: mutate(plantCanary(seed.text, rnd), other.text, rnd) };
}

// ---- workers --------------------------------------------------------------------------------
/** The worker and everything it imports in one file: a replaced worker is ready in a fraction of a second. */
async function bundleWorker(): Promise<string> {
  const outfile = join(root, 'tmp', 'fuzz', 'worker.mjs');
  // Packages stay external: they resolve from node_modules as in the source tree, and the bundle's
  // folder lies inside the package, so package-relative files (schemas/, data/) are found.
  await build({ entryPoints: [join(root, 'fuzz', 'worker.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'error', });
  return outfile;
}

type Outcome = FuzzResult | { timeout: true };

class Slot {
  private worker!: Worker;
  private ready!: Promise<void>;
  /** Unmutated seeds of the current target, run untimed by a new worker: a cold one (no JIT yet) is several times slower. */
  warmUp: FuzzInput[] = [];
  constructor(private readonly script: string) { this.start(); }
  private start(): void {
    const worker = new Worker(this.script);
    this.worker = worker;
    worker.on('error', () => undefined); // an escaped asynchronous error surfaces as a timeout of the input
    const warm = this.warmUp;
    this.ready = new Promise<void>((resolve) => worker.once('message', () => resolve())).then(async () => {
      for (const input of warm) await new Promise((resolve) => { worker.once('message', resolve); worker.postMessage(input); });
    });
  }
  /** Warms the running worker with the next target's seeds. */
  async warm(inputs: FuzzInput[]): Promise<void> {
    this.warmUp = inputs;
    await this.ready;
    for (const input of inputs) await new Promise((resolve) => { this.worker.once('message', resolve); this.worker.postMessage(input); });
  }
  async run(input: FuzzInput): Promise<Outcome> {
    await this.ready;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.worker.removeAllListeners('message');
        void this.worker.terminate();
        this.start();
        resolve({ timeout: true });
      }, LIMIT_MS);
      this.worker.once('message', (m: FuzzResult) => { clearTimeout(timer); resolve(m); });
      this.worker.postMessage(input);
    });
  }
  close(): Promise<number> { return this.worker.terminate(); }
}

// ---- the run --------------------------------------------------------------------------------
interface Failure { target: TargetName; kind: 'exception' | 'timeout' | 'canary' | 'property'; detail: string; index: number; input: FuzzInput }
const failures: Failure[] = [];
const seen = new Set<string>();
/** Inputs per target whose mutation moved the canary out of its value (not checked for it). */
const canaryMoved = new Map<TargetName, number>();

function record(failure: Failure): void {
  const key = `${failure.target}|${failure.kind}|${failure.detail.split('\n').slice(0, 2).join('|').replace(/\d+/g, '#')}`;
  if (seen.has(key)) return;
  seen.add(key);
  failures.push(failure);
  const dir = join(root, 'fuzz', 'failures');
  mkdirSync(dir, { recursive: true });
  const input = failure.input;
  const text = input.target === 'scan' ? input.scan.text : input.text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 10);
  const saved = input.target === 'scan'
    ? { target: 'scan', kind: failure.kind, index: failure.index, fixture: relative(root, input.scan.fixture), path: input.scan.file, detail: failure.detail, input: text }
    : { target: input.target, kind: failure.kind, index: failure.index, path: input.path, detail: failure.detail, input: text };
  writeFileSync(join(dir, `${failure.target}-${failure.kind}-${hash}.json`), `${JSON.stringify(saved, null, 2)}\n`);
  console.log(`  ${failure.target} #${failure.index}: ${failure.kind}: ${failure.detail.split('\n')[0]}`);
}

function check(target: TargetName, index: number, input: FuzzInput, result: FuzzResult): void {
  if (!result.ok) return record({ target, kind: 'exception', detail: result.error ?? '', index, input });
  const checkable = canaryOnlyAsValue(input.target === 'scan' ? input.scan.text : input.text);
  if (!checkable) canaryMoved.set(target, (canaryMoved.get(target) ?? 0) + 1);
  const leak = checkable ? result.messages.find((m) => m.includes(CANARY)) : undefined;
  if (leak !== undefined) {
    const at = leak.indexOf(CANARY);
    return record({ target, kind: 'canary', detail: leak.slice(Math.max(0, at - 200), at + 60), index, input });
  }
  for (const violation of result.violations) record({ target, kind: 'property', detail: violation, index, input });
}

async function fuzzTarget(target: TargetName, slots: Slot[]): Promise<void> {
  let next = 0;
  let done = 0;
  let retried = 0;
  let slowest = 0;
  const before = failures.length;
  const warmUp = (target === 'scan' ? scanFixtures.slice(0, 8).map((f, i) => ({ id: -1 - i, target, scan: { fixture: f.dir, file: f.files[0] ?? '', original: read(join(f.dir, f.files[0] ?? '')), text: read(join(f.dir, f.files[0] ?? '')) } }))
    : FILE_SEEDS[target].slice(0, 20).map((seed, i) => ({ id: -1 - i, target, path: seed.path, text: seed.text }))) as FuzzInput[];
  await Promise.all(slots.map((slot) => slot.warm(warmUp)));
  const started = Date.now();
  let lastReport = started;
  const lane = async (slot: Slot): Promise<void> => {
    for (let i = next++; i < runs && Date.now() - started < maxSeconds * 1000; i = next++) {
      const input = inputFor(target, i, i);
      if (!input) return;
      let outcome = await slot.run(input);
      if ('timeout' in outcome) {
        retried++;
        outcome = await slot.run(input);
      }
      if ('timeout' in outcome) record({ target, kind: 'timeout', detail: `over ${LIMIT_MS} ms twice`, index: i, input });
      else {
        slowest = Math.max(slowest, outcome.ms);
        check(target, i, input, outcome);
      }
      done++;
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        console.log(`  ${target}: ${done}/${runs} (${Math.round(done / ((lastReport - started) / 1000))} inputs/s)`);
      }
    }
  };
  await Promise.all(slots.map(lane));
  const seconds = (Date.now() - started) / 1000;
  const found = failures.length - before;
  const seeds = target === 'scan' ? scanFixtures.length : FILE_SEEDS[target].length;
  console.log(`${target}: ${done} inputs from ${seeds} seeds in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} inputs/s, slowest ${Math.round(slowest)} ms, ${retried} rerun after the limit, ${canaryMoved.get(target) ?? 0} with the canary spliced into a name), ${found} failures`);
  if (summaryFile) appendFileSync(summaryFile, `${JSON.stringify({ target, inputs: done, seeds, seconds: Math.round(seconds), perSecond: Math.round(done / seconds), slowestMs: Math.round(slowest), rerun: retried, canaryMoved: canaryMoved.get(target) ?? 0, failures: failures.slice(before).map((f) => `${f.kind}: ${f.detail.split('\n')[0]}`) })}\n`);
}

// `--save T:N` writes target T's N-th input to fuzz/failures/ (to keep one as a regression) and stops.
const save = option('--save');
if (save !== undefined) {
  const [target, index] = save.split(':') as [TargetName, string];
  const input = inputFor(target, Number(index), Number(index));
  if (input) record({ target, kind: 'exception', detail: `input ${index}, saved with --save`, index: Number(index), input });
  process.exit(0);
}
let brokenProperties = 0;
if (!args.includes('--no-properties') && (only === undefined || only.includes('properties'))) brokenProperties = await runProperties(Math.max(200, Math.round(runs / 20)));
const targets = ([...Object.keys(FILE_SEEDS), 'scan'] as TargetName[]).filter((t) => only === undefined || only.includes(t));
if (targets.length > 0) {
  const script = await bundleWorker();
  const slots = Array.from({ length: workers }, () => new Slot(script));
  for (const target of targets) {
    if (target !== 'scan' && FILE_SEEDS[target].length === 0) { console.log(`${target}: no seeds`); continue; }
    await fuzzTarget(target, slots);
  }
  await Promise.all(slots.map((s) => s.close()));
}
if (failures.length > 0) console.log(`${failures.length} distinct failures (fuzz/failures/)`);
if (brokenProperties > 0) console.log(`${brokenProperties} fast-check properties broken (counterexamples above)`);
if (failures.length + brokenProperties === 0) console.log('no failures');
process.exitCode = failures.length + brokenProperties === 0 ? 0 : 1;
