import type { Manifest } from '../model/manifest.js';
import type { Reader } from '../model/report.js';
import type { SourceRef } from '../model/source.js';
import type { SecretTarget } from '../graph/secret-targets.js';

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

/** Every (secret, reader) pair where the reader is neither an owner nor trusted; secrets without owners have none. */
export function unintendedReaders(answers: readonly { target: SecretTarget; readers: readonly Reader[] }[], manifest: Manifest): { target: SecretTarget; reader: Reader }[] {
  const trusted = new Set(manifest.trusted);
  const pairs: { target: SecretTarget; reader: Reader }[] = [];
  for (const { target, readers } of answers) {
    if (target.owners.length === 0) continue;
    const owners = new Set(target.owners);
    for (const reader of readers) if (!owners.has(reader.principal) && !trusted.has(reader.principal)) pairs.push({ target, reader });
  }
  return pairs;
}
