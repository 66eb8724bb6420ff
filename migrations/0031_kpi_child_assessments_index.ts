import { sql, type Kysely } from 'kysely'

// Health assessments overdue at D (5b) read every completed assessment of the authority, grouped by
// child with its dates in order, once per KPI statement. Through the (la, date) index that meant
// sorting the authority's 20,000 assessments by child at every point of a scorecard (half the
// children-in-care family's time at 40 authorities); an index by child and date gives them in order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index health_checks_kpi_child_assessments on health_checks (la, child_id, date)
    where outcome = 'completed' and kind in ('initial_health_assessment', 'review_health_assessment')`.execute(db)
}
