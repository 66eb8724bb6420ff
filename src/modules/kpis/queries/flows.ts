/** Admissions and cessations dated in a period (5a): from p.period_from to p.as_at inclusive. */
import { sql } from 'kysely'
import type { KpiFamily, KpiQuery } from './fragments.ts'

const ADMISSIONS: KpiFamily = {
  key: 'admissions',
  base: ({ la }) => sql`select e.child_id, e.start_date as age_on, e.legal_status, e.placement_type, e.placement_provider, null::text as reason_ended,
      e.start_date as date, e.reason_new_episode
    from episodes e where e.la = ${la} and e.is_admission and e.start_date >= p.period_from and e.start_date <= p.as_at`,
}

const CESSATIONS: KpiFamily = {
  key: 'cessations',
  base: ({ la }) => sql`select e.child_id, e.end_date as age_on, e.legal_status, e.placement_type, e.placement_provider, e.reason_ended,
      e.end_date as date
    from episodes e where e.la = ${la} and e.is_cessation and e.end_date >= p.period_from and e.end_date <= p.as_at`,
}

export const flowQueries: Record<string, KpiQuery> = {
  admissions: {
    family: ADMISSIONS,
    counted: sql`true`,
    facts: sql`jsonb_build_object('date', b.date, 'reasonNewEpisode', b.reason_new_episode, 'legalStatus', b.legal_status,
      'placementType', b.placement_type, 'fromShortBreak', b.reason_new_episode <> 'S')`,
  },
  cessations: {
    family: CESSATIONS,
    counted: sql`true`,
    facts: sql`jsonb_build_object('date', b.date, 'reasonEnded', b.reason_ended, 'legalStatus', b.legal_status,
      'placementType', b.placement_type, 'toShortBreak', b.reason_ended = 'X1')`,
  },
}
