/** One measurement of ours against a peer measured in the same run. */
export interface BenchResult {
  name: string;
  ours: number;
  /** 0 when there is no peer for this line. */
  peer: number;
  /** `…/s` means higher is better; `ms` means lower is better. */
  unit: string;
}

/** How many times better ours is than the peer, whichever direction the unit counts. */
export function speedup(result: BenchResult): number | undefined {
  if (result.peer === 0 || result.ours === 0) return undefined;
  return result.unit.endsWith('/s') ? result.ours / result.peer : result.peer / result.ours;
}

/** A fixed-width table of results with the ratio against the peer. */
export function formatBenchTable(title: string, peerName: string, results: BenchResult[]): string {
  const rows = results.map((r) => {
    const ratio = speedup(r);
    return [r.name, `${shown(r.ours)} ${r.unit}`, r.peer ? `${shown(r.peer)} ${r.unit}` : '—', ratio ? `${ratio.toFixed(1)}×` : '—'];
  });
  const header = ['case', 'secret-scan', peerName, 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [`## ${title}`, line(header), ...rows.map(line), ''].join('\n');
}

function shown(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}
