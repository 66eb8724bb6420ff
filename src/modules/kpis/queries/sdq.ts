/**
 * SDQ (5b): the health cohort aged 4 to 16 at D; completion, average and bands over each child's
 * latest score in the 12 months; the count of scores of 17 or more. Scores are the carer's (the SDQ
 * the DfE collects); teacher and self-report questionnaires have their own norms and are not mixed in.
 */
import { sql } from 'kysely'
import { SDQ_BANDS } from '../../../domain/health/sdq.ts'
import type { KpiQuery, Sql } from './fragments.ts'
import { HEALTH_COHORT } from './health.ts'
import { IN_CARE } from './in-care.ts'

const SDQ_COHORT = sql`${HEALTH_COHORT} and b.age between 4 and 16`

const latest = (c: { inDenominator?: Sql; counted: Sql; measure?: Sql }): KpiQuery => ({
  family: IN_CARE,
  member: SDQ_COHORT,
  ...c,
  facts: sql`jsonb_build_object('age', b.age, 'carePeriodStart', b.period_start,
    'latestScoreDate', b.sdq_date, 'latestScore', b.sdq_total)`,
})

const band = ({ from, to }: { from: number; to: number }) =>
  latest({ inDenominator: sql`b.sdq_total is not null`, counted: sql`b.sdq_total between ${sql.lit(from)} and ${sql.lit(to)}` })

export const sdqQueries: Record<string, KpiQuery> = {
  'sdq-completion': latest({ counted: sql`b.sdq_total is not null` }),
  'sdq-average': latest({ inDenominator: sql`b.sdq_total is not null`, counted: sql`true`, measure: sql`b.sdq_total` }),
  'sdq-normal': band(SDQ_BANDS.normal),
  'sdq-borderline': band(SDQ_BANDS.borderline),
  'sdq-concern': band(SDQ_BANDS.concern),
  // Counts scores, not children: each child in the cohort adds their scores in the 12 months.
  'sdq-scores-17-plus': {
    family: IN_CARE,
    member: SDQ_COHORT,
    counted: sql`b.sdq_scores_17 > 0`,
    weight: { cohort: sql`b.sdq_scores`, counted: sql`b.sdq_scores_17` },
    facts: sql`jsonb_build_object('age', b.age, 'scoresInTwelveMonths', b.sdq_scores, 'scores17Plus', b.sdq_scores_17)`,
  },
}
