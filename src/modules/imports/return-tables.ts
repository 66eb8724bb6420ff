import type { Kysely } from 'kysely'
import type { CopyIn } from '../../db/copy.ts'
import type { Database } from '../../db/database.ts'
import { replaceReturnRows, storedMothers, storedReturnRows, writeMothers } from '../../db/return-store.ts'
import type { TableCounts } from '../../db/tables/imports.ts'
import {
  RETURN_KINDS,
  returnRows,
  rowFingerprint,
  rowKey,
  rowsKept,
  type ChildReturn,
  type MotherFacts,
  type ReturnKind,
  type ReturnRow,
} from '../../domain/ssda903/child-return.ts'

/**
 * The import's step for a child's other 903 tables (reviews, missing, OC2, AD1, placed for adoption,
 * previous permanence, social worker episodes) and the header's MOTHER and MC_DOB: each table a child
 * was sent replaces what the child has, and only where it differs, so an unchanged snapshot writes
 * nothing. A fixed number of statements per table, whatever the number of children. Rejected children
 * are not passed in, so they keep what is stored.
 */

export interface ReturnOutcome {
  changed: boolean
  counts: Partial<Record<ReturnKind, TableCounts>>
  /** Children any of whose tables (or MOTHER, MC_DOB) changed. */
  changedChildIds: Set<string>
}

const empty = (): TableCounts => ({ inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 0 })

/** Counts one child's rows of a kind against what it had (matched by key); true when they differ. */
function compare(kind: ReturnKind, before: readonly ReturnRow[], after: readonly ReturnRow[], counts: TableCounts): boolean {
  const old = new Map(before.map((r) => [rowKey(kind, r), rowFingerprint(kind, r)]))
  let differs = before.length !== after.length
  for (const r of after) {
    const key = rowKey(kind, r)
    const prev = old.get(key)
    if (prev === undefined) {
      counts.inserted++
      differs = true
      continue
    }
    old.delete(key)
    if (prev === rowFingerprint(kind, r)) counts.unchanged++
    else {
      counts.updated++
      differs = true
    }
  }
  counts.deleted += old.size
  return differs || old.size > 0
}

const sameMother = (a: MotherFacts, b: MotherFacts) => a.mother === b.mother && a.motherChildDateOfBirth === b.motherChildDateOfBirth

export async function applyReturnTables(
  db: Kysely<Database>,
  la: string,
  children: ReadonlyArray<{ header: { childId: string }; returnTables?: ChildReturn }>,
  copy: CopyIn | null,
): Promise<ReturnOutcome> {
  const sent = children.filter((c) => c.returnTables !== undefined)
  const kinds = RETURN_KINDS.filter((k) => sent.some((c) => c.returnTables?.[k] !== undefined))
  const counts: Partial<Record<ReturnKind, TableCounts>> = {}
  const changedChildIds = new Set<string>()
  if (kinds.length > 0) {
    const stored = await storedReturnRows(db, la, kinds)
    const replace = new Map<ReturnKind, { ids: string[]; rows: Array<ReturnRow & { child_id: string }> }>()
    for (const kind of kinds) {
      counts[kind] = empty()
      replace.set(kind, { ids: [], rows: [] })
    }
    for (const c of sent) {
      const id = c.header.childId
      const rows = returnRows(c.returnTables as ChildReturn)
      for (const kind of kinds) {
        const sentRows = rows[kind]
        if (sentRows === undefined) continue
        const before = stored.get(kind)?.get(id) ?? []
        const after = [...rowsKept(kind, c.returnTables as ChildReturn, before), ...sentRows]
        if (!compare(kind, before, after, counts[kind] as TableCounts)) continue
        const target = replace.get(kind) as { ids: string[]; rows: Array<ReturnRow & { child_id: string }> }
        target.ids.push(id)
        for (const r of after) target.rows.push({ child_id: id, ...r })
        changedChildIds.add(id)
      }
    }
    for (const [kind, { ids, rows }] of replace) await replaceReturnRows(db, la, kind, ids, rows, copy)
  }

  const mothers = sent.filter((c) => c.returnTables?.mother !== undefined)
  if (mothers.length > 0) {
    const stored = await storedMothers(db, la)
    const none: MotherFacts = { mother: null, motherChildDateOfBirth: null }
    const changed = mothers
      .map((c) => ({ childId: c.header.childId, ...(c.returnTables?.mother as MotherFacts) }))
      .filter((m) => !sameMother(stored.get(m.childId) ?? none, m))
    await writeMothers(db, la, changed)
    for (const m of changed) changedChildIds.add(m.childId)
  }
  return { changed: changedChildIds.size > 0, counts, changedChildIds }
}
