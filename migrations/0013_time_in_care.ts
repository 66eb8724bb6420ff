import { sql, type Kysely } from 'kysely'

// The time in care (domain doc 5a/5b, issue #18): a run of episodes inside one period of care that
// are not V3/V4 short breaks. A child who moves from short breaks into care inside one period counts
// from that change (health cohort, long-term stability, the RHA chain, overdue assessments), so each
// episode carries the start and end of the time in care it belongs to, derived on write with the
// rest (src/domain/care-history/derive.ts); null on a short-break episode. On the episode rather than
// the period: a period can hold more than one time in care (care, then short breaks, then care).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table episodes add column care_start date, add column care_end date`.execute(db)
  // The stored histories, derived here as the domain does: a time in care opens at an episode that is
  // not a short break and is the period's first or follows a short break.
  await sql`
    with marked as (
      select la, child_id, care_period_seq, start_date, end_date, short_break,
        not short_break and coalesce(lag(short_break) over w, true) as opens
      from episodes
      window w as (partition by la, child_id, care_period_seq order by start_date)
    ), numbered as (
      select *, count(*) filter (where opens) over (partition by la, child_id, care_period_seq order by start_date) as run
      from marked
    ), times as (
      select la, child_id, care_period_seq, run, min(start_date) as care_start,
        case when bool_or(end_date is null) then null else max(end_date) end as care_end
      from numbered where not short_break
      group by la, child_id, care_period_seq, run
    )
    update episodes e set care_start = t.care_start, care_end = t.care_end
    from numbered n join times t on t.la = n.la and t.child_id = n.child_id and t.care_period_seq = n.care_period_seq and t.run = n.run
    where not n.short_break and e.la = n.la and e.child_id = n.child_id and e.start_date = n.start_date`.execute(db)
}
