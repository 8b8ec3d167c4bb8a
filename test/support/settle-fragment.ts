import type { FileLoadResult } from '../../src/load/files/file-loader.js';
import { settleStackLocalFragments } from '../../src/normalize/stack-local-names.js';

/** One file's load result as normalize sees it alone: the names its template makes for its stack settled. */
export function settled(result: FileLoadResult): FileLoadResult {
  const { fragments: [fragment], issues } = settleStackLocalFragments([result.fragment], result.issues);
  return { ...result, fragment: fragment ?? {}, issues };
}
