import type { SourceRef } from './source.js';

/**
 * Something the scan could not read or understand. Issues never stop a scan; they become SS011
 * findings and entries in the report's `coverage`, and the reader sets they touch only grow.
 */
export interface Issue {
  /** Stable machine code, camelCase: `jsonParseError`, `hclParseError`, `unknownManagedPolicy`, `apiAccessDenied`… */
  code: string;
  message: string;
  source: SourceRef;
}
