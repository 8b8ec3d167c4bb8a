import type { AddedReader, SecretDiff } from '../model/diff.js';
import type { ChainStep, Finding, Report } from '../model/report.js';
import type { SourceRef } from '../model/source.js';
import { formatChainPath } from './chain.js';
import { diffSummaryLine, requireDiff } from './diff-text.js';
import { escapeMarkdown } from './markdown.js';
import { fitMarkdown, PR_COMMENT_LIMIT } from './markdown-fit.js';
import { formatSourceRef, isLogicalSource } from './source-ref.js';
import { primaryPlace } from './summary.js';

/** Hidden marker the Action looks for to update its one PR comment in place. */
export const COMMENT_MARKER = '<!-- secret-scan:diff -->';

export interface DiffMarkdownOptions {
  /** Links to grant lines are `linkBase + file + '#L' + line` (e.g. `https://github.com/o/r/blob/SHA/`); plain text without it. */
  linkBase?: string;
  /** Size limit of the output (default: a PR comment's 65,536 characters). */
  limit?: number;
  /** Where the full report is, named when entries are left out. */
  pointer?: string;
}

/**
 * Renders a diff run as GitHub Markdown for a PR comment or job summary: the summary, a table of
 * reader changes (one row per added, removed or changed reader), for each added unintended reader
 * its chain as a Mermaid flowchart followed by links to the grants, then the new findings. Stays
 * under `limit` by leaving out whole entries with a note naming `pointer`. Every id is escaped. Pure.
 */
export function formatDiffMarkdown(report: Report, options: DiffMarkdownOptions = {}): string {
  const diff = requireDiff(report);
  const head = [COMMENT_MARKER, '## secret-scan: who can read what after this change', '', escapeMarkdown(diffSummaryLine(diff)), ''];
  if (diff.base.note !== undefined) head.push(`> ${escapeMarkdown(diff.base.note)}`, '');
  const items: string[] = [];
  if (diff.secrets.length === 0) head.push('No change to who can read what.', '');
  else {
    head.push('| | Secret | Change | Reader | Chain |', '|---|---|---|---|---|');
    for (const secret of diff.secrets) items.push(...tableRows(secret, options.linkBase));
  }
  const diagrams = diff.secrets.flatMap((secret) => secret.readersAdded.filter((r) => r.unintended).map((reader) => diagram(secret, reader, options.linkBase)));
  const fresh = report.findings.filter((f) => diff.findings.new.includes(f.fingerprint));
  const tail: string[] = [];
  if (fresh.length > 0) {
    tail.push('### New findings', '');
    for (const finding of fresh.slice(0, 50)) tail.push(findingLine(finding, options.linkBase));
    if (fresh.length > 50) tail.push(`- … and ${fresh.length - 50} more`);
    tail.push('');
  }
  const suppressed = report.findings.filter((f) => (f.suppressions ?? []).length > 0).length;
  tail.push(`${diff.findings.existing.length} existing findings (not counted) · ${diff.findings.fixed.length} fixed · ${suppressed} suppressed`);
  tail.push('', '<sub>+ reader added · − reader removed · ± chain or condition changed · \\~ conditional reader · 🔴 unintended</sub>');
  // Diagrams come after the table rows, so a size cut drops pictures before facts.
  const blocks = { head, items: [...items, ...(diagrams.length > 0 ? ['', '### Added unintended readers', ''] : []), ...diagrams], tail: ['', ...tail] };
  return fitMarkdown(blocks, options.limit ?? PR_COMMENT_LIMIT, options.pointer ?? 'the full report is in the JSON/SARIF output');
}

function tableRows(secret: SecretDiff, linkBase: string | undefined): string[] {
  const name = `${escapeMarkdown(secret.id)}${secret.resourceBefore !== undefined ? ` (was ${escapeMarkdown(secret.resourceBefore)})` : ''}`;
  const rows: string[] = [];
  const row = (mark: string, change: string, reader: string, chain: string): void => { rows.push(`| ${mark} | ${name} | ${change} | ${reader} | ${chain} |`); };
  for (const reader of secret.readersAdded) {
    row(reader.unintended ? '🔴 +' : '+', secret.change === 'added' ? 'secret added' : 'reader added', principal(reader.principal, reader.conditional), chainCell(reader.via, linkBase));
  }
  for (const reader of secret.readersRemoved) row('−', secret.change === 'removed' ? 'secret removed' : 'reader removed', principal(reader.principal, reader.conditional), chainCell(reader.via, undefined));
  for (const reader of secret.readersChanged) {
    const what = reader.changed.map((c) => (c === 'conditional' ? (reader.after.conditional ? 'now conditional' : 'now unconditional') : 'chain changed')).join(', ');
    row(reader.unintended ? '🔴 ±' : '±', what, principal(reader.principal, reader.after.conditional), chainCell(reader.after.via, linkBase));
  }
  if (rows.length === 0) row('·', secret.resourceBefore !== undefined ? 'resource changed' : `${secret.statusBefore ?? '—'} → ${secret.status ?? '—'}`, '—', '—');
  return rows;
}

function principal(name: string, conditional: boolean): string {
  return `${conditional ? '\\~' : ''}${escapeMarkdown(name)}`;
}

function chainCell(via: readonly ChainStep[], linkBase: string | undefined): string {
  const path = escapeMarkdown(formatChainPath(via));
  const grants = via.flatMap((step) => (step.source !== undefined && !isLogicalSource(step.source) ? [sourceLink(step.source, linkBase)] : []));
  return grants.length > 0 ? `${path}<br>${[...new Set(grants)].join(' ')}` : path;
}

function sourceLink(source: SourceRef, linkBase: string | undefined): string {
  const text = escapeMarkdown(formatSourceRef({ file: source.file, ...(source.line !== undefined ? { line: source.line } : {}) }));
  if (linkBase === undefined) return text;
  return `[${text}](${linkBase}${encodeURI(source.file)}${source.line !== undefined ? `#L${source.line}` : ''})`;
}

/** A Mermaid flowchart of one reader's chain: principals and resources as nodes, grants as labelled edges. */
function diagram(secret: SecretDiff, reader: AddedReader, linkBase: string | undefined): string {
  const nodes = new Map<string, string>();
  const id = (name: string): string => {
    if (!nodes.has(name)) nodes.set(name, `n${nodes.size}`);
    return nodes.get(name) ?? '';
  };
  const edges = reader.via.map((step) => {
    const label = `${step.edge}${step.conditional === true ? ' (conditional)' : ''}${step.source !== undefined && step.source.line !== undefined ? ` L${step.source.line}` : ''}`;
    return `  ${id(step.from)} ${step.conditional === true ? '-.->' : '-->'}|"${mermaidText(label)}"| ${id(step.to)}`;
  });
  const lines = [`**${escapeMarkdown(secret.id)}** ← ${principal(reader.principal, reader.conditional)}`, '', '```mermaid', 'flowchart LR'];
  for (const [name, node] of nodes) lines.push(`  ${node}["${mermaidText(name)}"]`);
  lines.push(...edges, '```', '');
  reader.via.forEach((step, index) => {
    const where = step.source !== undefined && !isLogicalSource(step.source) ? ` — ${sourceLink(step.source, linkBase)}` : '';
    lines.push(`${index + 1}. ${escapeMarkdown(`${step.edge}: ${step.from} → ${step.to}`)}${where}`);
  });
  lines.push('');
  return lines.join('\n');
}

/** Mermaid label text: quotes and markup characters as entity codes, so input cannot break the diagram. */
function mermaidText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/["<>&#`]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

function findingLine(finding: Finding, linkBase: string | undefined): string {
  const first = finding.locations[0];
  const place = first !== undefined && !isLogicalSource(first) ? `${sourceLink(first, linkBase)} — ` : primaryPlace(finding) !== '' ? `${escapeMarkdown(primaryPlace(finding))} — ` : '';
  return `- **${finding.level} ${finding.ruleId}** ${place}${escapeMarkdown(finding.message)}`;
}
