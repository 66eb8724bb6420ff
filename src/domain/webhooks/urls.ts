/**
 * Where a webhook may be sent. A receiver gets children's ids, so the channel must be encrypted:
 * https only, except hosts an operator lists (WEBHOOK_ALLOWED_HOSTS: a receiver on the same private
 * network, or 127.0.0.1 in tests), which may also use http. Credentials in the URL are refused (they
 * would be stored and listed), and so is a fragment (never sent). A private, loopback or link-local
 * address is refused unless listed, so a subscription cannot make the service call into its own
 * network; a name is checked where it resolves to, at delivery (dispatcher.ts).
 */
export function webhookUrlProblem(url: string, allowedHosts: ReadonlySet<string>): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not an absolute URL'
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password'
  if (parsed.hash) return 'must not have a fragment'
  const host = parsed.hostname.toLowerCase()
  const allowed = allowedHosts.has(host)
  const scheme = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && allowed)
  if (!scheme) return allowed ? 'must be http or https' : 'must be https (plain http only for hosts in WEBHOOK_ALLOWED_HOSTS)'
  if (!allowed && isPrivateAddress(host.replace(/^\[|\]$/g, ''))) return 'must not be a private, loopback or link-local address'
  return null
}

/** The hosts of a WEBHOOK_ALLOWED_HOSTS value: comma-separated, spaces ignored, case-folded. */
export function parseAllowedHosts(value: string): string[] {
  return value
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
}

/**
 * Whether an IP address (v4, or v6 without brackets) is one a webhook must not reach unless an
 * operator listed it: unspecified, loopback, private, shared (CGNAT), link-local, benchmarking,
 * multicast, reserved; in IPv6 every ::/16 form (IPv4-mapped and -compatible included), unique
 * local, link-local, site-local and multicast. A string that is not an address is not private (a
 * name, checked once resolved).
 */
export function isPrivateAddress(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip)
  if (v4) {
    const [a, b, c] = [Number(v4[1]), Number(v4[2]), Number(v4[3])]
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0 && c === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    )
  }
  if (!ip.includes(':') || !/^[0-9a-fA-F:.]+$/.test(ip)) return false
  const first = ip.startsWith('::') ? 0 : parseInt(ip.split(':')[0] ?? '', 16)
  if (Number.isNaN(first)) return false
  return first === 0 || (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00
}
