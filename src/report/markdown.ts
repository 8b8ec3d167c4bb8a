import type { Finding, FindingLevel, Report, SecretStatus } from '../model/report.js';
import { formatChainPath } from './chain.js';
import { formatSourceRef } from './source-ref.js';
import { countReport, findingsAtLevel, LEVEL_ORDER, plural, primaryPlace, STATUS_ORDER, unintendedReaders } from './summary.js';

const STATUS_EMOJI: Record<SecretStatus, string> = { overexposed: '🔴', unreachable: '🟠', unowned: '⚪', ok: '🟢' };
const LEVEL_TITLE: Record<FindingLevel, string> = { error: 'Errors', warning: 'Warnings', note: 'Notes' };

/**
 * Renders a report as GitHub-flavoured Markdown for a pull-request comment: a summary line, a
 * table of secrets with status, owners and readers (`~` before a conditional reader), the
 * findings by level with their chains, and coverage. Every id, path and message is escaped, so
 * input cannot inject Markdown, HTML or table cells. Pure.
 */
export function formatMarkdown(report: Report): string {
  const { byStatus, byLevel } = countReport(report);
  const lines: string[] = ['## secret-scan report', ''];
  const statuses = STATUS_ORDER.map((status) => `${byStatus[status]} ${status}`).join(', ');
  const levels = LEVEL_ORDER.map((level) => `${byLevel[level]} ${level}`).join(', ');
  lines.push(`**${plural(report.secrets.length, 'secret')}** (${statuses}) · **${plural(report.findings.length, 'finding')}** (${levels}) · secret-scan ${escapeMarkdown(report.tool.version)}`, '');

  lines.push('### Secrets', '');
  if (report.secrets.length === 0) lines.push('No secrets found.');
  else {
    lines.push('| | Secret | Kind | Status | Owners | Readers |', '|---|---|---|---|---|---|');
    for (const secret of report.secrets) {
      const owners = secret.owners.map(escapeMarkdown).join('<br>') || '—';
      const readers = secret.readers.map((r) => `${r.conditional ? '\\~' : ''}${escapeMarkdown(r.principal)}`).join('<br>') || '—';
      lines.push(`| ${STATUS_EMOJI[secret.status]} | ${escapeMarkdown(secret.id)} | ${secret.kind} | ${secret.status} | ${owners} | ${readers} |`);
    }
    if (report.secrets.some((secret) => secret.readers.some((reader) => reader.conditional))) {
      lines.push('', '\\~ marks a conditional reader: access depends on a condition the scan could not decide.');
    }
    const unintended = report.secrets.flatMap((secret) => unintendedReaders(secret).map((reader) => ({ secret, reader })));
    if (unintended.length > 0) {
      lines.push('', '**Unintended readers** (shortest chain):', '');
      for (const { secret, reader } of unintended) {
        lines.push(`- ${escapeMarkdown(secret.id)}: ${escapeMarkdown(formatChainPath(reader.via) || reader.principal)}`);
      }
    }
  }

  lines.push('', '### Findings', '');
  if (report.findings.length === 0) lines.push('No findings.', '');
  for (const level of LEVEL_ORDER) {
    const findings = findingsAtLevel(report, level);
    if (findings.length === 0) continue;
    lines.push(`#### ${LEVEL_TITLE[level]} (${findings.length})`, '');
    for (const finding of findings) lines.push(...findingLines(finding));
    lines.push('');
  }

  lines.push('### Coverage', '', `${plural(report.coverage.loaded.length, 'file')} loaded, ${report.coverage.skipped.length} skipped.`);
  if (report.coverage.skipped.length > 0) {
    lines.push('', '| Skipped file | Reason |', '|---|---|');
    for (const skip of report.coverage.skipped) lines.push(`| ${escapeMarkdown(formatSourceRef(skip))} | ${escapeMarkdown(skip.reason)} |`);
  }
  const irrelevant = report.coverage.irrelevant ?? [];
  if (irrelevant.length > 0) {
    lines.push('', `Not relevant to any secret: ${irrelevant.map((r) => `${escapeMarkdown(r.type)} ×${r.count}`).join(', ')}.`);
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function findingLines(finding: Finding): string[] {
  const place = primaryPlace(finding);
  const lines = [`- **${finding.ruleId}** ${place === '' ? '' : `${escapeMarkdown(place)} — `}${escapeMarkdown(finding.message)}`];
  if (finding.chain !== undefined && finding.chain.length > 0) lines.push(`  - chain: ${escapeMarkdown(formatChainPath(finding.chain))}`);
  return lines;
}

/**
 * Escapes text for GitHub Markdown inline and table-cell use: backslash-escapes the punctuation
 * that starts emphasis, code, links, HTML, headings, strikethrough (`~`), math (`$`) or a table
 * cell (`|`), and folds line breaks into spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(/[\\`*_[\]()<>|~&#!$]/g, (ch) => `\\${ch}`);
}
