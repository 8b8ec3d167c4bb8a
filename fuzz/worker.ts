// Runs fuzz inputs for the runner (fuzz/run.ts), one message each, for as long as it lives. The
// runner times each input and replaces this worker when one takes longer than the limit.
import { parentPort } from 'node:worker_threads';
import { initHclParser } from '../src/load/files/hcl/parse-hcl.js';
import { runTarget } from './targets.js';
import { cleanUp, runScanTarget } from './scan-target.js';
import type { FuzzInput, FuzzResult } from './protocol.js';

await initHclParser();

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}\n${(error.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(error);
}

async function run(input: FuzzInput): Promise<FuzzResult> {
  const started = performance.now();
  try {
    if (input.target === 'scan') {
      const result = await runScanTarget(input.scan);
      return { id: input.id, ok: true, messages: result.messages, violations: result.violations, ms: performance.now() - started };
    }
    const result = runTarget(input.target, input.path, input.text);
    return { id: input.id, ok: true, messages: result.messages, violations: [], ms: performance.now() - started };
  } catch (error) {
    return { id: input.id, ok: false, error: describe(error), messages: [], violations: [], ms: performance.now() - started };
  }
}

parentPort?.on('message', (input: FuzzInput | 'exit') => {
  if (input === 'exit') { cleanUp(); process.exit(0); }
  void run(input).then((result) => parentPort?.postMessage(result));
});
process.on('exit', cleanUp);
parentPort?.postMessage('ready');
