/**
 * The shrink guard. A snapshot is a statement of what exists, so a damaged or empty one reads as a
 * mass deletion. An import that would delete more than a share of what is stored (of the children,
 * of their episodes, or of any kind of partner record), or that sends no children while some are
 * stored, is refused unless the sender confirms it: allowShrink, or the numbers it expects to delete
 * (at most that many of each kind named).
 */

export interface ShrinkGuard {
  /** Largest share of a kind one import may delete unconfirmed, 0-1 (default 0.1). */
  limit: number
  /** The sender confirmed a deliberate large change of any size. */
  allow: boolean
  /** The sender's expected deletions per kind: at most that many may go. */
  confirmed: Readonly<Record<string, number>> | null
}

/** One kind the import would shrink past the guard. */
export interface ShrinkExcess {
  /** 'children', 'episodes', or a partner list ('healthChecks', ...). */
  table: string
  stored: number
  deleting: number
  /** deleting / stored, rounded to 3 places. */
  share: number
}

export interface ShrinkInput {
  /** Rows stored per kind before the import. */
  stored: Readonly<Record<string, number>>
  /** Rows the import deletes per kind. */
  deleting: Readonly<Record<string, number>>
  /** Children the snapshot sends (accepted or rejected). */
  childrenSent: number
}

/** The kinds over the guard, or [] when the import may go ahead. Pure. */
export function shrinkExcess(input: ShrinkInput, guard: ShrinkGuard): ShrinkExcess[] {
  if (guard.allow) return []
  const out: ShrinkExcess[] = []
  for (const [table, deleting] of Object.entries(input.deleting)) {
    const stored = input.stored[table] ?? 0
    if (deleting <= 0 || stored <= 0) continue
    const emptied = table === 'children' && input.childrenSent === 0
    if (!emptied && deleting <= guard.limit * stored) continue
    const confirmed = guard.confirmed?.[table]
    if (confirmed !== undefined && deleting <= confirmed) continue
    out.push({ table, stored, deleting, share: Math.round((1000 * deleting) / stored) / 1000 })
  }
  return out
}

/** The confirmation a sender may give: 'children:120,episodes:800'. Throws a message naming what is wrong. */
export function parseConfirmedDeletes(value: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const part of value.split(',')) {
    const m = /^\s*([A-Za-z][A-Za-z0-9]{0,39})\s*:\s*(\d{1,9})\s*$/.exec(part)
    if (!m) throw new Error(`'${part.slice(0, 60)}' is not kind:number (e.g. children:120).`)
    out[m[1] as string] = Number(m[2])
  }
  return out
}

/** The confirmation that would let this import through: what a refusal tells the sender to send. */
export function confirmationFor(excess: readonly ShrinkExcess[]): string {
  return excess.map((e) => `${e.table}:${e.deleting}`).join(',')
}

/** One sentence per kind, for the refusal. */
export function describeExcess(excess: readonly ShrinkExcess[], limit: number): string {
  const parts = excess.map((e) => `${e.deleting.toLocaleString('en-GB')} of ${e.stored.toLocaleString('en-GB')} ${e.table} (${Math.round(e.share * 100)}%)`)
  return (
    `This snapshot would delete ${parts.join(', ')}: more than the ${Math.round(limit * 100)}% of a kind one import may delete unconfirmed. ` +
    'Nothing was applied. If the change is meant, send it again with allowShrink=true or ' +
    `confirmDeletes=${confirmationFor(excess)}; a damaged or partial file should be sent again whole.`
  )
}
