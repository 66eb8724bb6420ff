/**
 * Where a webhook may be sent. A receiver gets children's ids, so the channel must be encrypted:
 * https only, except hosts an operator lists (WEBHOOK_ALLOWED_HOSTS: a receiver on the same private
 * network, or 127.0.0.1 in tests), which may also use http. Credentials in the URL are refused (they
 * would be stored and listed), and so is a fragment (never sent).
 *
 * Not yet checked: where a public name resolves to (a private or link-local address), which needs
 * the resolution at delivery time (issue #20's safety list; see docs/webhooks.md).
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
  if (parsed.protocol === 'https:') return null
  if (parsed.protocol === 'http:' && allowed) return null
  return allowed ? 'must be http or https' : 'must be https (plain http only for hosts in WEBHOOK_ALLOWED_HOSTS)'
}

/** The hosts of a WEBHOOK_ALLOWED_HOSTS value: comma-separated, spaces ignored, case-folded. */
export function parseAllowedHosts(value: string): string[] {
  return value
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
}
