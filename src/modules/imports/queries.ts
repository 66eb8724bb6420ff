import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { ImportRunsTable } from '../../db/tables/imports.ts'
import { pageOf, rowsToFetch, type Page } from '../../http/pagination.ts'
import { EPISODE_FIELDS, type ChildHeader, type Episode } from '../../domain/care-history/index.ts'
import { addMonths, collectionYearBounds } from '../../domain/dates/calendar.ts'
import { birthRangeForAges } from '../../domain/health/ages.ts'
import {
  careLeaverOn,
  mergeOc2,
  mergeOc3,
  nearestContact,
  oc2Facts,
  oc3Birthday,
  oc3Facts,
  sentOc3Facts,
  type CareSpan,
  type SentOc3,
  type StoredContact,
} from '../../domain/imports/return-facts.ts'
import type { Export903Child, Export903Tables } from '../../domain/ssda903/index.ts'
import type { Oc2Facts, Oc3Facts } from '../../domain/ssda903/index.ts'
import type { FindingsQuery, RunFinding } from './schemas.ts'

// ---- import runs

export type ImportRunRow = Selectable<ImportRunsTable>

/** A run as the API shows it. */
export const toImportRun = (r: ImportRunRow) => {
  const { xid: _xid, ...run } = r
  return {
    ...run,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
    undoUntil: r.undoUntil ? r.undoUntil.toISOString() : null,
  }
}

export async function findImportRun(db: Kysely<Database>, la: string, runId: string): Promise<ImportRunRow | undefined> {
  return db.selectFrom('import_runs').selectAll().where('la', '=', la).where('id', '=', runId).executeTakeFirst()
}

/** An authority's runs, newest first, a page at a time (cursor: the startedAt of the last run of a page). */
export async function listImportRuns(
  db: Kysely<Database>,
  la: string,
  q: { limit: number; cursor: string | undefined },
): Promise<Page<ReturnType<typeof toImportRun>>> {
  let query = db.selectFrom('import_runs').selectAll().where('la', '=', la).orderBy('startedAt', 'desc').limit(rowsToFetch(q.limit))
  if (q.cursor) query = query.where('startedAt', '<', new Date(q.cursor))
  return pageOf((await query.execute()).map(toImportRun), q.limit, (last) => last.startedAt)
}

/** A run's findings in the order they were found, a page at a time (cursor: the seq of the last finding of a page). */
export async function listRunFindings(
  db: Kysely<Database>,
  runId: string,
  q: { limit: number; cursor: string | undefined; severity: FindingsQuery['severity'] },
): Promise<Page<RunFinding>> {
  let query = db.selectFrom('import_findings').selectAll().where('runId', '=', runId).orderBy('seq').limit(rowsToFetch(q.limit))
  if (q.cursor !== undefined) query = query.where('seq', '>', Number(q.cursor))
  if (q.severity) query = query.where('severity', '=', q.severity)
  const rows = (await query.execute()).map((f) => ({
    seq: f.seq,
    table: f.tableName,
    rowNumber: f.rowNumber,
    childId: f.childId,
    rule: f.rule,
    severity: f.severity,
    fields: f.fields,
    message: f.message,
  }))
  return pageOf(rows, q.limit, (last) => String(last.seq))
}

/**
 * The advisory lock of an authority's imports: (schema, authority), since advisory locks are
 * database-wide and one database may hold several deployments' schemas.
 */
export const importLockKey = (la: string) => sql`hashtext(current_schema() || '/import'), ${Number(la)}::int`

/** Takes the authority's import lock for the transaction (db is one); false when another import holds it. */
export async function tryImportLock(db: Kysely<Database>, la: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${importLockKey(la)}) as ok`.execute(db)
  return rows[0]?.ok === true
}

/** The transactions of the reverts of runs started after `since`: rows they put back are as the runs before left them. */
export async function revertXidsSince(trx: Transaction<Database>, la: string, since: Date): Promise<string[]> {
  const rows = await trx
    .selectFrom('import_runs as r')
    .innerJoin('import_runs as undone', 'undone.id', 'r.reverts')
    .select('r.xid')
    .where('r.la', '=', la)
    .where('undone.startedAt', '>', since)
    .where('r.xid', 'is not', null)
    .execute()
  return rows.map((r) => r.xid as string)
}

/** Notes that `revertId` undid `runId`; what the run replaced is back in the tables, so its undo rows go. */
export async function markReverted(trx: Transaction<Database>, runId: string, revertId: string): Promise<void> {
  await trx.updateTable('import_runs').set({ revertedBy: revertId }).where('id', '=', runId).execute()
  await trx.updateTable('import_runs').set({ reverts: runId }).where('id', '=', revertId).execute()
  await trx.deleteFrom('import_undo').where('runId', '=', runId).execute()
}

// ---- the 903 export

/**
 * Children with their episodes for a 903 export: everyone with an episode touching the collection
 * year (or every child, for a full-history export), and everyone the year's OC2 or OC3 holds (a care
 * leaver has no episode in the year, but the return lists their header). Two queries for the
 * children and episodes, three for OC2 and OC3 (returnFacts), grouped in memory.
 */
export async function childrenForExport(db: Kysely<Database>, la: string, year: number, options: { allHistory?: boolean } = {}): Promise<Export903Child[]> {
  const bounds = options.allHistory === true ? null : collectionYearBounds(year)
  let episodesQuery = db
    .selectFrom('episodes')
    .select([
      'childId',
      'startDate',
      'reasonNewEpisode',
      'legalStatus',
      'categoryOfNeed',
      'placementType',
      'placementProvider',
      'endDate',
      'reasonEnded',
      'reasonPlaceChange',
      'homePostcode',
      'placementPostcode',
      'urn',
      'placementLa',
      'placementDistance',
    ])
    .where('la', '=', la)
    .orderBy('childId')
    .orderBy('startDate')
  if (bounds) {
    episodesQuery = episodesQuery.where('startDate', '<=', bounds.end).where((eb) => eb.or([eb('endDate', 'is', null), eb('endDate', '>=', bounds.start)]))
  }
  const episodes = await episodesQuery.execute()
  const byChild = new Map<string, Episode[]>()
  for (const { childId, placementDistance, ...e } of episodes) {
    const list = byChild.get(childId) ?? []
    list.push({ ...e, placementDistance: placementDistance === null ? null : Number(placementDistance) })
    byChild.set(childId, list)
  }
  // The whole history is what was sent: OC3 too (the year's rows the integration sent), so it re-imports unchanged.
  const facts = bounds === null ? await sentOnlyFacts(db, la, year) : await returnFacts(db, la, year)
  const { tables, oc2Sent } = await storedTablesForExport(db, la)
  const children = await db
    .selectFrom('children')
    .select(['childId', 'sex', 'dateOfBirth', 'ethnicity', 'upn', 'nhsNumber', 'uasc', 'uascCeasedOn', 'mother', 'motherChildDob'])
    .where('la', '=', la)
    .orderBy('childId')
    .execute()
  return children
    .filter((c) => bounds === null || byChild.has(c.childId) || facts.has(c.childId))
    .map(({ mother, motherChildDob, ...header }: ChildHeader & { mother: boolean | null; motherChildDob: string | null }) => {
      const { oc2: derived = null, oc3 } = facts.get(header.childId) ?? {}
      // A year's OC2 is the derived cohort's, with what the integration sent winning (cutting what was
      // sent to the year is for later); the whole history is what was sent, so it re-imports unchanged.
      const sent = oc2Sent.get(header.childId) ?? null
      const oc2 = bounds === null ? sent : derived !== null ? mergeOc2(sent, derived) : null
      return {
        header,
        episodes: byChild.get(header.childId) ?? [],
        ...(oc2 !== null ? { oc2 } : {}),
        ...(oc3 !== undefined ? { oc3 } : {}),
        mother: { mother, motherChildDateOfBirth: motherChildDob },
        tables: tables.get(header.childId) ?? {},
      }
    })
}

/**
 * The child-level tables the integration sent, by child, each list in its stored order, and its OC2
 * rows: one statement per table.
 */
async function storedTablesForExport(db: Kysely<Database>, la: string): Promise<{ tables: Map<string, Export903Tables>; oc2Sent: Map<string, Oc2Facts> }> {
  const reviews = await db.selectFrom('looked_after_reviews').selectAll().where('la', '=', la).orderBy('childId').orderBy('seq').execute()
  const missing = await db.selectFrom('missing_episodes').selectAll().where('la', '=', la).orderBy('childId').orderBy('seq').execute()
  const placed = await db.selectFrom('placed_for_adoption').selectAll().where('la', '=', la).orderBy('childId').orderBy('seq').execute()
  const workers = await db.selectFrom('social_worker_episodes').selectAll().where('la', '=', la).orderBy('childId').orderBy('seq').execute()
  const adoptions = await db.selectFrom('adoptions').selectAll().where('la', '=', la).execute()
  const permanence = await db.selectFrom('previous_permanence').selectAll().where('la', '=', la).execute()

  const tables = new Map<string, Export903Tables>()
  const of = (childId: string): Export903Tables => {
    const t = tables.get(childId) ?? {}
    tables.set(childId, t)
    return t
  }
  for (const [childId, list] of groupByChild(reviews, ({ reviewDate, reviewCode }) => ({ reviewDate, reviewCode }))) of(childId).reviews = list
  for (const [childId, list] of groupByChild(missing, ({ missingType, startDate, endDate }) => ({ missingType, startDate, endDate }))) {
    of(childId).missingEpisodes = list
  }
  for (const [childId, list] of groupByChild(placed, ({ datePlaced, datePlacedCeased, reasonPlacedCeased }) => ({
    datePlaced,
    datePlacedCeased,
    reasonPlacedCeased,
  }))) {
    of(childId).placedForAdoption = list
  }
  for (const [childId, list] of groupByChild(workers, ({ socialWorkerId, startDate, endDate, reason }) => ({ socialWorkerId, startDate, endDate, reason }))) {
    of(childId).socialWorkerEpisodes = list
  }
  for (const { la: _la, childId, ...adoption } of adoptions) of(childId).adoption = adoption
  for (const { la: _la, childId, ...p } of permanence) of(childId).previousPermanence = p
  const oc2Sent = new Map<string, Oc2Facts>()
  const sent = await db.selectFrom('oc2_facts').selectAll().where('la', '=', la).where('source', '=', 'integration').execute()
  for (const { la: _la, childId, source: _source, ...facts } of sent) oc2Sent.set(childId, facts)
  return { tables, oc2Sent }
}

/** The OC3 rows the integration sent for a collection year, by child. */
async function sentOc3Of(db: Kysely<Database>, la: string, year: number): Promise<Map<string, SentOc3>> {
  const rows = await db
    .selectFrom('oc3_facts')
    .select(['childId', 'inTouch', 'activity', 'accommodation'])
    .where('la', '=', la)
    .where('year', '=', year)
    .execute()
  return new Map(rows.map(({ childId, ...sent }) => [childId, sent]))
}

/** The year's OC3 as the integration sent it, for a full-history export. */
async function sentOnlyFacts(db: Kysely<Database>, la: string, year: number): Promise<Map<string, ReturnFacts>> {
  const sent = await sentOc3Of(db, la, year)
  return new Map([...sent].map(([childId, row]) => [childId, { oc3: sentOc3Facts(row) }]))
}

export interface ReturnFacts {
  oc2?: Oc2Facts
  oc3?: Oc3Facts
}

/**
 * The OC2 and OC3 rows of a collection year from the partner records, by child: three set-based
 * queries whatever the authority's size (the rules, and each choice made, are in
 * src/domain/imports/return-facts.ts).
 */
async function returnFacts(db: Kysely<Database>, la: string, year: number): Promise<Map<string, ReturnFacts>> {
  const { end: asAt } = collectionYearBounds(year)
  const yearAgo = addMonths(asAt, -12)
  const out = new Map<string, ReturnFacts>()

  // OC2: the 5b health cohort at 31 March (in care that day, in a time in care begun on or before
  // 31 March a year before: short breaks before it in the period never count), with their completed
  // checks and SDQs in the 12 months (after yearAgo, up to asAt).
  const { rows: cohort } = await sql<{
    childId: string
    dateOfBirth: string
    assessment: boolean | null
    dental: boolean | null
    development: boolean | null
    immunisationsUpToDate: boolean | null
    sdqScore: number | null
    sdqReason: string | null
  }>`
    select c.child_id, c.date_of_birth, hc.assessment, hc.dental, hc.development,
      im.up_to_date as immunisations_up_to_date, sq.total as sdq_score, sr.reason_code as sdq_reason
    from episodes e
    join children c on c.la = e.la and c.child_id = e.child_id
    left join (select h.child_id,
        bool_or(h.kind in ('initial_health_assessment', 'review_health_assessment')) as assessment,
        bool_or(h.kind = 'dental_check') as dental,
        bool_or(h.kind = 'development_assessment') as development
      from health_checks h where h.la = ${la} and h.outcome = 'completed' and h.date > ${yearAgo} and h.date <= ${asAt}
      group by h.child_id) hc on hc.child_id = e.child_id
    left join (select distinct on (h.child_id) h.child_id, h.immunisations_up_to_date as up_to_date
      from health_checks h where h.la = ${la} and h.outcome = 'completed' and h.immunisations_up_to_date is not null
        and h.date > ${yearAgo} and h.date <= ${asAt}
      order by h.child_id, h.date desc, h.immunisations_up_to_date desc) im on im.child_id = e.child_id
    left join (select distinct on (q.child_id) q.child_id, q.total
      from sdq_returns q where q.la = ${la} and q.informant = 'carer' and q.total is not null and q.date > ${yearAgo} and q.date <= ${asAt}
      order by q.child_id, q.date desc, q.total desc) sq on sq.child_id = e.child_id
    left join (select distinct on (q.child_id) q.child_id, q.reason_code
      from sdq_returns q where q.la = ${la} and q.reason_code is not null and q.date > ${yearAgo} and q.date <= ${asAt}
      order by q.child_id, q.date desc, q.record_id desc) sr on sr.child_id = e.child_id
    where e.la = ${la} and not e.short_break and e.start_date <= ${asAt} and (e.end_date is null or e.end_date > ${asAt})
      and e.care_start <= ${yearAgo}`.execute(db)
  for (const c of cohort) {
    out.set(c.childId, {
      oc2: oc2Facts(year, {
        dateOfBirth: c.dateOfBirth,
        healthAssessment: c.assessment === true,
        dentalCheck: c.dental === true,
        developmentAssessment: c.development === true,
        immunisationsUpToDate: c.immunisationsUpToDate,
        sdqScore: c.sdqScore,
        sdqReason: c.sdqReason,
      }),
    })
  }

  // OC3: the young people aged 17 to 21 on 31 March (so with that birthday in the year) and their
  // episodes other than short breaks, then the contacts of those who were care leavers on it.
  const born = birthRangeForAges(asAt, 17, 21)
  const { rows: spans } = await sql<{ childId: string; dateOfBirth: string } & CareSpan>`
    select c.child_id, c.date_of_birth, e.start_date, e.end_date, e.reason_ended, e.is_cessation
    from children c join episodes e on e.la = c.la and e.child_id = c.child_id and not e.short_break
    where c.la = ${la} and c.date_of_birth > ${born.bornAfter} and c.date_of_birth <= ${born.bornOnOrBefore}
    order by c.child_id, e.start_date`.execute(db)
  const byChild = new Map<string, { dateOfBirth: string; spans: CareSpan[] }>()
  for (const { childId, dateOfBirth, ...span } of spans) {
    const entry = byChild.get(childId) ?? { dateOfBirth, spans: [] }
    entry.spans.push(span)
    byChild.set(childId, entry)
  }
  const leavers = new Map<string, string>() // child id -> the birthday in the year
  for (const [childId, { dateOfBirth, spans: list }] of byChild) {
    const day = oc3Birthday(dateOfBirth, year)
    if (day !== null && careLeaverOn(dateOfBirth, list, day)) leavers.set(childId, day)
  }
  // The OC3 rows the integration sent for the year: each wins over the contacts (mergeOc3).
  const sentOf = await sentOc3Of(db, la, year)
  for (const [childId, sent] of sentOf) {
    if (leavers.has(childId)) continue // merged below, with the contact
    out.set(childId, { ...out.get(childId), oc3: sentOc3Facts(sent) })
  }
  if (leavers.size === 0) return out
  // Every window lies between 3 months before the year began and 31 March.
  const { rows: contacts } = await sql<StoredContact & { childId: string }>`
    select child_id, record_id, date, in_touch, activity, accommodation_type, accommodation_suitable
    from care_leaver_contacts
    where la = ${la} and child_id = any(${[...leavers.keys()]}::text[])
      and date >= ${addMonths(collectionYearBounds(year).start, -3)} and date <= ${asAt}`.execute(db)
  const contactsOf = new Map<string, StoredContact[]>()
  for (const { childId, ...c } of contacts) contactsOf.set(childId, [...(contactsOf.get(childId) ?? []), c])
  for (const [childId, day] of leavers) {
    const facts = out.get(childId) ?? {}
    facts.oc3 = mergeOc3(sentOf.get(childId), oc3Facts(nearestContact(contactsOf.get(childId) ?? [], day, asAt)))
    out.set(childId, facts)
  }
  return out
}

/** Rows (in child order) grouped by child, each as `pick` makes it. */
function groupByChild<R extends { childId: string }, T>(rows: readonly R[], pick: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.childId)
    if (list) list.push(pick(r))
    else out.set(r.childId, [pick(r)])
  }
  return out
}

/** Rows stored per kind the guard watches (kind, table), before the import: one statement. */
export async function storedTotals(db: Kysely<Database>, la: string, kinds: ReadonlyArray<readonly [string, string]>): Promise<Record<string, number>> {
  const { rows } = await sql<{ kind: string; n: number }>`
    ${sql.join(
      kinds.map(([kind, table]) => sql`select ${kind}::text as kind, count(*)::int as n from ${sql.table(table)} where la = ${la}`),
      sql` union all `,
    )}`.execute(db)
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]))
}

/** The authority's stored children: the header fields an import compares and the hash of their episodes. */
export async function storedChildren(db: Kysely<Database>, la: string) {
  return db
    .selectFrom('children')
    .select(['childId', 'sex', 'dateOfBirth', 'ethnicity', 'upn', 'nhsNumber', 'uasc', 'uascCeasedOn', 'episodesHash'])
    .where('la', '=', la)
    .execute()
}

/** The stored episodes of these children, with the fields an import compares. */
export async function storedEpisodesOf(db: Kysely<Database>, la: string, childIds: readonly string[]) {
  return db
    .selectFrom('episodes')
    .select(['childId', 'startDate', ...EPISODE_FIELDS])
    .where('la', '=', la)
    .where('childId', 'in', childIds)
    .execute()
}

/** How many episodes these children have. */
export async function countEpisodesOf(db: Kysely<Database>, la: string, childIds: readonly string[]): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from episodes where la = ${la} and child_id = any(${childIds}::text[])`.execute(db)
  return rows[0]?.n ?? 0
}

/** Deletes these children with everything derived from them (on delete cascade). */
export async function deleteChildren(db: Kysely<Database>, la: string, childIds: readonly string[]): Promise<void> {
  await sql`delete from children where la = ${la} and child_id = any(${childIds}::text[])`.execute(db)
}
