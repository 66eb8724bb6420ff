/** Admissions and cessations dated in a period (5a): from p.period_from to p.as_at inclusive. */
import { sql } from 'kysely'
import { cohortSelect, type KpiQuery } from './fragments.ts'

export const flowQueries: Record<string, KpiQuery> = {
  admissions: {
    cohort: (la) => sql`${cohortSelect({
      ageOn: sql`e.start_date`,
      counted: sql`true`,
      facts: sql`jsonb_build_object('date', e.start_date, 'reasonNewEpisode', e.reason_new_episode, 'legalStatus', e.legal_status,
        'placementType', e.placement_type, 'fromShortBreak', e.reason_new_episode <> 'S')`,
    })} from episodes e
      where e.la = ${la} and e.is_admission and e.start_date >= p.period_from and e.start_date <= p.as_at`,
  },
  cessations: {
    cohort: (la) => sql`${cohortSelect({
      ageOn: sql`e.end_date`,
      reasonEnded: sql`e.reason_ended`,
      counted: sql`true`,
      facts: sql`jsonb_build_object('date', e.end_date, 'reasonEnded', e.reason_ended, 'legalStatus', e.legal_status,
        'placementType', e.placement_type, 'toShortBreak', e.reason_ended = 'X1')`,
    })} from episodes e
      where e.la = ${la} and e.is_cessation and e.end_date >= p.period_from and e.end_date <= p.as_at`,
  },
}
