// Runs fuzz inputs one at a time for the runner (fuzz/run.ts), which times each and replaces this
// worker when one takes longer than the limit.
import { parentPort } from 'node:worker_threads';
import { initHclParser } from '../src/load/files/hcl/parse-hcl.js';
import { runTarget, type TargetName } from './targets.js';

await initHclParser();
parentPort?.on('message', (input: { target: TargetName; path: string; text: string }) => {
  try {
    const run = runTarget(input.target, input.path, input.text);
    parentPort?.postMessage({ ok: true, messages: run.messages });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}\n${(error.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(error) });
  }
});
parentPort?.postMessage({ ready: true });
