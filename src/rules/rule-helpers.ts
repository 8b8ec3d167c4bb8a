import type { Manifest } from '../model/manifest.js';
import type { Reader, SecretReader } from '../model/report.js';
import type { SourceRef } from '../model/source.js';
import type { SecretTarget } from '../graph/secret-targets.js';
import type { JudgedAnswer } from '../graph/judge-answers.js';

/** The grant that opens a reader's access: the first step with a file location, else the secret's own source. */
export function openingLocations(reader: Reader, target: SecretTarget): SourceRef[] {
  const located = reader.via.filter((step) => step.source && !step.source.file.startsWith('secret-scan:')).map((step) => step.source as SourceRef);
  return located.length > 0 ? [located[0] as SourceRef] : [target.source];
}

/** The account a secret belongs to: its AWS account, or the manifest's default for Vault and task secrets. */
export function secretAccount(target: SecretTarget, manifest: Manifest): string | undefined {
  return target.aws?.account ?? target.taskEnv?.task.account ?? manifest.defaultAccount;
}

/** Whether a reader is the root of an account other than `account`. */
export function isOtherAccountRoot(principal: string, account: string | undefined): boolean {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(principal);
  return match !== null && match[1] !== account;
}

/** Every (secret, reader) pair where the reader's role is `unintended` (neither owner nor trusted, on a secret with owners). */
export function unintendedReaders(answers: readonly JudgedAnswer[]): { target: SecretTarget; reader: SecretReader }[] {
  return answers.flatMap(({ target, readers }) => readers.filter((reader) => reader.role === 'unintended').map((reader) => ({ target, reader })));
}
