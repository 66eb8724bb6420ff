import { sql, type Kysely } from 'kysely'

// PEPs for new entrants (5c) look up each admitted child's first completed PEP from the admission day.
// With only 0024's (la, date) index and 0016's (la, child_id, date) one (which holds drafts too, so
// every row needs its heap page), the planner read the PEPs of the whole authority from the admission
// day for each child (1,700 rows filtered away per lookup: 60-120 ms for a scorecard, 3.3 s for a
// 120-month series at 40 authorities). A partial index by child makes each lookup a few index entries.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index education_peps_kpi_child on education_peps (la, child_id, date) where status = 'completed'`.execute(db)
}
