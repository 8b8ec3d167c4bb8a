import type { RuleDefinition } from './define-rule.js';
import { ss001 } from './ss001-secret-reachable-by-unintended-principal.js';
import { ss002 } from './ss002-secret-unreachable-by-owner.js';
import { ss003 } from './ss003-secret-public-or-cross-account.js';
import { ss004 } from './ss004-approle-open-login.js';
import { ss005 } from './ss005-plaintext-secret-in-task-definition.js';
import { ss006 } from './ss006-task-role-trust-too-broad.js';
import { ss007 } from './ss007-shared-execution-role-reads-other-secrets.js';
import { ss008 } from './ss008-wildcard-secret-grant.js';
import { ss009 } from './ss009-vault-aws-auth-role-unbound.js';
import { ss010 } from './ss010-secret-without-owner.js';
import { ss011 } from './ss011-input-not-understood.js';

/** Every rule the scan runs, in id order. Adding a rule means adding it here and its data file in `rules/`. */
export const ruleRegistry: readonly RuleDefinition[] = [ss001, ss002, ss003, ss004, ss005, ss006, ss007, ss008, ss009, ss010, ss011];
