import { setFlagsFromString } from 'node:v8';

/**
 * The optimizing compiler's settings for a process that runs one scan and exits (the CLI, the
 * GitHub Action). A scan runs each of its many hot functions for a few seconds at most, so V8's
 * optimizing compiler (TurboFan) spends more CPU compiling them, inlined callees and all, than the
 * faster code gives back: at org scale about a third of the scan's CPU was compilation. Without
 * inlining, and with four times V8's default interrupt budget (67,584) before a function counts as
 * hot, the org bench's scan at 1× took 15% less CPU and 6% less wall time (best of six alternating
 * runs; 20% less CPU in one bench run) and 7% less CPU at 3×, with the same report (README "Org
 * scale"). Both flags only steer optimization, so they take effect when set at run time, before the
 * scan's code gets hot. Library users keep their own process's settings.
 */
export const ONE_SHOT_V8_FLAGS: readonly string[] = ['--no-turbo-inlining', '--interrupt-budget=270336'];

export function tuneV8ForOneScan(): void {
  for (const flag of ONE_SHOT_V8_FLAGS) setFlagsFromString(flag);
}
