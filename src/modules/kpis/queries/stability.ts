/** Placement stability (5a): short-term (12 months and 2 years) and long-term. */
import { sql } from 'kysely'
import { ADOPTION_PLACEMENTS } from '../../../domain/code-lists/index.ts'
import { ageOn, cohortSelect, codes, inCareAt, type KpiQuery, type Sql } from './fragments.ts'

/**
 * Placements in the window from `first` (the window's first day) to D: 1 when in care on the first
 * day, plus each move dated after it and on or before D. V3/V4 episodes are never placements.
 */
function shortTerm(first: Sql, cohortFilter: Sql): KpiQuery {
  return {
    cohort: (la) => sql`${cohortSelect({
      counted: sql`st.placements >= 3`,
      facts: sql`jsonb_build_object('windowStart', ${first}, 'inCareOnWindowStart', st.at_start = 1, 'moves', st.moves,
        'placements', st.placements, 'carePeriodStart', cp.start_date)`,
    })}
    from episodes e
    join care_periods cp on cp.la = e.la and cp.child_id = e.child_id and cp.period_seq = e.care_period_seq
    cross join lateral (
      select s.at_start, s.moves, s.at_start + coalesce(array_length(s.moves, 1), 0) as placements
      from (select
        (exists (select 1 from episodes w where ${inCareAt(la, first, 'w')} and w.child_id = e.child_id))::int as at_start,
        array(select m.start_date from episodes m
              where m.la = e.la and m.child_id = e.child_id and m.is_move and not m.short_break
                and m.start_date > ${first} and m.start_date <= p.as_at order by m.start_date) as moves) s
    ) st
    where ${inCareAt(la)} ${cohortFilter}`,
  }
}

const ADOPTION = codes(ADOPTION_PLACEMENTS)

export const stabilityQueries: Record<string, KpiQuery> = {
  'short-term-stability': shortTerm(sql`(p.m12 + 1)`, sql``),
  'short-term-stability-2-year': shortTerm(sql`(p.m24 + 1)`, sql`and cp.start_date <= p.m24`),
  'long-term-stability': {
    cohort: (la) => sql`${cohortSelect({
      counted: sql`(s.start_date <= p.m24 or (e.placement_type in ${ADOPTION} and ps.start_date <= p.m24))`,
      facts: sql`jsonb_build_object('age', ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)}, 'carePeriodStart', cp.start_date,
        'placementStart', s.start_date, 'placementType', e.placement_type,
        'placedForAdoption', e.placement_type in ${ADOPTION}, 'previousPlacementStart', ps.start_date)`,
    })}
    from episodes e
    join children c on c.la = e.la and c.child_id = e.child_id
    join care_periods cp on cp.la = e.la and cp.child_id = e.child_id and cp.period_seq = e.care_period_seq
    left join placement_spells s on s.la = e.la and s.child_id = e.child_id and s.spell_seq = e.placement_spell_seq
    left join placement_spells ps on ps.la = e.la and ps.child_id = e.child_id and ps.spell_seq = e.placement_spell_seq - 1
      and ps.period_seq = e.care_period_seq
    where ${inCareAt(la)} and ${ageOn(sql`c.date_of_birth`, sql`p.as_at`)} < 16 and cp.start_date <= p.m30`,
  },
}
