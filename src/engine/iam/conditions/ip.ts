/**
 * IPv4 / IPv6 addresses and CIDR blocks for `IpAddress` / `NotIpAddress`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress).
 */

export interface IpValue { v6: boolean; bytes: number[] }
export interface Cidr { ip: IpValue; prefix: number }

/** Parses a dotted IPv4 or an IPv6 address (with `::` and an embedded IPv4 tail); undefined if invalid. */
export function parseIp(text: string): IpValue | undefined {
  const t = text.trim();
  if (t.includes(':')) return parseIpv6(t);
  const v4 = parseIpv4(t);
  return v4 ? { v6: false, bytes: v4 } : undefined;
}

function parseIpv4(t: string): number[] | undefined {
  const parts = t.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

function parseIpv6(t: string): IpValue | undefined {
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const items = s.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as string;
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (!v4) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes: number[] = [];
  for (const g of all) bytes.push(g >> 8, g & 0xff);
  return { v6: true, bytes };
}

/** Parses `a.b.c.d/n`, an IPv6 CIDR, or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  const max = ip.v6 ? 128 : 32;
  if (slash < 0) return { ip, prefix: max };
  const p = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(p) || Number(p) > max) return undefined;
  return { ip, prefix: Number(p) };
}

/** True when the address lies in the block (same family, equal leading `prefix` bits). */
export function ipInCidr(ip: IpValue, cidr: Cidr): boolean {
  if (ip.v6 !== cidr.ip.v6) return false;
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((ip.bytes[i] as number) & mask) !== ((cidr.ip.bytes[i] as number) & mask)) return false;
  }
  return true;
}
