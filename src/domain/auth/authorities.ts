/**
 * Which authorities a client may touch: its list of three-digit codes, where '*' stands for every
 * authority. An administrator may grant, see and revoke only clients within what it holds itself.
 */

/** Whether a client holding `own` may use authority `la`. */
export function holdsAuthority(own: ReadonlySet<string>, la: string): boolean {
  return own.has('*') || own.has(la)
}

/** The authorities of `granted` that `own` does not cover: what an administrator may not grant. */
export function authoritiesBeyond(granted: readonly string[], own: ReadonlySet<string>): string[] {
  return granted.filter((a) => !holdsAuthority(own, a))
}

/** Whether every authority of `granted` is one `own` holds too; only '*' covers '*'. */
export function withinAuthorities(granted: readonly string[], own: ReadonlySet<string> | undefined): boolean {
  if (!own) return false
  if (own.has('*')) return true
  return granted.every((a) => a !== '*' && own.has(a))
}
