import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../usage-error.js';

/** A checkout of the base commit beside the working tree; `remove()` deletes it and its git record. */
export interface BaseCheckout {
  /** Absolute directory of the checkout (the repository's top level at the base commit). */
  dir: string;
  /** Top level of the working tree's repository. */
  topLevel: string;
  commit: string;
  /** Set when the merge base could not be found and the ref itself was used. */
  note?: string;
  remove(): void;
}

/**
 * Checks out the merge base of `ref` and HEAD with `git worktree add --detach` in a temporary
 * directory. When the history is too shallow to find a merge base (a CI checkout), the commit `ref`
 * names is used instead and `note` says so. Throws UsageError when `cwd` is not in a git
 * repository or `ref` names no commit.
 * https://git-scm.com/docs/git-worktree
 */
export function checkoutBase(ref: string, cwd: string): BaseCheckout {
  const topLevel = git(['rev-parse', '--show-toplevel'], cwd);
  if (topLevel.status !== 0) throw new UsageError(`diff needs a git repository: ${cwd} is not in one`);
  const root = topLevel.stdout.trim();
  const target = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (target.status !== 0) throw new UsageError(`--base ${ref}: no such commit in ${root} (fetch it first, e.g. git fetch origin ${ref})`);
  const mergeBase = git(['merge-base', target.stdout.trim(), 'HEAD'], root);
  const commit = mergeBase.status === 0 ? mergeBase.stdout.trim() : target.stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), 'secret-scan-base-'));
  const added = git(['worktree', 'add', '--detach', '--quiet', dir, commit], root);
  if (added.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`cannot check out ${ref} (${commit.slice(0, 12)}): ${added.stderr.trim()}`);
  }
  const checkout: BaseCheckout = {
    dir,
    topLevel: root,
    commit,
    remove() {
      git(['worktree', 'remove', '--force', dir], root);
      rmSync(dir, { recursive: true, force: true });
      git(['worktree', 'prune'], root);
    },
  };
  if (mergeBase.status !== 0) checkout.note = `no merge base of ${ref} and HEAD in this (shallow?) history; compared with ${ref} itself`;
  return checkout;
}

function git(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  if (run.error !== undefined) throw new UsageError(`cannot run git: ${run.error.message}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
