import type { Kysely } from 'kysely'
import { lookupChildren } from '../../db/child-lookup.ts'
import type { CopyIn } from '../../db/copy.ts'
import type { Database } from '../../db/database.ts'
import type { TableCounts } from '../../db/tables/imports.ts'
import type { RecordIssue } from '../../domain/health/issues.ts'
import type { Finding } from '../../domain/findings.ts'
import { applyRecords, type ApplyOptions, type Entry, type RecordOutcomes } from './engine.ts'
import type { PartnerInput, RecordKind } from './kind.ts'
import { careLeaverContacts, careLeavers, pathwayPlans, personalAdvisers } from './kinds/care-leavers.ts'
import { healthChecks } from './kinds/health-checks.ts'
import { returnInterviews } from './kinds/return-interviews.ts'
import { sdqReturns } from './kinds/sdq.ts'
import { countRowsOfChildren } from './queries.ts'

/**
 * The partner records of a JSON snapshot (health checks, SDQs, care leavers, advisers, pathway plans,
 * contacts, return home interviews), applied inside the import's transaction after the children and episodes, so a record may
 * name a child the same snapshot adds. Each list goes through the engine the partner endpoints use,
 * without row locks (the authority's import lock is held, and a partner's post racing the run is
 * last-writer-wins either way), with COPY for new rows on PostgreSQL, and (snapshot mode) deleting
 * what the list leaves out. Outcomes become the run's counts and findings.
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

type Lists<K> = { [S in keyof K]?: K[S] extends RecordKind<infer T, infer _Row> ? Array<SentRecord<T>> : never }

/** Each list's kind, in the order they are applied (and counted when children are deleted). */
const KINDS = {
  healthChecks,
  sdqReturns: sdqReturns({ teacherOnly: false }),
  careLeavers,
  personalAdvisers,
  pathwayPlans,
  careLeaverContacts,
  returnHomeInterviews: returnInterviews,
}

/** The partner lists of a snapshot; a list left out leaves that kind untouched. */
export type PartnerSnapshot = Lists<typeof KINDS>
export type PartnerSection = keyof PartnerSnapshot

export const PARTNER_SECTIONS = Object.keys(KINDS) as PartnerSection[]

/** Each list's table, in the order they are applied. */
export const PARTNER_TABLES = PARTNER_SECTIONS.map((s) => [s, KINDS[s].table.table] as const)

/** The partner records of the children a snapshot deletes (the cascade takes them): per list. One statement. */
export function countPartnerRowsOf(db: Kysely<Database>, la: string, childIds: readonly string[]): Promise<Map<PartnerSection, number>> {
  return countRowsOfChildren(db, la, PARTNER_TABLES, childIds)
}

export interface PartnerOutcome {
  changed: boolean
  counts: Partial<Record<PartnerSection, TableCounts>>
  findings: Finding[]
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
  const wanted = new Set<string>()
  for (const section of PARTNER_SECTIONS) {
    for (const r of partner[section] ?? []) if (r.value !== null && r.childId !== null && !options.rejectedChildIds.has(r.childId)) wanted.add(r.childId)
  }
  const directory = await lookupChildren(
    db,
    la,
    [...wanted].map((childId) => ({ childId, nhsNumber: null, upn: null })),
  )
  const outcome: PartnerOutcome = { changed: false, counts: {}, findings: [] }
  const run = async <T extends PartnerInput, Row extends object>(section: PartnerSection, kind: RecordKind<T, Row>, list: Array<SentRecord<T>> | undefined) => {
    if (!list) return
    const applied = await applyList(db, la, section, kind, list, { ...options, directory })
    outcome.counts[section] = applied.counts
    outcome.findings.push(...applied.findings)
    outcome.changed ||= applied.changed
  }
  await run('healthChecks', KINDS.healthChecks, partner.healthChecks)
  await run('sdqReturns', KINDS.sdqReturns, partner.sdqReturns)
  await run('careLeavers', KINDS.careLeavers, partner.careLeavers)
  await run('personalAdvisers', KINDS.personalAdvisers, partner.personalAdvisers)
  await run('pathwayPlans', KINDS.pathwayPlans, partner.pathwayPlans)
  await run('careLeaverContacts', KINDS.careLeaverContacts, partner.careLeaverContacts)
  await run('returnHomeInterviews', KINDS.returnHomeInterviews, partner.returnHomeInterviews)
  return outcome
}

/** What the engine reports on a list's records, as the run's counts and findings (rule, field, row). */
export function listOutcomes(
  section: PartnerSection,
  list: ReadonlyArray<Pick<SentRecord<unknown>, 'row' | 'childId'>>,
  counts: TableCounts,
  findings: Finding[],
): RecordOutcomes {
  const finding = (ref: number, severity: 'error' | 'warning', rule: string, field: string, message: string) => {
    const r = list[ref]
    findings.push({ table: section, rowNumber: r?.row ?? null, childId: r?.childId ?? null, rule, severity, fields: [field], message })
  }
  return {
    review(ref: number, issues: readonly RecordIssue[]) {
      for (const i of issues) finding(ref, i.severity, i.rule ?? 'RECORD', i.field, `${i.field} ${i.message}`)
      const ok = !issues.some((i) => i.severity === 'error')
      if (!ok) counts.rejected++
      return ok
    },
    reject(ref, _status, issues) {
      for (const i of issues) finding(ref, 'error', i.rule ?? 'RECORD', i.field, `${i.field} ${i.message}`)
      counts.rejected++
    },
    unknownChild(ref) {
      // Child ids are unique, so the only miss is a child the authority does not have (after this snapshot).
      finding(ref, 'error', 'CHILD', 'childId', `No child ${list[ref]?.childId ?? ''} in this authority, stored or in this snapshot.`)
      counts.rejected++
    },
    settle(_ref, outcome) {
      if (outcome === 'created') counts.inserted++
      else if (outcome === 'updated') counts.updated++
      else if (outcome === 'unchanged') counts.unchanged++
    },
  }
}

/** One list through the engine, after the records it refuses itself (schema, duplicate key, rejected child). */
async function applyList<T extends PartnerInput, Row extends object>(
  db: Kysely<Database>,
  la: string,
  section: PartnerSection,
  kind: RecordKind<T, Row>,
  list: ReadonlyArray<SentRecord<T>>,
  options: {
    mode: 'snapshot' | 'delta'
    today: string
    rejectedChildIds: ReadonlySet<string>
    copy: CopyIn | null
    directory: NonNullable<ApplyOptions['directory']>
  },
): Promise<{ counts: TableCounts; findings: Finding[]; changed: boolean }> {
  const counts: TableCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 0 }
  const findings: Finding[] = []
  const field = kind.table.key === 'record_id' ? 'recordId' : 'childId'

  // A key sent twice: neither copy is applied (which would be the truth?), and the stored one stays.
  const sent = new Map<string, number>()
  for (const r of list) if (r.key !== null) sent.set(r.key, (sent.get(r.key) ?? 0) + 1)
  const copiesOf = new Map<string, number[]>()
  for (const r of list) {
    if (r.key === null || (sent.get(r.key) ?? 0) < 2) continue
    const rows = copiesOf.get(r.key)
    if (rows) rows.push(r.row)
    else copiesOf.set(r.key, [r.row])
  }

  const entries: Array<Entry<T>> = []
  list.forEach((r, ref) => {
    const copies = r.key === null ? undefined : copiesOf.get(r.key)
    if (r.value === null)
      counts.rejected++ // its schema findings are made already
    else if (copies) {
      const shown = copies.length > 10 ? `${copies.slice(0, 10).join(', ')}, ...` : copies.join(', ')
      findings.push({
        table: section,
        rowNumber: r.row,
        childId: r.childId,
        rule: 'DUPLICATE',
        severity: 'error',
        fields: [field],
        message: `The list holds ${copies.length} records with this ${field} (rows ${shown}); none of them is applied.`,
      })
      counts.rejected++
    } else if (r.childId !== null && options.rejectedChildIds.has(r.childId)) {
      counts.rejected++ // the child was refused (its findings say why): its records keep what is stored
    } else entries.push({ ref, value: r.value })
  })

  const outcomes = listOutcomes(section, list, counts, findings)
  const applied = await applyRecords(db, la, kind, entries, outcomes, {
    today: options.today,
    lock: false,
    directory: options.directory,
    copy: options.copy,
    uniqueKeys: true,
    ...(options.mode === 'snapshot' ? { replace: { sentKeys: sent, keepChildren: options.rejectedChildIds } } : {}),
  })
  counts.deleted = applied.removed
  // The findings in list order, as one pass over the list would have made them.
  findings.sort((a, b) => (a.rowNumber ?? 0) - (b.rowNumber ?? 0))
  return { counts, findings, changed: applied.changed }
}
