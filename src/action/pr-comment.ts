import { COMMENT_MARKER } from '../report/diff-markdown.js';

export interface CommentTarget {
  apiUrl: string;
  repository: string;
  issueNumber: number;
  token: string;
}

/**
 * Creates the Action's PR comment, or updates it in place when one with the marker exists, so a PR
 * keeps one secret-scan comment however often it is pushed to. Returns what it did.
 * https://docs.github.com/en/rest/issues/comments
 */
export async function upsertPullRequestComment(target: CommentTarget, body: string): Promise<'created' | 'updated'> {
  const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}`;
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${target.token}`,
    'content-type': 'application/json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'secret-scan-action',
  };
  let existing: number | undefined;
  for (let page = 1; page <= 10 && existing === undefined; page += 1) {
    const response = await fetch(`${base}/issues/${target.issueNumber}/comments?per_page=100&page=${page}`, { headers });
    if (!response.ok) throw new Error(`listing PR comments failed: HTTP ${response.status}`);
    const comments = (await response.json()) as { id: number; body?: string }[];
    existing = comments.find((comment) => (comment.body ?? '').includes(COMMENT_MARKER))?.id;
    if (comments.length < 100) break;
  }
  const response = existing !== undefined
    ? await fetch(`${base}/issues/comments/${existing}`, { method: 'PATCH', headers, body: JSON.stringify({ body }) })
    : await fetch(`${base}/issues/${target.issueNumber}/comments`, { method: 'POST', headers, body: JSON.stringify({ body }) });
  if (!response.ok) throw new Error(`${existing !== undefined ? 'updating' : 'creating'} the PR comment failed: HTTP ${response.status}`);
  return existing !== undefined ? 'updated' : 'created';
}
