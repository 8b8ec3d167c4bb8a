import type { Issue } from '../../../model/issue.js';
import type { SourceRef } from '../../../model/source.js';
import type { LoadContext } from '../file-loader.js';
import type { DocumentRenderer } from './computed-attributes.js';
import type { ModuleConfig } from './module-config.js';
import type { TfValue } from './tf-values.js';

/** What every module instance of one load shares: the modules by directory, the files, the issues. */
export interface TerraformWorld {
  context: LoadContext;
  configs: ReadonlyMap<string, ModuleConfig>;
  /** Every file handed over, by path (for `file()` and `templatefile()`). */
  texts: ReadonlyMap<string, string>;
  /** Reads a file that was not handed over (a `.json` policy read with `file()`), when the walker can. */
  readText?: (path: string) => string | undefined;
  renderPolicyDocument: DocumentRenderer;
  /**
   * Where the statements of each rendered policy document are written, keyed by the rendered value
   * (the JSON text, or the structure when it holds unknowns), so an attribute set from
   * `data.aws_iam_policy_document.x.json` points its statements at their `.tf` lines.
   */
  documentStatementSources: Map<TfValue, SourceRef[]>;
  issues: Issue[];
  /** Issues already raised, by code, file and line, so a module instantiated many times reports once. */
  reported: Set<string>;
}

/** Adds an issue unless the same one (code, file, line) was raised already. */
export function reportIssue(world: TerraformWorld, issue: Issue): void {
  const key = `${issue.code}\u0000${issue.source.file}\u0000${issue.source.line ?? ''}\u0000${issue.message}`;
  if (world.reported.has(key)) return;
  world.reported.add(key);
  world.issues.push(issue);
}
