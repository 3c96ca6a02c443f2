import ipaddr from 'ipaddr.js';

/** Whether an address may be reached by a request for a user: only global unicast may. */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Classifies one IP address. Blocks every IPv4 range ipaddr.js does not call `unicast`
 * (loopback, RFC 1918, link-local and the cloud metadata address, CGNAT, 0.0.0.0/8, multicast,
 * broadcast, reserved and documentation ranges) and, for IPv6, everything outside global
 * unicast 2000::/3 plus its special ranges (6to4, Teredo, documentation…). IPv6 forms that carry
 * an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`) are
 * judged by the IPv4 address inside.
 */
export function classifyAddress(text: string): AddressVerdict {
  let address: Parsed;
  try {
    address = ipaddr.parse(text);
  } catch {
    return { allowed: false, reason: `not an IP address: ${text}` };
  }
  return classify(address);
}

function classify(address: Parsed): AddressVerdict {
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return range === 'unicast' ? { allowed: true } : { allowed: false, reason: `${address} is ${range}` };
  }
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedIpv4(v6);
  if (embedded) {
    const inner = classify(embedded);
    return inner.allowed ? inner : { allowed: false, reason: `${v6} embeds ${inner.reason}` };
  }
  const range = v6.range();
  if (range !== 'unicast') return { allowed: false, reason: `${v6} is ${range}` };
  if (!v6.match(GLOBAL_UNICAST_V6)) return { allowed: false, reason: `${v6} is not global unicast` };
  return { allowed: true };
}

/** The IPv4 address an IPv6 address stands for: mapped, compatible (::/96) or NAT64 (RFC 6052). */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const parts = address.parts;
  const tail = () =>
    ipaddr.IPv4.parse(`${parts[6]! >> 8}.${parts[6]! & 255}.${parts[7]! >> 8}.${parts[7]! & 255}`);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  // ::a.b.c.d (deprecated IPv4-compatible) — also covers :: and ::1, judged below as v4.
  if (parts.slice(0, 6).every((part) => part === 0)) return tail();
  // 64:ff9b::/96, the well-known NAT64 prefix: the gateway connects to the IPv4 address inside.
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0))
    return tail();
  return null;
}

/** One operator rule: an address range, or a host name (`.example.com`/`*.example.com`: subdomains too). */
export type NetRule =
  | { kind: 'cidr'; range: [Parsed, number]; text: string }
  | { kind: 'host'; name: string; subdomains: boolean; text: string };

/** Parses one AUDIO_HTTP_ALLOW/DENY entry, or explains why it is not one. */
export function parseNetRule(entry: string): NetRule | string {
  const text = entry.trim();
  if (text === '') return 'an entry is empty';
  if (text.includes('/')) {
    try {
      return { kind: 'cidr', range: normaliseRange(ipaddr.parseCIDR(text)), text };
    } catch {
      return `"${text}" is not a CIDR range like 10.0.0.0/8 or fd00::/8`;
    }
  }
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(bare)) {
    const address = normalise(ipaddr.parse(bare));
    return { kind: 'cidr', range: [address, address.kind() === 'ipv4' ? 32 : 128], text };
  }
  const subdomains = text.startsWith('*.') || text.startsWith('.');
  const name = hostKey(text.replace(/^\*?\./, ''));
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name))
    return `"${text}" is neither an address, a CIDR range nor a host name`;
  return { kind: 'host', name, subdomains, text };
}

/** Parses a whole list; throws with every bad entry named. */
export function parseNetRules(entries: readonly string[]): NetRule[] {
  const rules: NetRule[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const rule = parseNetRule(entry);
    if (typeof rule === 'string') problems.push(rule);
    else rules.push(rule);
  }
  if (problems.length > 0) throw new Error(`Invalid address rules: ${problems.join('; ')}`);
  return rules;
}

/** Lower-cased, without the trailing dot of a fully qualified name. */
export function hostKey(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

export function ruleMatchesHost(rule: NetRule, host: string): boolean {
  if (rule.kind !== 'host') return false;
  return host === rule.name || (rule.subdomains && host.endsWith(`.${rule.name}`));
}

export function ruleMatchesAddress(rule: NetRule, text: string): boolean {
  if (rule.kind !== 'cidr') return false;
  const address = normalise(ipaddr.parse(text));
  return address.kind() === rule.range[0].kind() && address.match(rule.range as never);
}

/** ::ffff:a.b.c.d is a.b.c.d for rule matching, so one IPv4 rule covers both spellings. */
function normalise(address: Parsed): Parsed {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
    return (address as ipaddr.IPv6).toIPv4Address();
  return address;
}

function normaliseRange([address, bits]: [Parsed, number]): [Parsed, number] {
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [address, bits];
}

/** Whether `text` is an IP literal (either family), as a URL's hostname may be. */
export function isIpLiteral(text: string): boolean {
  return ipaddr.isValid(text);
}

export function ipFamily(text: string): 4 | 6 {
  return ipaddr.parse(text).kind() === 'ipv4' ? 4 : 6;
}
