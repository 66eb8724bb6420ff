/**
 * Missing from care (5c): children who went missing (M) or were away without authorisation (A), of
 * those looked after on at least one day of the 12 months; the M episodes starting in the 12 months;
 * return home interviews for the M episodes that ended in the 12 months.
 */
import { sql } from 'kysely'
import type { KpiFamily, KpiQuery } from './fragments.ts'
import { IN_CARE_DURING } from './in-care-during.ts'

/**
 * M episodes that ended in the 12 months to D (open ones never), each with its interview: matched by
 * the child and MIS_START (one interview per child and start date; two episodes begun on one day
 * share it). An offer dated after D is not known at D.
 */
const ENDED_EPISODES: KpiFamily = {
  key: 'missing-ended',
  base: ({ la }) => sql`select m.child_id, m.end_date as age_on, null::text as legal_status, null::text as placement_type,
      null::text as placement_provider, null::text as reason_ended,
      m.start_date, m.end_date, case when i.offered_on <= p.as_at then i.offered_on end as offered_on, i.response
    from missing_episodes m
    left join return_home_interviews i on i.la = m.la and i.child_id = m.child_id and i.missing_start = m.start_date
    where m.la = ${la} and m.missing_type = 'M' and m.end_date > p.m12 and m.end_date <= p.as_at`,
}

const EPISODE_FACTS = sql`'missingEpisodes', b.missing, 'awayEpisodes', b.away`
const INTERVIEW_FACTS = sql`jsonb_build_object('missingStart', b.start_date, 'missingEnd', b.end_date, 'offeredOn', b.offered_on, 'response', b.response)`

export const missingQueries: Record<string, KpiQuery> = {
  'missing-children': { family: IN_CARE_DURING, counted: sql`b.missing > 0`, facts: sql`jsonb_build_object(${EPISODE_FACTS})` },
  'away-children': { family: IN_CARE_DURING, counted: sql`b.away > 0`, facts: sql`jsonb_build_object(${EPISODE_FACTS})` },
  'missing-episodes': {
    family: IN_CARE_DURING,
    counted: sql`b.missing > 0`,
    weight: { counted: sql`b.missing` },
    facts: sql`jsonb_build_object(${EPISODE_FACTS})`,
  },
  'missing-episodes-per-child': {
    family: IN_CARE_DURING,
    inDenominator: sql`b.missing > 0`,
    counted: sql`true`,
    measure: sql`b.missing`,
    facts: sql`jsonb_build_object(${EPISODE_FACTS})`,
  },
  // Within 72 hours: offered on or before the third day after MIS_END.
  'return-interviews-offered-72-hours': { family: ENDED_EPISODES, counted: sql`b.offered_on <= b.end_date + 3`, facts: INTERVIEW_FACTS },
  'return-interviews-accepted': {
    family: ENDED_EPISODES,
    inDenominator: sql`b.offered_on is not null`,
    counted: sql`b.response = 'accepted'`,
    facts: INTERVIEW_FACTS,
  },
}
