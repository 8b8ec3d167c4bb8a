import { readFileSync } from 'node:fs';

/** What the Action needs from the workflow run: the repository and, on a pull request, its numbers. */
export interface RunContext {
  eventName: string;
  repository: string;
  serverUrl: string;
  apiUrl: string;
  sha: string;
  pullRequest?: { number: number; baseSha: string; baseRef: string; headSha: string };
}

/**
 * Reads the run's context from the runner's variables and the event payload at GITHUB_EVENT_PATH
 * (a `pull_request` or `pull_request_target` payload carries `pull_request.base.sha`).
 * https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request
 */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const context: RunContext = {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    sha: env.GITHUB_SHA ?? '',
  };
  const path = env.GITHUB_EVENT_PATH;
  if (path === undefined || path === '') return context;
  const payload = JSON.parse(readFileSync(path, 'utf8')) as {
    pull_request?: { number?: number; base?: { sha?: string; ref?: string }; head?: { sha?: string } };
  };
  const pr = payload.pull_request;
  if (pr?.number !== undefined && pr.base?.sha !== undefined) {
    context.pullRequest = { number: pr.number, baseSha: pr.base.sha, baseRef: pr.base.ref ?? pr.base.sha, headSha: pr.head?.sha ?? context.sha };
  }
  return context;
}
