import { iamArn } from '../arns.js';
import { UsageError } from '../../usage-error.js';

/**
 * A principal as the manifest writes it: `role/NAME` / `user/NAME` (globs allowed) in the default
 * account; ARNs and `*` as written. Without a default account a short name is a usage error
 * naming `where` (file:line).
 */
export function expandPrincipal(principal: string, defaultAccount: string | undefined, where: string): string {
  const short = /^(role|user)\/(.+)$/.exec(principal);
  if (!short) return principal;
  if (!defaultAccount) throw new UsageError(`${where}: "${principal}" needs accounts.default to name an account`);
  return iamArn(defaultAccount, short[1] as string, short[2] as string);
}
