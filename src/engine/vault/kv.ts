import { trimVaultSlashes } from '../../model/vault.js';

/**
 * API paths of one KV version 2 secret: the logical `mount/key` is never itself an API path.
 * Reads go to `data/`, listing and metadata to `metadata/`, and so on.
 * https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2#acl-rules
 */
export function kvV2Paths(mount: string, key: string): {
  data: string;
  metadata: string;
  delete: string;
  undelete: string;
  destroy: string;
  subkeys: string;
} {
  const m = trimVaultSlashes(mount);
  const k = key.replace(/^\/+/, '');
  return {
    data: `${m}/data/${k}`,
    metadata: `${m}/metadata/${k}`,
    delete: `${m}/delete/${k}`,
    undelete: `${m}/undelete/${k}`,
    destroy: `${m}/destroy/${k}`,
    subkeys: `${m}/subkeys/${k}`,
  };
}
