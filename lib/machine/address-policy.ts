// Which network addresses Gatehouse may fetch a client ID metadata document from: public
// unicast only. Private (RFC 1918, RFC 4193), loopback, link-local (cloud metadata services
// live there), CGNAT, unspecified, multicast and reserved ranges are refused, so a client_id
// cannot make Gatehouse reach into its own network (SSRF). Loopback only with CIMD_ALLOW_LOOPBACK.
import { BlockList, isIP } from 'node:net'

const refused = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 3],
] as const) refused.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) refused.addSubnet(network, prefix, 'ipv6')

const loopback = new BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it carries. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return { address: mapped[1], family: 'ipv4' }
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' }
}

/** Why Gatehouse must not connect to `address`, or null when it may. */
export function addressProblem(address: string, allowLoopback: boolean): string | null {
  if (isIP(address) === 0) return 'not an IP address'
  const { address: plain, family } = normalise(address)
  if (loopback.check(plain, family)) return allowLoopback ? null : 'loopback address'
  if (refused.check(plain, family)) return 'private, link-local or reserved address'
  return null
}
