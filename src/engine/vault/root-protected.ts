/**
 * Root-protected API endpoints: besides the operation's capability they need `sudo` (or root).
 * https://developer.hashicorp.com/vault/docs/concepts/policies#root-protected-api-endpoints
 * A trailing `*` is a prefix; `+` one segment. Paths under a mount are given for the default mount
 * name (`pki/`, `auth/token/`), which is where the documentation lists them.
 */
const ROOT_PROTECTED: string[] = [
  'auth/token/accessors/',
  'auth/token/create-orphan',
  'auth/token/revoke-orphan',
  'pki/root',
  'pki/root/sign-self-issued',
  'sys/audit',
  'sys/audit/*',
  'sys/audit-hash/*',
  'sys/auth/*',
  'sys/config/auditing/*',
  'sys/config/cors',
  'sys/config/reload/*',
  'sys/config/state/sanitized',
  'sys/config/ui/headers/*',
  'sys/internal/inspect/*',
  'sys/internal/counters/activity/export',
  'sys/leases/lookup/*',
  'sys/leases/revoke-force/*',
  'sys/leases/revoke-prefix/*',
  'sys/monitor',
  'sys/plugins/catalog/*',
  'sys/plugins/reload/backend',
  'sys/pprof/*',
  'sys/raw',
  'sys/raw/*',
  'sys/remount',
  'sys/revoke-force/*',
  'sys/revoke-prefix/*',
  'sys/rotate',
  'sys/rotate/config',
  'sys/seal',
  'sys/step-down',
  'sys/storage/raft/snapshot-auto/config/*',
  'sys/host-info',
  'sys/in-flight-req',
];

/** True when Vault requires `sudo` on this request path in addition to the operation's capability. */
export function isRootProtected(path: string): boolean {
  return ROOT_PROTECTED.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p || path === `${p}/`));
}
