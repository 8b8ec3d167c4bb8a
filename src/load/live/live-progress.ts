import type { CallPlace } from './live-call.js';

/** Where progress goes: stderr, and whether it is a terminal. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Progress of a live collection on stderr: on a terminal one line updated in place (stage,
 * calls done, calls expected, ETA); otherwise one line per stage; nothing when quiet.
 */
export class LiveProgress {
  private done = 0;
  private expected = 0;
  private stage = '';
  private readonly started = Date.now();
  private lastDraw = 0;

  constructor(private readonly sink: ProgressSink | undefined) {}

  /** A new stage (per account and service): one line off a terminal. */
  begin(stage: string, expectedCalls = 0): void {
    this.stage = stage;
    this.expected += expectedCalls;
    if (!this.sink) return;
    if (this.sink.isTTY) this.draw(true);
    else this.sink.write(`secret-scan: ${stage}\n`);
  }

  /** More calls are now known to be needed (a listing came back). */
  expect(calls: number): void {
    this.expected += calls;
  }

  tick(_place: CallPlace): void {
    this.done += 1;
    if (this.sink?.isTTY) this.draw(false);
  }

  /** Ends the progress line (terminal) and says how many calls were made. */
  finish(summary: string): void {
    if (!this.sink) return;
    if (this.sink.isTTY) this.sink.write('\r\x1b[2K');
    this.sink.write(`secret-scan: ${summary} (${this.done} API calls, ${((Date.now() - this.started) / 1000).toFixed(1)} s)\n`);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const expected = Math.max(this.expected, this.done);
    const rate = this.done / Math.max(1, now - this.started);
    const eta = rate > 0 && expected > this.done ? ` ETA ${Math.ceil((expected - this.done) / rate / 1000)} s` : '';
    this.sink?.write(`\r\x1b[2Ksecret-scan: ${this.stage} — ${this.done}/${expected} calls${eta}`);
  }
}
