import type { Issue, IssueCode } from '../model/issue.js';
import type { SourceRef } from '../model/source.js';

/**
 * The one way loaders make an issue (SS011): a code from `IssueCode`, a message that names the
 * file's kind of token or value and never quotes input text, and the place it is about. Helpers
 * that know how to find a place (a JSON pointer in a dump or template, a resource attribute, a
 * live call) resolve the place and call this.
 */
export function makeIssue(code: IssueCode, message: string, source: SourceRef): Issue {
  return { code, message, source };
}

/**
 * Issues raised once per code, place and message, however often the same input is reached (a
 * module instantiated many times reports its problems once).
 */
export class IssueLog {
  readonly issues: Issue[] = [];
  private readonly seen = new Set<string>();

  constructor(issues: Issue[] = []) {
    this.issues = issues;
  }

  /** Adds the issue unless the same one (code, file, line, message) was added already. */
  add(issue: Issue): void {
    const key = `${issue.code}\u0000${issue.source.file}\u0000${issue.source.line ?? ''}\u0000${issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push(issue);
  }
}
