import { sql, type Kysely } from 'kysely'
import { lookupChildren, type ChildDirectory } from '../../db/child-lookup.ts'
import type { Database } from '../../db/database.ts'
import { HEALTH_CHECKS, healthCheckKind, type HealthCheckInput } from '../../db/partner-kinds/health-checks.ts'
import {
  CARE_LEAVERS,
  careLeaverKind,
  CONTACTS,
  contactKind,
  PATHWAY_PLANS,
  pathwayPlanKind,
  PERSONAL_ADVISERS,
  personalAdviserKind,
  type CareLeaverInput,
  type ContactInput,
  type PathwayPlanInput,
  type PersonalAdviserInput,
} from '../../db/partner-kinds/care-leavers.ts'
import { SDQ_RETURNS, sdqKind, type SdqInput } from '../../db/partner-kinds/sdq.ts'
import { copyNewRows, deleteRows, sameValues, storedValues, writeRows, type PartnerTable, type RecordKind, type Row } from '../../db/partner-records.ts'
import type { CopyIn } from '../../db/copy.ts'
import type { TableCounts } from '../../db/tables/imports.ts'
import type { ImportFinding } from '../../domain/imports/types.ts'

/**
 * The partner records of a JSON snapshot (health checks, SDQs, care leavers, advisers, pathway plans,
 * contacts), applied inside the import's transaction after the children and episodes, so a record may
 * name a child the same snapshot adds. Each kind is checked by the very RecordKind the partner
 * endpoints use (src/db/partner-kinds), and written with a fixed number of set-based statements
 * whatever the number of records: one read of what is stored (one json_agg value), one upsert of
 * what changed, one delete of what is gone (plus, for pathway plans, one read of the reviews and, when
 * any changed, their replacement). No row locks: the authority's import lock is held, and a
 * partner's post racing the run is last-writer-wins either way.
 */

/** One record of a snapshot's partner list, as the route read it. */
export interface SentRecord<T> {
  /** 1-based position in the list. */
  row: number
  /** The record; null when it failed its schema (the finding is already made). */
  value: T | null
  /** Its key as sent (record id; child id for care leavers), when there is one to read. */
  key: string | null
  childId: string | null
}

/** The partner lists of a snapshot; a list left out leaves that kind untouched. */
export interface PartnerSnapshot {
  healthChecks?: Array<SentRecord<HealthCheckInput>>
  sdqReturns?: Array<SentRecord<SdqInput>>
  careLeavers?: Array<SentRecord<CareLeaverInput>>
  personalAdvisers?: Array<SentRecord<PersonalAdviserInput>>
  pathwayPlans?: Array<SentRecord<PathwayPlanInput>>
  careLeaverContacts?: Array<SentRecord<ContactInput>>
}

export type PartnerSection = keyof PartnerSnapshot

/** Each list's table, in the order they are applied (and counted when children are deleted). */
export const PARTNER_TABLES: ReadonlyArray<[PartnerSection, PartnerTable]> = [
  ['healthChecks', HEALTH_CHECKS],
  ['sdqReturns', SDQ_RETURNS],
  ['careLeavers', CARE_LEAVERS],
  ['personalAdvisers', PERSONAL_ADVISERS],
  ['pathwayPlans', PATHWAY_PLANS],
  ['careLeaverContacts', CONTACTS],
]

/** The partner records of the children a snapshot deletes (the cascade takes them): per list. One statement. */
export async function countPartnerRowsOf(db: Kysely<Database>, la: string, childIds: readonly string[]): Promise<Map<PartnerSection, number>> {
  const out = new Map<PartnerSection, number>()
  if (childIds.length === 0) return out
  const ids = [...childIds]
  const { rows } = await sql<{ section: PartnerSection; n: number }>`
    ${sql.join(
      PARTNER_TABLES.map(([section, spec]) => sql`select ${section}::text as section, count(*)::int as n from ${sql.table(spec.table)} where la = ${la} and child_id = any(${ids}::text[])`),
      sql` union all `,
    )}`.execute(db)
  for (const r of rows) if (r.n > 0) out.set(r.section, r.n)
  return out
}

export interface PartnerOutcome {
  changed: boolean
  counts: Partial<Record<PartnerSection, TableCounts>>
  findings: ImportFinding[]
}

interface Context {
  db: Kysely<Database>
  la: string
  mode: 'snapshot' | 'delta'
  today: string
  directory: ChildDirectory
  rejectedChildIds: ReadonlySet<string>
  copy: CopyIn | null
}

/**
 * Applies the partner lists sent, after the children: the children they name are looked up once (one
 * statement for every list), then each list is applied as a whole. Records of a rejected child are
 * skipped and keep their stored version (and, in snapshot mode, so do that child's records left out).
 */
export async function applyPartnerRecords(
  db: Kysely<Database>,
  la: string,
  partner: PartnerSnapshot,
  options: { mode: 'snapshot' | 'delta'; today: string; rejectedChildIds: ReadonlySet<string>; copy: CopyIn | null },
): Promise<PartnerOutcome> {
  const lists = [partner.healthChecks, partner.sdqReturns, partner.careLeavers, partner.personalAdvisers, partner.pathwayPlans, partner.careLeaverContacts]
  const wanted = new Set<string>()
  for (const list of lists) {
    for (const r of list ?? []) if (r.value !== null && r.childId !== null && !options.rejectedChildIds.has(r.childId)) wanted.add(r.childId)
  }
  const directory = await lookupChildren(db, la, [...wanted].map((childId) => ({ childId, nhsNumber: null, upn: null })))
  const ctx: Context = { db, la, ...options, directory }
  const outcome: PartnerOutcome = { changed: false, counts: {}, findings: [] }
  const run = async <T>(section: PartnerSection, kind: RecordKind<T>, list: Array<SentRecord<T>> | undefined) => {
    if (!list) return
    const { counts, findings, changed } = await applyList(ctx, section, kind, list)
    outcome.counts[section] = counts
    outcome.findings.push(...findings)
    outcome.changed ||= changed
  }
  await run('healthChecks', healthCheckKind, partner.healthChecks)
  await run('sdqReturns', sdqKind({ teacherOnly: false }), partner.sdqReturns)
  await run('careLeavers', careLeaverKind, partner.careLeavers)
  await run('personalAdvisers', personalAdviserKind, partner.personalAdvisers)
  await run('pathwayPlans', pathwayPlanKind, partner.pathwayPlans)
  await run('careLeaverContacts', contactKind, partner.careLeaverContacts)
  return outcome
}

async function applyList<T>(
  ctx: Context,
  section: PartnerSection,
  kind: RecordKind<T>,
  list: ReadonlyArray<SentRecord<T>>,
): Promise<{ counts: TableCounts; findings: ImportFinding[]; changed: boolean }> {
  const counts: TableCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 0 }
  const findings: ImportFinding[] = []
  const finding = (r: SentRecord<T>, severity: 'error' | 'warning', rule: string, field: string, message: string) =>
    findings.push({ table: section, rowNumber: r.row, childId: r.childId, rule, severity, fields: [field], message })

  // A key sent twice: neither copy is applied (which would be the truth?), and the stored one stays.
  const sent = new Map<string, number>()
  for (const r of list) if (r.key !== null) sent.set(r.key, (sent.get(r.key) ?? 0) + 1)
  const copiesOf = new Map<string, number[]>()
  for (const r of list) {
    if (r.key === null || (sent.get(r.key) ?? 0) < 2) continue
    const rowsOfKey = copiesOf.get(r.key)
    if (rowsOfKey) rowsOfKey.push(r.row)
    else copiesOf.set(r.key, [r.row])
  }
  const field = kind.spec.key === 'record_id' ? 'recordId' : 'childId'

  // What is stored is read first (snapshot mode: the whole kind for the authority, to find what is
  // gone; delta: only the keys sent), so each record can be checked, built and compared in one pass
  // that feeds the COPY of new rows as it goes (the database takes one chunk while the next is built).
  const sentKeys = [...sent.keys()]
  const stored = await storedValues(ctx.db, kind.spec, ctx.la, ctx.mode === 'snapshot' ? null : sentKeys)
  const extraStored = kind.extra ? await kind.extra.load(ctx.db, ctx.la, sentKeys) : new Map<string, string>()

  type Item = { value: T; key: string; row: Row }
  const changed: Item[] = []
  function* newRows(): Generator<Row> {
    for (const r of list) {
      if (r.value === null) {
        counts.rejected++ // its schema findings are made already
        continue
      }
      const copies = r.key === null ? undefined : copiesOf.get(r.key)
      if (copies) {
        const shown = copies.length > 10 ? `${copies.slice(0, 10).join(', ')}, ...` : copies.join(', ')
        finding(r, 'error', 'DUPLICATE', field, `The list holds ${copies.length} records with this ${field} (rows ${shown}); none of them is applied.`)
        counts.rejected++
        continue
      }
      if (r.childId === null) continue // unreachable: the schema requires childId
      if (ctx.rejectedChildIds.has(r.childId)) {
        // The child was refused (its findings say why): its records keep what is stored.
        counts.rejected++
        continue
      }
      // Child ids are unique, so the only miss is a child the authority does not have (after this snapshot).
      const match = ctx.directory.resolve({ childId: r.childId, nhsNumber: null, upn: null })
      if (!match.ok) {
        finding(r, 'error', 'CHILD', 'childId', `No child ${r.childId} in this authority, stored or in this snapshot.`)
        counts.rejected++
        continue
      }
      const { row, issues } = kind.build(r.value, match.child, ctx.today)
      for (const i of issues) finding(r, i.severity, i.rule ?? 'RECORD', i.field, `${i.field} ${i.message}`)
      if (issues.some((i) => i.severity === 'error')) {
        counts.rejected++
        continue
      }
      const item = { value: r.value, key: kind.recordKey(r.value) ?? match.child.childId, row }
      const before = stored.get(item.key)
      // Pathway plans: the reviews are compared too.
      const extraChanged = kind.extra !== undefined && (extraStored.get(item.key) ?? '') !== kind.extra.of(item.value)
      if (before === undefined) {
        counts.inserted++
        changed.push(item)
        yield row
      } else if (extraChanged || !sameValues(kind.spec, before, row)) {
        counts.updated++
        changed.push(item)
      } else counts.unchanged++
    }
  }
  if (ctx.copy) await copyNewRows(ctx.copy, kind.spec, ctx.la, newRows())
  else Array.from(newRows()) // every record checked, built and compared; the new go in with the upsert below
  // The upsert takes what COPY did not: records stored before (all that changed, without COPY).
  await writeRows(ctx.db, kind.spec, ctx.la, changed.filter((i) => !ctx.copy || stored.has(i.key)).map((i) => i.row))
  if (kind.extra && changed.length) await kind.extra.write(ctx.db, ctx.la, changed.map((i) => ({ key: i.key, record: i.value })), ctx.copy)

  let deleted = 0
  if (ctx.mode === 'snapshot') {
    // Gone: stored, not sent under its key (even in a record with an error), and not a rejected child's.
    const childAt = Object.keys(kind.spec.columns).indexOf('child_id')
    const gone: string[] = []
    for (const [key, values] of stored) if (!sent.has(key) && !ctx.rejectedChildIds.has(String(values[childAt]))) gone.push(key)
    deleted = (await deleteRows(ctx.db, kind.spec, ctx.la, gone)).size
    counts.deleted = deleted
  }
  return { counts, findings, changed: changed.length > 0 || deleted > 0 }
}
