/**
 * SDQ (5b): the health cohort aged 4 to 16 at D; completion, average and bands over each child's
 * latest score in the 12 months; the count of scores of 17 or more. Scores are the carer's (the SDQ
 * the DfE collects); teacher and self-report questionnaires have their own norms and are not mixed in.
 */
import { sql } from 'kysely'
import { ageOn, cohortSelect, type KpiQuery, type Sql } from './fragments.ts'
import { healthCohort } from './health.ts'

const SCORE_IN_12_MONTHS = sql`s.la = e.la and s.child_id = e.child_id and s.informant = 'carer' and s.total is not null
  and s.date > p.m12 and s.date <= p.as_at`

const AGED_4_TO_16 = sql`and ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)} between 4 and 16`
const CHILD = sql`join children c on c.la = e.la and c.child_id = e.child_id`

/** The SDQ cohort with each child's latest score in the 12 months (sc; the highest when several share the day). */
function latestScore(columns: { inDenominator?: Sql; counted: Sql; measure?: Sql }): KpiQuery {
  return {
    cohort: (la) => sql`${cohortSelect({
      ...columns,
      facts: sql`jsonb_build_object('age', ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)}, 'carePeriodStart', cp.start_date,
        'latestScoreDate', sc.date, 'latestScore', sc.total)`,
    })} ${healthCohort(
      la,
      sql`${CHILD} left join lateral (select s.date, s.total from sdq_returns s where ${SCORE_IN_12_MONTHS}
        order by s.date desc, s.total desc limit 1) sc on true`,
      AGED_4_TO_16,
    )}`,
  }
}

const band = (from: number, to: number) =>
  latestScore({ inDenominator: sql`sc.total is not null`, counted: sql`sc.total between ${sql.lit(from)} and ${sql.lit(to)}` })

export const sdqQueries: Record<string, KpiQuery> = {
  'sdq-completion': latestScore({ counted: sql`sc.total is not null` }),
  'sdq-average': latestScore({ inDenominator: sql`sc.total is not null`, counted: sql`true`, measure: sql`sc.total` }),
  'sdq-normal': band(0, 13),
  'sdq-borderline': band(14, 16),
  'sdq-concern': band(17, 40),
  'sdq-scores-17-plus': {
    cohort: (la) => sql`${cohortSelect({
      counted: sql`s.total >= 17`,
      facts: sql`jsonb_build_object('scoreDate', s.date, 'score', s.total, 'recordId', s.record_id)`,
    })} ${healthCohort(la, sql`${CHILD} join sdq_returns s on ${SCORE_IN_12_MONTHS}`, AGED_4_TO_16)}`,
  },
}
