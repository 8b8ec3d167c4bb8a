// `npm run fuzz [-- --runs N] [-- --only TARGET]`: a mutation fuzzer over every loader and both
// engines, seeded from fixtures/, each input run in a worker with a time limit. Not part of
// `npm test`. Properties checked per input: no exception escapes; no input takes more than the
// limit (1 s); a canary planted where a secret value sits never appears in any message. Failures
// are written to fuzz/failures/ (reproduce with test/unit/fuzz-regressions.test.ts after moving
// them to fuzz/regressions/). Prints inputs per second per target.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CANARY, mutate, plantCanary, random } from './mutate.js';
import type { TargetName } from './targets.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? '') || 2000;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const LIMIT_MS = 1000;

const all = readdirSync(join(root, 'fixtures'), { recursive: true }).map(String).filter((p) => !p.endsWith('expected.json')).map((p) => join(root, 'fixtures', p));
const read = (p: string): string => { try { return readFileSync(p, 'utf8'); } catch { return ''; } };
const seedsFor = (test: (path: string, text: string) => boolean): { path: string; text: string }[] =>
  all.map((p) => ({ path: relative(root, p), text: read(p) })).filter((s) => s.text !== '' && test(s.path, s.text));

const cfn = (t: string): boolean => /AWSTemplateFormatVersion|Resources:/.test(t);
const TARGETS: Record<TargetName, { path: string; text: string }[]> = {
  'awscli-json': seedsFor((p, t) => /\/aws\/.*\.json$/.test(p) && !cfn(t)),
  'vault-hcl': seedsFor((p) => /\.hcl$/.test(p)),
  'vault-json': seedsFor((p) => /vault\/.*\.json$/.test(p)),
  terraform: seedsFor((p) => /\.tf$/.test(p)),
  tfplan: seedsFor((p, t) => /\.json$/.test(p) && /"format_version"/.test(t)),
  'cloudformation-yaml': seedsFor((p, t) => /\.ya?ml$/.test(p) && !/secret-scan\.ya?ml$/.test(p) && cfn(t)),
  'cloudformation-json': seedsFor((p, t) => /\.json$/.test(p) && /AWSTemplateFormatVersion/.test(t)),
  manifest: seedsFor((p) => /secret-scan\.ya?ml$/.test(p)),
  'iam-engine': seedsFor((p, t) => /\.json$/.test(p) && /"Statement"/.test(t)),
  'vault-engine': seedsFor((p) => /\.hcl$/.test(p)),
};

interface Failure { target: string; kind: 'exception' | 'timeout' | 'canary'; detail: string; input: string; path: string }

class Runner {
  private worker!: Worker;
  private ready!: Promise<void>;
  constructor() { this.start(); }
  private start(): void {
    // tsx's loader is registered per thread: the worker registers it before importing the TypeScript file.
    const api = import.meta.resolve('tsx/esm/api');
    const worker = new URL('./worker.ts', import.meta.url).href;
    this.worker = new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`, { eval: true });
    this.ready = new Promise((resolve) => this.worker.once('message', () => resolve()));
  }
  async run(input: { target: TargetName; path: string; text: string }): Promise<{ ok: boolean; messages?: string[]; error?: string; timeout?: boolean }> {
    await this.ready;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.worker.removeAllListeners('message');
        void this.worker.terminate();
        this.start();
        resolve({ ok: false, timeout: true });
      }, LIMIT_MS);
      this.worker.once('message', (m: { ok: boolean; messages?: string[]; error?: string }) => { clearTimeout(timer); resolve(m); });
      this.worker.postMessage(input);
    });
  }
  close(): Promise<number> { return this.worker.terminate(); }
}

const runner = new Runner();
const failures: Failure[] = [];
const seen = new Set<string>();
for (const [target, seeds] of Object.entries(TARGETS) as [TargetName, { path: string; text: string }[]][]) {
  if (only && only !== target) continue;
  if (seeds.length === 0) { console.log(`${target}: no seeds`); continue; }
  const started = Date.now();
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const rnd = random(i * 7919 + target.length);
    const seed = seeds[Math.floor(rnd() * seeds.length)] ?? seeds[0]!;
    const other = seeds[Math.floor(rnd() * seeds.length)] ?? seed;
    const text = mutate(plantCanary(seed.text, rnd), other.text, rnd);
    const result = await runner.run({ target, path: seed.path, text });
    count++;
    let failure: Failure | undefined;
    if (result.timeout) failure = { target, kind: 'timeout', detail: `over ${LIMIT_MS} ms`, input: text, path: seed.path };
    else if (!result.ok) failure = { target, kind: 'exception', detail: result.error ?? '', input: text, path: seed.path };
    else if ((result.messages ?? []).some((m) => m.includes(CANARY))) failure = { target, kind: 'canary', detail: (result.messages ?? []).find((m) => m.includes(CANARY)) ?? '', input: text, path: seed.path };
    if (failure) {
      const key = `${target}|${failure.kind}|${failure.detail.split('\n').slice(0, 2).join('|').replace(/\d+/g, '#')}`;
      if (!seen.has(key)) {
        seen.add(key);
        failures.push(failure);
        const dir = join(root, 'fuzz', 'failures');
        mkdirSync(dir, { recursive: true });
        const hash = createHash('sha256').update(text).digest('hex').slice(0, 10);
        writeFileSync(join(dir, `${target}-${failure.kind}-${hash}.json`), `${JSON.stringify({ target, kind: failure.kind, path: failure.path, detail: failure.detail, input: text }, null, 2)}\n`);
        console.log(`  ${target}: ${failure.kind}: ${failure.detail.split('\n')[0]}`);
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`${target}: ${count} inputs from ${seeds.length} seeds in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} inputs/s)`);
}
await runner.close();
console.log(failures.length === 0 ? 'no failures' : `${failures.length} distinct failures (fuzz/failures/)`);
process.exitCode = failures.length === 0 ? 0 : 1;
