import type { FindingLevel, Report, SecretReport, SecretStatus } from '../model/report.js';
import { formatChainPath } from './chain.js';
import { formatSourceRef } from './source-ref.js';
import { countReport, findingsAtLevel, LEVEL_ORDER, plural, primaryPlace, STATUS_ORDER, unintendedReaders } from './summary.js';

export interface TextOptions {
  /** ANSI colours; pass `process.stdout.isTTY` from the CLI. */
  color: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, cyan: 36, dim: 2, bold: 1 } as const;
type Colour = keyof typeof ANSI;
const STATUS_COLOUR: Record<SecretStatus, Colour> = { overexposed: 'red', unreachable: 'yellow', unowned: 'blue', ok: 'green' };
const LEVEL_COLOUR: Record<FindingLevel, Colour> = { error: 'red', warning: 'yellow', note: 'cyan' };
const HEADERS = ['SECRET', 'KIND', 'STATUS', 'OWNERS', 'READERS'] as const;

/**
 * Renders a report for a terminal: a summary line; a table of secrets (id, kind, status, owners,
 * readers, `~` before a conditional reader) with, under each secret, the shortest chain of every
 * unintended reader on one line; the findings grouped by level with file:line; and coverage.
 * Control characters in ids are made visible so input cannot forge or hide lines. Pure.
 */
export function formatText(report: Report, options: TextOptions = { color: false }): string {
  const paint = (text: string, colour: Colour): string => (options.color ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text);
  const lines: string[] = [summaryLine(report), ''];
  lines.push(...secretTable(report, paint));
  lines.push('', paint('Findings', 'bold'));
  if (report.findings.length === 0) lines.push('  none');
  for (const level of LEVEL_ORDER) {
    const findings = findingsAtLevel(report, level);
    if (findings.length === 0) continue;
    lines.push(`  ${paint(level, LEVEL_COLOUR[level])} (${findings.length})`);
    for (const finding of findings) {
      const place = primaryPlace(finding);
      lines.push(`    ${finding.ruleId}  ${place === '' ? '' : `${clean(place)}  `}${clean(finding.message)}`);
    }
  }
  lines.push('', ...coverageLines(report, paint));
  return `${lines.join('\n')}\n`;
}

function summaryLine(report: Report): string {
  const { byStatus, byLevel } = countReport(report);
  const statuses = STATUS_ORDER.map((status) => `${byStatus[status]} ${status}`).join(', ');
  const levels = LEVEL_ORDER.map((level) => `${byLevel[level]} ${level}`).join(', ');
  return `${report.tool.name} ${clean(report.tool.version)}: ${plural(report.secrets.length, 'secret')} (${statuses}); ${plural(report.findings.length, 'finding')} (${levels})`;
}

function secretTable(report: Report, paint: (text: string, colour: Colour) => string): string[] {
  if (report.secrets.length === 0) return ['No secrets found.'];
  const rows = report.secrets.map((secret) => secretRows(secret));
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.flatMap((block) => block.map((row) => (row[column] ?? '').length))));
  const render = (cells: readonly string[], status?: SecretStatus): string =>
    cells
      .map((cell, column) => {
        const padded = column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
        return column === 2 && status !== undefined && cell !== '' ? padded.replace(cell, paint(cell, STATUS_COLOUR[status])) : padded;
      })
      .join('  ')
      .trimEnd();
  const lines = [render(HEADERS)];
  report.secrets.forEach((secret, index) => {
    for (const row of rows[index] ?? []) lines.push(render(row, secret.status));
    for (const reader of unintendedReaders(secret)) {
      lines.push(`  ${paint('↳ unintended', 'red')} ${clean(formatChainPath(reader.via) || reader.principal)}`);
    }
    for (const note of secret.notes ?? []) lines.push(`  ${paint('note:', 'dim')} ${clean(note)}`);
  });
  return lines;
}

/** The table rows of one secret: owners and readers each one per row, the rest on the first row. */
function secretRows(secret: SecretReport): string[][] {
  const owners = secret.owners.length > 0 ? secret.owners.map(clean) : ['-'];
  const readers = secret.readers.length > 0 ? secret.readers.map((r) => `${r.conditional ? '~' : ''}${clean(r.principal)}`) : ['-'];
  const count = Math.max(owners.length, readers.length);
  const rows: string[][] = [];
  for (let i = 0; i < count; i += 1) {
    rows.push(i === 0
      ? [clean(secret.id), secret.kind, secret.status, owners[0] ?? '', readers[0] ?? '']
      : ['', '', '', owners[i] ?? '', readers[i] ?? '']);
  }
  return rows;
}

function coverageLines(report: Report, paint: (text: string, colour: Colour) => string): string[] {
  const { loaded, skipped } = report.coverage;
  const lines = [`${paint('Coverage', 'bold')}: ${plural(loaded.length, 'file')} loaded, ${skipped.length} skipped`];
  for (const skip of skipped) {
    lines.push(`  ${paint('skipped', 'yellow')} ${clean(formatSourceRef(skip))}  ${clean(skip.reason)}`);
  }
  const identity = report.coverage.identity;
  // Said only when the manifest did not: the reader should know the answer rests on an inference.
  if (identity && (identity.accountFrom !== 'manifest' || identity.regionFrom === 'inputs')) {
    const from = identity.accountFrom === 'inputs' ? `named by every resource ARN of ${plural(identity.evidence?.length ?? 0, 'dump')}`
      : identity.accountFrom === 'symbolic' ? 'symbolic: no manifest or dump names it; a resource whose Terraform provider names its account (allowed_account_ids, assume_role) is placed there' : 'from the manifest';
    lines.push(`  account ${clean(identity.account)} (${from}), region ${clean(identity.region)} (${identity.regionFrom})`);
  }
  const irrelevant = report.coverage.irrelevant ?? [];
  if (irrelevant.length > 0) {
    lines.push(`  not relevant to any secret: ${irrelevant.map((r) => `${clean(r.type)} ×${r.count}`).join(', ')}`);
  }
  return lines;
}

/** Makes control characters (newlines, ANSI escapes) visible instead of letting them act. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
