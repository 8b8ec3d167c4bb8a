// Loads the IAM semantic tables (*.yaml in this folder) so that the case runner and the
// differential test read the very same cases.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCaseTable } from '../../support/case-table.js';
import type { IamRequest } from '../../../src/model/iam.js';
import type { IamPolicySetInput } from '../../../src/engine/iam/index.js';

export interface ExpectedReason {
  policyId?: string;
  policyType?: 'identity' | 'resource' | 'boundary' | 'scp';
  sid?: string;
  effect?: 'Allow' | 'Deny';
  statementIndex?: number;
  /** Keys of the undecided conditions of this reason (exact set, order-free). */
  undecided?: string[];
  /** A substring the reason's note must contain. */
  note?: string;
}

export interface IamCase {
  file: string;
  name: string;
  doc: string;
  why: string;
  request: IamRequest;
  policies: IamPolicySetInput;
  expect: { decision: 'Allow' | 'ImplicitDeny' | 'ExplicitDeny'; conditional: boolean; reasons: ExpectedReason[] };
  /** Set when iam-simulate cannot express the case; says why. */
  peerSkip?: string;
}

interface CaseFile {
  defaults?: { request?: Partial<IamRequest> };
  cases: Omit<IamCase, 'file'>[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** Every case of every table, with the file's default request fields merged in. */
export function loadIamCases(): IamCase[] {
  const out: IamCase[] = [];
  for (const file of readdirSync(here).filter((f) => f.endsWith('.yaml')).sort()) {
    const data = loadCaseTable<CaseFile>(join(here, file));
    for (const c of data.cases) {
      out.push({ ...c, file, request: { ...(data.defaults?.request ?? {}), ...c.request } as IamRequest });
    }
  }
  return out;
}
