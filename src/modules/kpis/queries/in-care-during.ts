/**
 * Children looked after on at least one day of the 12 months to D (5c, decided 2026-12-04): in care by
 * 5a on some day from D minus 12 months plus a day to D, V3/V4 short breaks left out (a child whose
 * care ended on that first day is out: the DEC day is not in care). One row per child, with the
 * latest such episode (its legal status and placement for the breakdowns), the missing and away
 * episodes starting in the 12 months and the advocacy referrals made in them. The missing and
 * advocacy KPIs built on it are in missing.ts and advocacy.ts.
 */
import { sql } from 'kysely'
import type { KpiFamily } from './fragments.ts'

export const IN_CARE_DURING: KpiFamily = {
  key: 'in-care-during',
  careEpisodes: { monthsBeforeD: 12 },
  base: ({ la }) => sql`select w.child_id, p.as_at as age_on, w.legal_status, w.placement_type, w.placement_provider, null::text as reason_ended,
      coalesce(ms.missing, 0) as missing, coalesce(ms.away, 0) as away, coalesce(ad.referrals, 0) as advocacy_referrals, ad.first_referral
    -- Byte order is enough to keep a child's episodes together, and much cheaper than the collation's.
    from (select distinct on (e.child_id collate "C") e.child_id, e.legal_status, e.placement_type, e.placement_provider
      from care_episodes e
      -- An episode overlapping [D - 12 months + 1 day, D].
      where e.start_date <= p.as_at and (e.end_date is null or e.end_date > p.m12 + 1)
      order by e.child_id collate "C", e.start_date desc) w
    left join (select m.child_id, count(*) filter (where m.missing_type = 'M') as missing, count(*) filter (where m.missing_type = 'A') as away
      from missing_episodes m where m.la = ${la} and m.start_date > p.m12 and m.start_date <= p.as_at
      group by m.child_id) ms on ms.child_id = w.child_id
    left join (select r.child_id, count(*) as referrals, min(r.referred_on) as first_referral
      from advocacy_referrals r where r.la = ${la} and r.referred_on > p.m12 and r.referred_on <= p.as_at
      group by r.child_id) ad on ad.child_id = w.child_id`,
}
