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
  oc2ServiceInput,
  oc3Birthday,
  oc3Facts,
  sentOc3Facts,
  type CareSpan,
  type SentOc3,
  type StoredContact,
} from '../../domain/imports/return-facts.ts'
import type { Export903Child, Export903Tables } from '../../domain/ssda903/index.ts'
import type { Oc2Facts, Oc3Facts } from '../../domain/ssda903/index.ts'
import { socialWorkerPeriodStart } from '../../domain/ssda903/cohorts.ts'
import { oc2ServiceFacts } from './oc2-services.ts'
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
 * leaver has no episode in the year, but the return lists their header). One query per table (a
 * year's reviews, missing and social worker episodes only those its return can hold), and the few of
 * returnFacts for OC2 and OC3, grouped in memory.
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
  const { tables, oc2Sent } = await storedTablesForExport(db, la, bounds === null ? null : year)
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
async function storedTablesForExport(
  db: Kysely<Database>,
  la: string,
  year: number | null,
): Promise<{ tables: Map<string, Export903Tables>; oc2Sent: Map<string, Oc2Facts> }> {
  // A year's return keeps only the rows open in its period (cohorts.ts returnForYear cuts them again,
  // and writes what it keeps): reading the whole history of a large authority was most of the time.
  const { start, end } = year === null ? { start: null, end: null } : collectionYearBounds(year)
  const openIn = (from: string | null, startColumn: string, endColumn: string) =>
    from === null || end === null
      ? sql<boolean>`true`
      : sql<boolean>`(${sql.ref(startColumn)} is null or ${sql.ref(startColumn)} <= ${end}) and (${sql.ref(endColumn)} is null or ${sql.ref(endColumn)} >= ${from})`
  const reviews = await db
    .selectFrom('looked_after_reviews')
    .selectAll()
    .where('la', '=', la)
    .where(openIn(start, 'reviewDate', 'reviewDate'))
    .orderBy('childId')
    .orderBy('seq')
    .execute()
  const missing = await db
    .selectFrom('missing_episodes')
    .selectAll()
    .where('la', '=', la)
    .where(openIn(start, 'startDate', 'endDate'))
    .orderBy('childId')
    .orderBy('seq')
    .execute()
  const placed = await db
    .selectFrom('placed_for_adoption')
    .selectAll()
    .where('la', '=', la)
    .where(openIn(start, 'datePlaced', 'datePlacedCeased'))
    .orderBy('childId')
    .orderBy('seq')
    .execute()
  const workers = await db
    .selectFrom('social_worker_episodes')
    .selectAll()
    .where('la', '=', la)
    .where(openIn(year === null ? null : socialWorkerPeriodStart(year), 'startDate', 'endDate'))
    .orderBy('childId')
    .orderBy('seq')
    .execute()
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
 * The OC2 and OC3 rows of a collection year from the partner records, by child: a fixed number of
 * set-based statements whatever the authority's size (the rules, and each choice made, are in
 * src/domain/imports/return-facts.ts). Each statement reads one table of one authority and the facts
 * are joined here by child: they run straight after an import, before the planner's statistics know a
 * new authority, and one statement joining the aggregates was then planned as nested loops over "one
 * row" and took 25-60 s at 40 authorities instead of a fraction of a second (docs/benchmarks.md).
 */
async function returnFacts(db: Kysely<Database>, la: string, year: number): Promise<Map<string, ReturnFacts>> {
  const { end: asAt } = collectionYearBounds(year)
  const yearAgo = addMonths(asAt, -12)
  const out = new Map<string, ReturnFacts>()
  const { rows: born } = await sql<{ childId: string; dateOfBirth: string }>`
    select child_id, date_of_birth from children where la = ${la}`.execute(db)
  const dateOfBirth = new Map(born.map((c) => [c.childId, c.dateOfBirth]))

  // OC2: the 5b health cohort at 31 March (in care that day, in a time in care begun on or before
  // 31 March a year before: short breaks before it in the period never count), with their completed
  // checks and SDQs in the 12 months (after yearAgo, up to asAt).
  const { rows: cohort } = await sql<{ childId: string }>`
    select child_id from episodes
    where la = ${la} and not short_break and start_date <= ${asAt} and (end_date is null or end_date > ${asAt})
      and care_start <= ${yearAgo}`.execute(db)
  const { rows: checks } = await sql<{ childId: string; assessment: boolean; dental: boolean; development: boolean }>`
    select child_id,
      bool_or(kind in ('initial_health_assessment', 'review_health_assessment')) as assessment,
      bool_or(kind = 'dental_check') as dental,
      bool_or(kind = 'development_assessment') as development
    from health_checks where la = ${la} and outcome = 'completed' and date > ${yearAgo} and date <= ${asAt}
    group by child_id`.execute(db)
  const { rows: immunisations } = await sql<{ childId: string; upToDate: boolean }>`
    select distinct on (child_id) child_id, immunisations_up_to_date as up_to_date
    from health_checks where la = ${la} and outcome = 'completed' and immunisations_up_to_date is not null
      and date > ${yearAgo} and date <= ${asAt}
    order by child_id, date desc, immunisations_up_to_date desc`.execute(db)
  const { rows: scores } = await sql<{ childId: string; total: number }>`
    select distinct on (child_id) child_id, total
    from sdq_returns where la = ${la} and informant = 'carer' and total is not null and date > ${yearAgo} and date <= ${asAt}
    order by child_id, date desc, total desc`.execute(db)
  const { rows: reasons } = await sql<{ childId: string; reasonCode: string }>`
    select distinct on (child_id) child_id, reason_code
    from sdq_returns where la = ${la} and reason_code is not null and date > ${yearAgo} and date <= ${asAt}
    order by child_id, date desc, record_id desc`.execute(db)
  const checksOf = new Map(checks.map((c) => [c.childId, c]))
  const immunisedOf = new Map(immunisations.map((r) => [r.childId, r.upToDate]))
  const scoreOf = new Map(scores.map((r) => [r.childId, r.total]))
  const reasonOf = new Map(reasons.map((r) => [r.childId, r.reasonCode]))
  const services = await oc2ServiceFacts(db, la, yearAgo, asAt)
  for (const { childId } of cohort) {
    const dob = dateOfBirth.get(childId)
    if (dob === undefined) continue
    const c = checksOf.get(childId)
    out.set(childId, {
      oc2: oc2Facts(year, {
        dateOfBirth: dob,
        healthAssessment: c?.assessment === true,
        dentalCheck: c?.dental === true,
        developmentAssessment: c?.development === true,
        immunisationsUpToDate: immunisedOf.get(childId) ?? null,
        sdqScore: scoreOf.get(childId) ?? null,
        sdqReason: reasonOf.get(childId) ?? null,
        ...oc2ServiceInput(services, childId),
      }),
    })
  }

  // OC3: the young people aged 17 to 21 on 31 March (so with that birthday in the year) and their
  // episodes other than short breaks, then the contacts of those who were care leavers on it.
  const range = birthRangeForAges(asAt, 17, 21)
  const ofAge = born.filter((c) => c.dateOfBirth > range.bornAfter && c.dateOfBirth <= range.bornOnOrBefore).map((c) => c.childId)
  const { rows: spans } = await sql<{ childId: string } & CareSpan>`
    select child_id, start_date, end_date, reason_ended, is_cessation
    from episodes where la = ${la} and child_id = any(${ofAge}::text[]) and not short_break
    order by child_id, start_date`.execute(db)
  const byChild = new Map<string, { dateOfBirth: string; spans: CareSpan[] }>()
  for (const { childId, ...span } of spans) {
    const entry = byChild.get(childId) ?? { dateOfBirth: dateOfBirth.get(childId) as string, spans: [] }
    entry.spans.push(span)
    byChild.set(childId, entry)
  }
  const leavers = new Map<string, string>() // child id -> the birthday in the year
  for (const [childId, { dateOfBirth: dob, spans: list }] of byChild) {
    const day = oc3Birthday(dob, year)
    if (day !== null && careLeaverOn(dob, list, day)) leavers.set(childId, day)
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
