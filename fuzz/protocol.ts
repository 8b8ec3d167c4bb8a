// Messages between the fuzz runner (fuzz/run.ts) and its workers (fuzz/worker.ts).
import type { TargetName } from './targets.js';
import type { ScanInput } from './scan-target.js';

export type FuzzInput =
  | { id: number; target: Exclude<TargetName, 'scan'>; path: string; text: string }
  | { id: number; target: 'scan'; scan: ScanInput };

export interface FuzzResult {
  id: number;
  ok: boolean;
  error?: string;
  /** Everything user-visible the input produced (checked for the canary). */
  messages: string[];
  /** Properties the input broke (the whole-scan target's), one line each. */
  violations: string[];
  /** Time in the worker. */
  ms: number;
}
