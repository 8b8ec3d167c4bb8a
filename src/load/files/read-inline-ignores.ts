import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../../model/report.js';
import { findInlineIgnores, IGNORE_COMMENT_FILES, type InlineIgnore } from '../../suppress/inline-ignores.js';

/**
 * Reads the inline ignore comments of the files the findings point at (Terraform, HCL, YAML only),
 * keyed by the report's path. A file that cannot be read has none: its findings stay unsuppressed.
 */
export function readInlineIgnores(findings: readonly Finding[], cwd: string): Map<string, InlineIgnore[]> {
  const files = new Set(findings.flatMap((finding) => finding.locations.map((location) => location.file)).filter((file) => IGNORE_COMMENT_FILES.test(file)));
  const index = new Map<string, InlineIgnore[]>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, file), 'utf8');
    } catch {
      continue; // unreadable now: nothing is suppressed, which is the safe side
    }
    const ignores = findInlineIgnores(text);
    if (ignores.length > 0) index.set(file, ignores);
  }
  return index;
}
