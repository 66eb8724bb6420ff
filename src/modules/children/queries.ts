import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { ChildrenTable } from '../../db/tables/care-history.ts'
import { addYears } from '../../domain/dates/calendar.ts'
import { pageOf, rowsToFetch, type Page } from '../../http/pagination.ts'
import type { Child, ChildListQuery, ChildSsda903 } from './schemas.ts'

type ChildRow = Selectable<ChildrenTable>

export const toChild = (r: ChildRow): Child => ({
  childId: r.childId,
  sex: r.sex,
  dateOfBirth: r.dateOfBirth,
  ethnicity: r.ethnicity,
  upn: r.upn,
  nhsNumber: r.nhsNumber,
  uasc: r.uasc,
  uascCeasedOn: r.uascCeasedOn,
  current: {
    inCare: r.inCare,
    legalStatus: r.currentLegalStatus,
    placementType: r.currentPlacementType,
    placementProvider: r.currentPlacementProvider,
    carePeriodStart: r.carePeriodStart,
    placementStart: r.placementSpellStart,
  },
})

export async function findChild(db: Kysely<Database>, la: string, childId: string): Promise<ChildRow | undefined> {
  return db.selectFrom('children').selectAll().where('la', '=', la).where('childId', '=', childId).executeTakeFirst()
}

/** Date-of-birth bounds for an age band on a date: born after `after` and on or before `onOrBefore`. */
function birthBounds(band: NonNullable<ChildListQuery['ageBand']>, on: string): { after: string | null; onOrBefore: string | null } {
  const [lo, hi] = { 'under-1': [0, 1], '1-4': [1, 5], '5-9': [5, 10], '10-15': [10, 16], '16-17': [16, 18], '18+': [18, null] }[band] as [
    number,
    number | null,
  ]
  return { after: hi === null ? null : addYears(on, -hi), onOrBefore: addYears(on, -lo) }
}

/** Children matching the filters, by child id, one page at a time (cursor = last child id). */
export async function listChildren(db: Kysely<Database>, la: string, q: ChildListQuery, today: string): Promise<Page<ChildRow>> {
  const limit = q.limit ?? 100
  const on = q.inCareAt ?? today
  let query = db.selectFrom('children as c').selectAll('c').where('c.la', '=', la).orderBy('c.childId').limit(rowsToFetch(limit))
  if (q.cursor) query = query.where('c.childId', '>', q.cursor)
  if (q.uasc !== undefined) query = query.where('c.uasc', '=', q.uasc)
  if (q.ageBand) {
    const { after, onOrBefore } = birthBounds(q.ageBand, on)
    if (onOrBefore) query = query.where('c.dateOfBirth', '<=', onOrBefore)
    if (after) query = query.where('c.dateOfBirth', '>', after)
  }
  if (q.inCareAt || q.placementType || q.placementProvider) {
    // The episode open on the date decides: in care (not a short break), its placement and provider.
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('episodes as e')
          .select(sql`1`.as('one'))
          .whereRef('e.la', '=', 'c.la')
          .whereRef('e.childId', '=', 'c.childId')
          .where('e.startDate', '<=', on)
          .where((w) => w.or([w('e.endDate', 'is', null), w('e.endDate', '>', on)]))
          .where('e.shortBreak', '=', false)
          .$if(q.placementType !== undefined, (s) => s.where('e.placementType', '=', (q.placementType ?? '').toUpperCase()))
          .$if(q.placementProvider !== undefined, (s) => s.where('e.placementProvider', '=', (q.placementProvider ?? '').toUpperCase())),
      ),
    )
  }
  return pageOf(await query.execute(), limit, (last) => last.childId)
}

/** numeric comes back from pg as a string. */
const miles = (v: string | number | null): number | null => (v === null ? null : Number(v))

/** A child's episodes, with what each means, in start order. */
async function episodesOf(db: Kysely<Database>, la: string, childId: string) {
  const rows = await db.selectFrom('episodes').selectAll().where('la', '=', la).where('childId', '=', childId).orderBy('startDate').execute()
  return rows.map((e, index) => ({
    index,
    startDate: e.startDate,
    reasonNewEpisode: e.reasonNewEpisode,
    legalStatus: e.legalStatus,
    categoryOfNeed: e.categoryOfNeed,
    placementType: e.placementType,
    placementProvider: e.placementProvider,
    endDate: e.endDate,
    reasonEnded: e.reasonEnded,
    reasonPlaceChange: e.reasonPlaceChange,
    homePostcode: e.homePostcode,
    placementPostcode: e.placementPostcode,
    urn: e.urn,
    // What the sender gave, else what the postcodes give.
    placementLa: e.placementLa ?? e.derivedPlacementLa,
    placementDistance: miles(e.placementDistance ?? e.derivedPlacementDistance),
    carePeriod: e.carePeriodSeq,
    placement: e.placementSpellSeq,
    isMove: e.isMove,
    isTemporary: e.isTemporary,
    shortBreak: e.shortBreak,
  }))
}

/** A child's periods of care, in order. */
async function carePeriodsOf(db: Kysely<Database>, la: string, childId: string) {
  const rows = await db.selectFrom('care_periods').selectAll().where('la', '=', la).where('childId', '=', childId).orderBy('periodSeq').execute()
  return rows.map((p) => ({
    index: p.periodSeq,
    startDate: p.startDate,
    endDate: p.endDate,
    reasonEnded: p.reasonEnded,
    categoryOfNeed: p.categoryOfNeed,
    legalStatusAtEntry: p.legalStatusAtEntry,
    placementTypeAtEntry: p.placementTypeAtEntry,
    shortBreakOnly: p.shortBreakOnly,
  }))
}

/** A child's placements (same-carer spells), in order. */
async function placementsOf(db: Kysely<Database>, la: string, childId: string) {
  const rows = await db.selectFrom('placement_spells').selectAll().where('la', '=', la).where('childId', '=', childId).orderBy('spellSeq').execute()
  return rows.map((s) => ({
    index: s.spellSeq,
    carePeriod: s.periodSeq,
    startDate: s.startDate,
    endDate: s.endDate,
    placementType: s.placementType,
    placementProvider: s.placementProvider,
    urn: s.urn,
    placementPostcode: s.placementPostcode,
    temporaryEpisodes: s.temporaryEpisodes,
  }))
}

const PARTS = { episodes: episodesOf, carePeriods: carePeriodsOf, placements: placementsOf }

/** One part of a child's care history: a read of one table (the GET routes answer with one part). */
export function careHistoryPart<K extends keyof typeof PARTS>(db: Kysely<Database>, la: string, childId: string, part: K): ReturnType<(typeof PARTS)[K]> {
  return PARTS[part](db, la, childId) as ReturnType<(typeof PARTS)[K]>
}

/** A child's whole care history: episodes, periods of care, placements and the warnings stored with them. */
export async function careHistoryOf(db: Kysely<Database>, la: string, childId: string) {
  const [episodes, carePeriods, placements, warnings] = await Promise.all([
    episodesOf(db, la, childId),
    carePeriodsOf(db, la, childId),
    placementsOf(db, la, childId),
    db.selectFrom('episode_findings').selectAll().where('la', '=', la).where('childId', '=', childId).orderBy('episodeIndex').execute(),
  ])
  return {
    childId,
    episodes,
    carePeriods,
    placements,
    warnings: warnings.map((w) => ({ rule: w.rule, severity: w.severity, episodeIndex: w.episodeIndex, fields: w.fields, message: w.message })),
  }
}

export async function deleteChild(db: Kysely<Database>, la: string, childId: string): Promise<boolean> {
  const r = await db.deleteFrom('children').where('la', '=', la).where('childId', '=', childId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Locks the child's row for the transaction (two writes of one history cannot interleave); its date of birth, or undefined when there is no such child. */
export async function lockChild(trx: Transaction<Database>, la: string, childId: string): Promise<{ dateOfBirth: string } | undefined> {
  return trx.selectFrom('children').select(['dateOfBirth']).where('la', '=', la).where('childId', '=', childId).forUpdate().executeTakeFirst()
}

/** A child's other 903 tables as stored, each list in its stored order (the child's row given). */
export async function ssda903TablesOf(db: Kysely<Database>, child: ChildRow): Promise<ChildSsda903> {
  const { la, childId } = child
  const [reviews, missingEpisodes, oc2, oc3, adoption, placedForAdoption, previousPermanence, socialWorkerEpisodes] = await Promise.all([
    db.selectFrom('looked_after_reviews').select(['reviewDate', 'reviewCode']).where('la', '=', la).where('childId', '=', childId).orderBy('seq').execute(),
    db
      .selectFrom('missing_episodes')
      .select(['missingType', 'startDate', 'endDate'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('seq')
      .execute(),
    db.selectFrom('oc2_facts').selectAll().where('la', '=', la).where('childId', '=', childId).orderBy('source').execute(),
    db
      .selectFrom('oc3_facts')
      .select(['year', 'inTouch', 'activity', 'accommodation'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('year')
      .execute(),
    db.selectFrom('adoptions').selectAll().where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    db
      .selectFrom('placed_for_adoption')
      .select(['datePlaced', 'datePlacedCeased', 'reasonPlacedCeased'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('seq')
      .execute(),
    db.selectFrom('previous_permanence').selectAll().where('la', '=', la).where('childId', '=', childId).executeTakeFirst(),
    db
      .selectFrom('social_worker_episodes')
      .select(['socialWorkerId', 'startDate', 'endDate', 'reason'])
      .where('la', '=', la)
      .where('childId', '=', childId)
      .orderBy('seq')
      .execute(),
  ])
  const own = <R extends { la: string; childId: string }>({ la: _la, childId: _id, ...rest }: R) => rest
  // The stored codes are text; the tables' constraints hold them to the lists the schema names.
  return {
    childId,
    mother: child.mother,
    motherChildDateOfBirth: child.motherChildDob,
    reviews,
    missingEpisodes,
    oc2: oc2.map(own),
    oc3,
    adoption: adoption ? own(adoption) : null,
    placedForAdoption,
    previousPermanence: previousPermanence ? own(previousPermanence) : null,
    socialWorkerEpisodes,
  } as ChildSsda903
}
