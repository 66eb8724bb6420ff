/**
 * Content negotiation for the few routes that can answer in two forms: the offered type the Accept
 * header rates highest (RFC 9110: the most specific range that matches gives a type its q), the first
 * offered on a tie or when there is no header.
 */
export function negotiate<T extends string>(accept: string | undefined, offered: readonly [T, ...T[]]): T {
  if (!accept) return offered[0]
  const ranges = accept.split(',').flatMap((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';')
    const [type, subtype] = range.trim().split('/')
    if (!type || !subtype) return []
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find(Boolean)
    const weight = q ? Number(q[1]) : 1
    return Number.isFinite(weight) ? [{ type, subtype, q: weight }] : []
  })
  let best = offered[0]
  let bestQ = -1
  for (const candidate of offered) {
    const [type, subtype] = candidate.split('/')
    let q = 0
    let specificity = -1
    for (const r of ranges) {
      const s = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1
      if (s > specificity) {
        specificity = s
        q = r.q
      }
    }
    if (q > bestQ) {
      best = candidate
      bestQ = q
    }
  }
  return best
}
