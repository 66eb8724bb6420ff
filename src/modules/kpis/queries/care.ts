/** Children in care on D: the counts, the placement mixes and where children are placed (5a). */
import { sql } from 'kysely'
import { FOSTER_PLACEMENTS } from '../../../domain/code-lists/index.ts'
import { cohortSelect, codes, inCareAt, uascOn, type KpiQuery, type Sql } from './fragments.ts'

/** Facts shown for a child in care on D: the episode open that day. */
const EPISODE_FACTS = sql`'episodeStart', e.start_date, 'legalStatus', e.legal_status, 'placementType', e.placement_type, 'placementProvider', e.placement_provider`

const inCareCohort = (counted: Sql): KpiQuery['cohort'] =>
  (la) => sql`${cohortSelect({ counted, facts: sql`jsonb_build_object(${EPISODE_FACTS})` })} from episodes e where ${inCareAt(la)}`

/** Children in care, joined to their header (alias c). */
const withChild = (la: string, rest: Sql) =>
  sql`from episodes e join children c on c.la = e.la and c.child_id = e.child_id
      where ${inCareAt(la)} ${rest}`

const RESIDENTIAL = ['K1', 'K2', 'R1']

/** In-house share of those in care on D with a provider, optionally only some placement types. */
const inHouse = (types: readonly string[] | null): KpiQuery => ({
  cohort: (la) => sql`${cohortSelect({
    counted: sql`e.placement_provider = 'PR1'`,
    facts: sql`jsonb_build_object(${EPISODE_FACTS})`,
  })} from episodes e where ${inCareAt(la)} and e.placement_provider is not null ${types ? sql`and e.placement_type in ${codes(types)}` : sql``}`,
})

export const careQueries: Record<string, KpiQuery> = {
  'children-in-care': { cohort: inCareCohort(sql`true`) },
  'children-in-care-rate': { cohort: inCareCohort(sql`true`) },
  'placement-type-mix': { cohort: inCareCohort(sql`true`) },
  'provider-mix': { cohort: inCareCohort(sql`true`) },
  'uasc-in-care': {
    cohort: (la) => sql`${cohortSelect({
      counted: uascOn(sql`p.as_at`),
      facts: sql`jsonb_build_object(${EPISODE_FACTS}, 'uasc', c.uasc, 'uascCeasedOn', c.uasc_ceased_on)`,
    })} ${withChild(la, sql``)}`,
  },
  'foster-placement-share': {
    cohort: (la) => sql`${cohortSelect({
      counted: sql`e.placement_type in ${codes(FOSTER_PLACEMENTS)}`,
      facts: sql`jsonb_build_object(${EPISODE_FACTS})`,
    })} from episodes e where ${inCareAt(la)}`,
  },
  'in-house-share': inHouse(null),
  'in-house-fostering-share': inHouse(FOSTER_PLACEMENTS),
  'in-house-residential-share': inHouse(RESIDENTIAL),
  'placed-inside-authority': {
    cohort: (la) => sql`${cohortSelect({
      inDenominator: sql`e.placement_la is not null`,
      counted: sql`e.placement_la = ${la}`,
      note: sql`case when e.placement_la is null then 'unknown' end`,
      facts: sql`jsonb_build_object(${EPISODE_FACTS}, 'placementLa', e.placement_la)`,
    })} from episodes e where ${inCareAt(la)}`,
  },
  'placed-over-20-miles': {
    cohort: (la) => {
      const known = sql`(e.placement_distance is not null and e.placement_distance <> 999.9)`
      return sql`${cohortSelect({
        inDenominator: known,
        counted: sql`${known} and e.placement_distance > 20`,
        note: sql`case when not ${known} then 'unknown' end`,
        facts: sql`jsonb_build_object(${EPISODE_FACTS}, 'placementDistance', e.placement_distance)`,
      })} ${withChild(la, sql`and not ${uascOn(sql`p.as_at`)}`)}`
    },
  },
}
