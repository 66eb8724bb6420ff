/**
 * SDQ (5b): the health cohort aged 4 to 16 at D; completion, average and bands over each child's
 * latest score in the 12 months; the count of scores of 17 or more. Scores are the carer's (the SDQ
 * the DfE collects); teacher and self-report questionnaires have their own norms and are not mixed in.
 */
import { sql } from 'kysely'
import { SDQ_BANDS, SDQ_HIGH_SCORE } from '../../../domain/health/sdq.ts'
import type { KpiFamily, KpiQuery, Sql } from './fragments.ts'
import { HEALTH_COHORT } from './health.ts'
import { IN_CARE } from './in-care.ts'

const SDQ_COHORT = sql`${HEALTH_COHORT} and b.age between 4 and 16`

const latest = (c: { inDenominator?: Sql; counted: Sql; measure?: Sql }): KpiQuery => ({
  family: IN_CARE,
  member: SDQ_COHORT,
  ...c,
  facts: sql`jsonb_build_object('age', b.age, 'carePeriodStart', b.period_start, 'careStart', b.care_start,
    'latestScoreDate', b.sdq_date, 'latestScore', b.sdq_total)`,
})

const band = ({ from, to }: { from: number; to: number }) =>
  latest({ inDenominator: sql`b.sdq_total is not null`, counted: sql`b.sdq_total between ${sql.lit(from)} and ${sql.lit(to)}` })

/**
 * Carer returns scored 17 or more dated in the 12 months (5b): one row per return, whatever the
 * child's cohort at D (out of care since, admitted less than 12 months ago, aged 17), so the count is
 * the managers' high-score list for the same period. Read through the partial index sdq_returns_high;
 * the breakdowns take the episode open on the return's date (none: not in care then).
 */
const HIGH_SCORES: KpiFamily = {
  key: 'sdq-high-scores',
  base: ({ la }) => {
    const onDate = (column: string) => sql`(select ${sql.ref(`eq.${column}`)} from episodes eq
      where eq.la = ${la} and eq.child_id = q.child_id and not eq.short_break and eq.start_date <= q.date and (eq.end_date is null or eq.end_date > q.date))`
    return sql`select q.child_id, q.date as age_on, ${onDate('legal_status')} as legal_status, ${onDate('placement_type')} as placement_type,
        ${onDate('placement_provider')} as placement_provider, null::text as reason_ended, q.record_id, q.total
      from sdq_returns q
      where q.la = ${la} and q.informant = 'carer' and q.total >= ${sql.lit(SDQ_HIGH_SCORE)} and q.date > p.m12 and q.date <= p.as_at`
  },
}

export const sdqQueries: Record<string, KpiQuery> = {
  'sdq-completion': latest({ counted: sql`b.sdq_total is not null` }),
  'sdq-average': latest({ inDenominator: sql`b.sdq_total is not null`, counted: sql`true`, measure: sql`b.sdq_total` }),
  'sdq-normal': band(SDQ_BANDS.normal),
  'sdq-borderline': band(SDQ_BANDS.borderline),
  'sdq-concern': band(SDQ_BANDS.concern),
  'sdq-scores-17-plus': {
    family: HIGH_SCORES,
    counted: sql`true`,
    facts: sql`jsonb_build_object('recordId', b.record_id, 'date', b.age_on, 'total', b.total, 'inCareOnDate', b.legal_status is not null)`,
  },
}
