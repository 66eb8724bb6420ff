/**
 * The "in care at D" family (5a): one row per child in care on D, with their episode, child, period
 * of care and placement spells, the stability windows, and their health and SDQ records in the 12
 * months. The KPIs built on it are in this file (counts, placements, stability) and in health.ts and
 * sdq.ts. Every optional part is a LEFT JOIN the planner drops when no KPI of the statement reads it.
 */
import { sql } from 'kysely'
import { ADOPTION_PLACEMENTS, FOSTER_PLACEMENTS } from '../../../domain/code-lists/index.ts'
import { ageOn, ASSESSMENT_KINDS, codes, deadlineOf, inCareAt, uascOn, type KpiFamily, type KpiQuery, type Sql } from './fragments.ts'

/** Days are counted from here to pack a date and a small number into one integer (see below). */
const EPOCH = sql`date '1900-01-01'`

/**
 * In care (5a) on day w, for the child of episode e (in care on D): certainly when the current time in
 * care (5b) began by w, as it runs unbroken to D; otherwise looked up (CASE runs the lookup only for
 * the few whose time in care began since).
 */
function inCareOn(la: string, w: Sql): Sql {
  return sql`(case when e.care_start <= ${w} then true
    else exists (select 1 from episodes w where w.la = ${la} and w.child_id = e.child_id and not w.short_break
      and w.start_date <= ${w} and (w.end_date is null or w.end_date > ${w})) end)`
}

/**
 * The child's latest completed assessment (IHA or RHA) on or before D, from ca.dates (all of them,
 * oldest first): width_bucket finds by binary search how many are on or before D.
 */
const LATEST_ASSESSMENT = sql`ca.dates[width_bucket(p.as_at, ca.dates)]`

export const IN_CARE: KpiFamily = {
  key: 'in-care',
  deadlines: true,
  careEpisodes: { monthsBeforeD: 0 },
  base: (ctx) => {
    const { la } = ctx
    return sql`select e.child_id, p.as_at as age_on, e.legal_status, e.placement_type, e.placement_provider, null::text as reason_ended,
      -- What the sender gave wins over what the postcodes give.
      e.start_date as episode_start, coalesce(e.placement_la, e.derived_placement_la) as placement_la,
      coalesce(e.placement_distance, e.derived_placement_distance) as placement_distance,
      e.date_of_birth as dob, ${ageOn(sql`e.date_of_birth`, sql`p.as_at`)} as age, ${uascOn(sql`p.as_at`, 'e')} as uasc_now, e.uasc, e.uasc_ceased_on,
      cp.start_date as period_start,
      -- The current time in care (5b): from the latest admission, after any short breaks in the period.
      e.care_start,
      -- A placement spell counts from the time in care's start at the earliest (5a): short-break time is not care.
      greatest(s.start_date, e.care_start) as spell_start,
      -- The placement before an adoptive one (long-term stability), looked up only for those placed for adoption.
      case when e.placement_type in ${codes(ADOPTION_PLACEMENTS)} then (select greatest(ps.start_date, e.care_start) from placement_spells ps
        where ps.la = e.la and ps.child_id = e.child_id and ps.spell_seq = e.placement_spell_seq - 1 and ps.period_seq = e.care_period_seq)
      end as previous_spell_start,
      ${inCareOn(la, sql`(p.m12 + 1)`)} as at_start12, ${inCareOn(la, sql`(p.m24 + 1)`)} as at_start24,
      coalesce(mv.n12, 0) as move_count12, coalesce(mv.n24, 0) as move_count24,
      coalesce(mv.moves12, '{}') as moves12, coalesce(mv.moves24, '{}') as moves24,
      ha.last_assessment, hc.last_dental, hc.last_development,
      -- The latest completed assessment in the current time in care, however old (overdue at D, 5b):
      -- the latest on or before D, when it is in the time in care (if it is not, none is).
      case when ${LATEST_ASSESSMENT} >= e.care_start then ${LATEST_ASSESSMENT} end as care_last_assessment,
      ${EPOCH} + hc.immunisation_key / 2 as immunisation_date, hc.immunisation_key % 2 = 1 as immunisations_up_to_date,
      ${EPOCH} + sq.score_key / 64 as sdq_date, (sq.score_key % 64)::int as sdq_total,
      ${deadlineOf(ctx, sql`e.care_start`)} as iha_deadline
    from care_episodes e
    left join care_periods cp on cp.la = e.la and cp.child_id = e.child_id and cp.period_seq = e.care_period_seq
    left join placement_spells s on s.la = e.la and s.child_id = e.child_id and s.spell_seq = e.placement_spell_seq
    -- Moves (5a) after the window's first day, up to D; short breaks are never placements.
    left join (select m.child_id, count(*) filter (where m.start_date > p.m12 + 1) as n12, count(*) as n24,
        array_agg(m.start_date order by m.start_date) filter (where m.start_date > p.m12 + 1) as moves12,
        array_agg(m.start_date order by m.start_date) as moves24
      from episodes m where m.la = ${la} and m.is_move and not m.short_break and m.start_date > p.m24 + 1 and m.start_date <= p.as_at
      group by m.child_id) mv on mv.child_id = e.child_id
    -- The latest completed health assessment in the 12 months.
    left join (select h.child_id, max(h.date) as last_assessment
      from health_checks h where h.la = ${la} and h.outcome = 'completed' and h.kind in ${ASSESSMENT_KINDS}
        and h.date > p.m12 and h.date <= p.as_at
      group by h.child_id) ha on ha.child_id = e.child_id
    -- Other completed checks in the 12 months, in one pass. The latest immunisation status is found
    -- without sorting: max(day * 2 + up to date) is the latest day, and on that day "up to date" if any
    -- record says so.
    left join (select h.child_id,
        max(h.date) filter (where h.kind = 'dental_check') as last_dental,
        max(h.date) filter (where h.kind = 'development_assessment') as last_development,
        max((h.date - ${EPOCH}) * 2 + h.immunisations_up_to_date::int) filter (where h.immunisations_up_to_date is not null) as immunisation_key
      from health_checks h where h.la = ${la} and h.outcome = 'completed'
        and h.kind in ('dental_check', 'development_assessment', 'immunisations_review') and h.date > p.m12 and h.date <= p.as_at
      group by h.child_id) hc on hc.child_id = e.child_id
    -- Carer SDQ scores in the 12 months: the latest (the highest when several share the day, again by
    -- max(day * 64 + score)).
    left join (select q.child_id, max((q.date - ${EPOCH}) * 64 + q.total) as score_key
      from sdq_returns q where q.la = ${la} and q.informant = 'carer' and q.total is not null and q.date > p.m12 and q.date <= p.as_at
      group by q.child_id) sq on sq.child_id = e.child_id
    -- Every completed assessment of each child, oldest first (overdue at D), only when a KPI reads
    -- them. It does not depend on the point, so it is read once for every point of a series (a
    -- 120-month series read the latest of each child 2 x 120 times with index probes), in the order
    -- of an index by child and date (migration 0031): no sort of the authority's 20,000 assessments.
    left join (select h.child_id, array_agg(h.date order by h.date) as dates
      from health_checks h where h.la = ${la} and h.outcome = 'completed' and h.kind in ${ASSESSMENT_KINDS}
      group by h.child_id) ca on ca.child_id = e.child_id
    where ${inCareAt()}`
  },
}

/** Facts shown for a child in care on D: the episode open that day. */
export const EPISODE_FACTS = sql`'episodeStart', b.episode_start, 'legalStatus', b.legal_status, 'placementType', b.placement_type, 'placementProvider', b.placement_provider`

const everyChild: KpiQuery = { family: IN_CARE, counted: sql`true`, facts: sql`jsonb_build_object(${EPISODE_FACTS})` }

/** In-house share of those in care on D with a provider, optionally only some placement types. */
const inHouse = (types: readonly string[] | null): KpiQuery => ({
  family: IN_CARE,
  member: sql`b.placement_provider is not null ${types ? sql`and b.placement_type in ${codes(types)}` : sql``}`,
  counted: sql`b.placement_provider = 'PR1'`,
  facts: sql`jsonb_build_object(${EPISODE_FACTS})`,
})

/** Placements in a window (5a): 1 when in care on its first day, plus each move after that day. */
const shortTerm = (atStart: Sql, count: Sql, moves: Sql, first: Sql, member?: Sql): KpiQuery => ({
  family: IN_CARE,
  ...(member ? { member } : {}),
  counted: sql`${atStart}::int + ${count} >= 3`,
  facts: sql`jsonb_build_object('windowStart', ${first}, 'inCareOnWindowStart', ${atStart}, 'moves', ${moves},
    'placements', ${atStart}::int + cardinality(${moves}), 'carePeriodStart', b.period_start, 'careStart', b.care_start)`,
})

const ADOPTION = codes(ADOPTION_PLACEMENTS)

export const inCareQueries: Record<string, KpiQuery> = {
  'children-in-care': everyChild,
  'children-in-care-rate': everyChild,
  'placement-type-mix': everyChild,
  'provider-mix': everyChild,
  'uasc-in-care': {
    family: IN_CARE,
    counted: sql`b.uasc_now`,
    facts: sql`jsonb_build_object(${EPISODE_FACTS}, 'uasc', b.uasc, 'uascCeasedOn', b.uasc_ceased_on)`,
  },
  'foster-placement-share': {
    family: IN_CARE,
    counted: sql`b.placement_type in ${codes(FOSTER_PLACEMENTS)}`,
    facts: sql`jsonb_build_object(${EPISODE_FACTS})`,
  },
  'in-house-share': inHouse(null),
  'in-house-fostering-share': inHouse(FOSTER_PLACEMENTS),
  'in-house-residential-share': inHouse(['K1', 'K2', 'R1']),
  'placed-inside-authority': {
    family: IN_CARE,
    inDenominator: sql`b.placement_la is not null`,
    counted: sql`b.placement_la = p.la`,
    note: sql`case when b.placement_la is null then 'unknown' end`,
    facts: sql`jsonb_build_object(${EPISODE_FACTS}, 'placementLa', b.placement_la)`,
  },
  'placed-over-20-miles': {
    family: IN_CARE,
    member: sql`not b.uasc_now`,
    inDenominator: sql`(b.placement_distance is not null and b.placement_distance <> 999.9)`,
    counted: sql`b.placement_distance > 20 and b.placement_distance <> 999.9`,
    note: sql`case when b.placement_distance is null or b.placement_distance = 999.9 then 'unknown' end`,
    facts: sql`jsonb_build_object(${EPISODE_FACTS}, 'placementDistance', b.placement_distance)`,
  },
  'short-term-stability': shortTerm(sql`b.at_start12`, sql`b.move_count12`, sql`b.moves12`, sql`(p.m12 + 1)`),
  'short-term-stability-2-year': shortTerm(sql`b.at_start24`, sql`b.move_count24`, sql`b.moves24`, sql`(p.m24 + 1)`, sql`b.care_start <= p.m24`),
  'long-term-stability': {
    family: IN_CARE,
    // In care 2.5 years counts from the time in care's start (5a/5b), never from short breaks before it.
    member: sql`b.age < 16 and b.care_start <= p.m30`,
    counted: sql`(b.spell_start <= p.m24 or (b.placement_type in ${ADOPTION} and b.previous_spell_start <= p.m24))`,
    facts: sql`jsonb_build_object('age', b.age, 'carePeriodStart', b.period_start, 'careStart', b.care_start,
      'placementStart', b.spell_start, 'placementType', b.placement_type,
      'placedForAdoption', b.placement_type in ${ADOPTION}, 'previousPlacementStart', b.previous_spell_start)`,
  },
}
