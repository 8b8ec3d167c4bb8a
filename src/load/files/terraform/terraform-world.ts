import type { IssueLog } from '../../issues.js';
import type { SourceRef } from '../../../model/source.js';
import type { LoadContext, RepositoryFiles } from '../file-loader.js';
import type { DocumentRenderer } from './computed-attributes.js';
import type { ModuleConfig } from './module-config.js';
import type { TfValue } from './tf-values.js';

/** What every module instance of one load shares: the modules by directory, the files, the issues. */
export interface TerraformWorld {
  context: LoadContext;
  configs: ReadonlyMap<string, ModuleConfig>;
  /** Every file handed over, by path (for `file()` and `templatefile()`). */
  texts: ReadonlyMap<string, string>;
  /** Reads what was not handed over (a `.json` policy read with `file()`, the files `fileset()` lists), when the walker can. */
  repository?: RepositoryFiles;
  renderPolicyDocument: DocumentRenderer;
  /**
   * Where the statements of each rendered policy document are written, keyed by the rendered value
   * (the JSON text, or the structure when it holds unknowns), so an attribute set from
   * `data.aws_iam_policy_document.x.json` points its statements at their `.tf` lines.
   */
  documentStatementSources: Map<TfValue, SourceRef[]>;
  /** Issues raised once each, so a module instantiated many times reports once. */
  issueLog: IssueLog;
}
