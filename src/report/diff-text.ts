import type { AddedReader, ChangedReader, ReportDiff, SecretDiff } from '../model/diff.js';
import type { Finding, Reader, Report } from '../model/report.js';
import { formatChainPath } from './chain.js';
import { formatSourceRef, firstFileLocation } from './source-ref.js';
import { plural, primaryPlace } from './summary.js';
import { suppressionLines } from './suppression-text.js';
import { clean } from './text.js';

export interface DiffTextOptions {
  color: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Colour = keyof typeof ANSI;

/**
 * Renders a diff run for a terminal: one summary line, then per changed secret its added (`+`),
 * removed (`-`) and changed (`±`) readers, each added reader with its chain and the grant that
 * opens it; then the new findings (the ones `--fail-on` counts) and counts of existing, fixed and
 * suppressed ones. Pure; throws when the report carries no diff.
 */
export function formatDiffText(report: Report, options: DiffTextOptions = { color: false }): string {
  const diff = requireDiff(report);
  const paint = (text: string, colour: Colour): string => (options.color ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text);
  const lines = [diffSummaryLine(diff), ''];
  if (diff.base.note !== undefined) lines.push(`note: ${clean(diff.base.note)}`, '');
  if (diff.secrets.length === 0) lines.push('No change to who can read what.');
  for (const secret of diff.secrets) lines.push(...secretLines(secret, paint), '');
  const fresh = report.findings.filter((f) => diff.findings.new.includes(f.fingerprint));
  lines.push(paint(`New findings (${fresh.length})`, 'bold'));
  if (fresh.length === 0) lines.push('  none');
  for (const finding of fresh) lines.push(`  ${finding.level} ${findingLine(finding)}`);
  const suppressed = report.findings.filter((f) => (f.suppressions ?? []).length > 0).length;
  lines.push(`${plural(diff.findings.existing.length, 'existing finding')} (not counted), ${diff.findings.fixed.length} fixed, ${suppressed} suppressed`);
  for (const line of suppressionLines(report).filter((l) => l.startsWith('expired'))) lines.push(`  ${paint(line, 'yellow')}`);
  lines.push('', 'Legend: + reader added, - reader removed, ± reader changed, ~ conditional reader, ↳ chain of grants');
  return `${lines.join('\n')}\n`;
}

/** `readers: 2 added, 1 removed, 0 changed; secrets: …; findings: …` against the base. */
export function diffSummaryLine(diff: ReportDiff): string {
  const s = diff.summary;
  return `secret-scan diff against ${clean(diff.base.ref)} (${diff.base.commit.slice(0, 12)}): readers ${s.readersAdded} added, ${s.readersRemoved} removed, ${s.readersChanged} changed; `
    + `secrets ${s.secretsAdded} added, ${s.secretsRemoved} removed; findings ${s.newFindings} new, ${s.existingFindings} existing, ${s.fixedFindings} fixed`;
}

function secretLines(secret: SecretDiff, paint: (text: string, colour: Colour) => string): string[] {
  const status = secret.statusBefore !== undefined && secret.status !== undefined && secret.statusBefore !== secret.status
    ? `, ${secret.statusBefore} → ${secret.status}` : secret.status !== undefined ? `, ${secret.status}` : '';
  const renamed = secret.resourceBefore !== undefined ? ` (was ${clean(secret.resourceBefore)})` : '';
  const lines = [`${paint(clean(secret.id), 'bold')} ${secret.kind} ${clean(secret.resource)}${renamed}: ${secret.change}${status}`];
  for (const reader of secret.readersAdded) lines.push(...addedLines(reader, paint));
  for (const reader of secret.readersRemoved) lines.push(`  ${paint('-', 'green')} ${readerName(reader)}`);
  for (const reader of secret.readersChanged) lines.push(...changedLines(reader, paint));
  return lines;
}

function addedLines(reader: AddedReader, paint: (text: string, colour: Colour) => string): string[] {
  const mark = reader.unintended ? paint('+', 'red') : paint('+', 'yellow');
  const place = firstFileLocation({ locations: [], chain: reader.via });
  return [
    `  ${mark} ${readerName(reader)}${reader.unintended ? paint('  [unintended]', 'red') : ''}`,
    `      ↳ ${clean(formatChainPath(reader.via) || reader.principal)}${place !== undefined ? `  (${clean(formatSourceRef(place))})` : ''}`,
  ];
}

function changedLines(reader: ChangedReader, paint: (text: string, colour: Colour) => string): string[] {
  const what = reader.changed.map((c) => (c === 'conditional' ? (reader.after.conditional ? 'now conditional' : 'now unconditional') : 'chain changed')).join(', ');
  const lines = [`  ${paint('±', 'yellow')} ${clean(reader.principal)}: ${what}${reader.unintended ? paint('  [unintended]', 'red') : ''}`];
  if (reader.changed.includes('chain')) {
    lines.push(`      before ↳ ${clean(formatChainPath(reader.before.via))}`, `      after  ↳ ${clean(formatChainPath(reader.after.via))}`);
  }
  return lines;
}

function readerName(reader: Reader): string {
  return `${reader.conditional ? '~' : ''}${clean(reader.principal)}`;
}

function findingLine(finding: Finding): string {
  const place = primaryPlace(finding);
  return `${finding.ruleId}  ${place === '' ? '' : `${clean(place)}  `}${clean(finding.message)}`;
}

/** The diff of a diff run; throws for a plain scan's report. */
export function requireDiff(report: Report): ReportDiff {
  if (report.diff === undefined) throw new Error('report has no diff section (not a diff run)');
  return report.diff;
}
