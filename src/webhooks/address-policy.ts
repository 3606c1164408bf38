import { BlockList, isIP } from 'node:net';

/**
 * Decides whether an IP address (v4 or v6, as text) is a public destination a webhook may connect to.
 * Everything that reaches the host itself, its private networks or special-purpose ranges is refused
 * with a short reason; IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo)
 * are judged by the IPv4 address they carry, so an internal address cannot hide inside one.
 */

export type AddressVerdict =
  | { readonly public: true; readonly address: string }
  | { readonly public: false; readonly address: string; readonly reason: string };

interface Rule {
  readonly reason: string;
  readonly list: BlockList;
}

function rule(reason: string, subnets: ReadonlyArray<readonly [string, number]>): Rule {
  const list = new BlockList();
  for (const [network, prefix] of subnets)
    list.addSubnet(network, prefix, isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return { reason, list };
}

// Order matters only for the reason reported: the most specific explanation comes first.
const V4_RULES: readonly Rule[] = [
  rule('unspecified/"this network" address (0.0.0.0/8)', [['0.0.0.0', 8]]),
  rule('loopback address (127.0.0.0/8)', [['127.0.0.0', 8]]),
  rule('private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)', [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
  ]),
  rule('link-local address (169.254.0.0/16, includes cloud metadata 169.254.169.254)', [['169.254.0.0', 16]]),
  rule('carrier-grade NAT shared address (100.64.0.0/10)', [['100.64.0.0', 10]]),
  rule('multicast address (224.0.0.0/4)', [['224.0.0.0', 4]]),
  rule('reserved or broadcast address (240.0.0.0/4)', [['240.0.0.0', 4]]),
  rule('IETF protocol-assignment address (192.0.0.0/24)', [['192.0.0.0', 24]]),
  rule('documentation address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)', [
    ['192.0.2.0', 24],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
  ]),
  rule('benchmarking address (198.18.0.0/15)', [['198.18.0.0', 15]]),
  rule('deprecated 6to4 relay anycast address (192.88.99.0/24)', [['192.88.99.0', 24]]),
];

const V6_RULES: readonly Rule[] = [
  rule('unspecified address (::)', [['::', 128]]),
  rule('loopback address (::1)', [['::1', 128]]),
  rule('unique-local (private) address (fc00::/7)', [['fc00::', 7]]),
  rule('link-local address (fe80::/10)', [['fe80::', 10]]),
  rule('deprecated site-local address (fec0::/10)', [['fec0::', 10]]),
  rule('multicast address (ff00::/8)', [['ff00::', 8]]),
  rule('discard-only address (100::/64)', [['100::', 64]]),
  rule('local-use NAT64 address (64:ff9b:1::/48)', [['64:ff9b:1::', 48]]),
  rule('documentation address (2001:db8::/32, 3fff::/20)', [
    ['2001:db8::', 32],
    ['3fff::', 20],
  ]),
  rule('benchmarking address (2001:2::/48)', [['2001:2::', 48]]),
];

/** Parses IPv6 text (with `::` and an optional trailing dotted quad) into 16 bytes; null if malformed. */
export function parseIPv6(text: string): Uint8Array | null {
  if (isIP(text) !== 6) return null;
  let source = text;
  const tail: number[] = [];
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(source);
  if (quad) {
    tail.push(...quad.slice(1, 5).map(Number));
    source = source.slice(0, quad.index);
    source = source.endsWith('::') ? source : source.slice(0, -1);
    source = source === '' ? '::' : source;
  }
  const groupsNeeded = 8 - tail.length / 2;
  const [head, rest] = source.split('::') as [string, string | undefined];
  const parseGroups = (part: string | undefined) =>
    part ? part.split(':').map((g) => Number.parseInt(g, 16)) : [];
  const left = parseGroups(head);
  const right = parseGroups(rest);
  const fill = rest === undefined ? 0 : groupsNeeded - left.length - right.length;
  const groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  if (groups.length !== groupsNeeded) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  bytes.set(tail, 12);
  return bytes;
}

const v4 = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const isZero = (b: Uint8Array, from: number, to: number) => b.subarray(from, to).every((x) => x === 0);

/** The IPv4 address an IPv6 address carries for the purpose of reaching it, with the tunnelling form's name. */
function embeddedIPv4(b: Uint8Array): { kind: string; address: string } | null {
  if (isZero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff)
    return { kind: 'IPv4-mapped', address: v4(b, 12) };
  if (isZero(b, 0, 12)) return { kind: 'IPv4-compatible', address: v4(b, 12) };
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && isZero(b, 4, 12)) {
    return { kind: 'NAT64 (64:ff9b::/96)', address: v4(b, 12) };
  }
  if (b[0] === 0x20 && b[1] === 0x02) return { kind: '6to4 (2002::/16)', address: v4(b, 2) };
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) {
    // Teredo stores the client's IPv4 address bit-inverted in the last four bytes.
    const client = b.subarray(12, 16).map((x) => ~x & 0xff);
    return { kind: 'Teredo (2001::/32)', address: v4(client, 0) };
  }
  return null;
}

function classifyV4(address: string): AddressVerdict {
  for (const r of V4_RULES) {
    if (r.list.check(address, 'ipv4')) return { public: false, address, reason: r.reason };
  }
  return { public: true, address };
}

function classifyV6(address: string): AddressVerdict {
  const bytes = parseIPv6(address);
  if (!bytes) return { public: false, address, reason: 'malformed IPv6 address' };
  for (const r of V6_RULES) {
    if (r.list.check(address, 'ipv6')) return { public: false, address, reason: r.reason };
  }
  const embedded = embeddedIPv4(bytes);
  if (embedded) {
    // IPv4-compatible addresses are deprecated and never legitimately public; refuse them whatever they carry.
    const inner = classifyV4(embedded.address);
    if (embedded.kind === 'IPv4-compatible') {
      return { public: false, address, reason: `deprecated IPv4-compatible address (::${embedded.address})` };
    }
    if (!inner.public)
      return {
        public: false,
        address,
        reason: `${embedded.kind} form of ${embedded.address}, a ${inner.reason}`,
      };
    return { public: true, address };
  }
  // Only 2000::/3 is allocated as global unicast; anything else left over is reserved or unassigned.
  if ((bytes[0] as number) >> 5 !== 0b001) {
    return { public: false, address, reason: 'reserved IPv6 address (outside global unicast 2000::/3)' };
  }
  return { public: true, address };
}

/** Classifies an IP address given as text; anything that is not an IP address is refused. */
export function classifyAddress(raw: string): AddressVerdict {
  const unbracketed = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  // A zone id (fe80::1%eth0) only ever qualifies link-local addresses; judge the address itself.
  const address = unbracketed.split('%')[0] as string;
  const family = isIP(address);
  if (family === 4) return classifyV4(address);
  if (family === 6) return classifyV6(address.toLowerCase());
  return { public: false, address: raw, reason: 'not an IP address' };
}

/** A decision function with the same shape as classifyAddress, injectable where a test needs another policy. */
export type AddressClassifier = (address: string) => AddressVerdict;
