import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Finding } from '../model/report.js';
import { isLogicalSource } from '../report/source-ref.js';

const COMMAND_LEVEL = { error: 'error', warning: 'warning', note: 'notice' } as const;

/**
 * `::error file=…,line=…,title=…::message` for a finding at its first file location (GitHub shows
 * it on that line of the PR's diff). Data and properties are escaped as the runner expects.
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#setting-an-error-message
 */
export function annotation(finding: Finding): string {
  const place = finding.locations.find((location) => !isLogicalSource(location));
  const properties = [`title=${escapeProperty(`secret-scan ${finding.ruleId}`)}`];
  if (place !== undefined) {
    properties.unshift(`file=${escapeProperty(place.file)}`, ...(place.line !== undefined ? [`line=${place.line}`] : []), ...(place.column !== undefined ? [`col=${place.column}`] : []));
  }
  return `::${COMMAND_LEVEL[finding.level]} ${properties.join(',')}::${escapeData(finding.message)}\n`;
}

/** Escapes a workflow command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Appends `name=value` outputs to the GITHUB_OUTPUT file, multi-line values with a random
 * delimiter. https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions#setting-an-output-parameter
 */
export function writeOutputs(file: string | undefined, outputs: Record<string, string | number>): void {
  if (file === undefined || file === '') return;
  const text = Object.entries(outputs).map(([name, raw]) => {
    const value = String(raw);
    if (!value.includes('\n')) return `${name}=${value}\n`;
    const delimiter = `ghadelimiter_${randomUUID()}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }).join('');
  appendFileSync(file, text);
}
