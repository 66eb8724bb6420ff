import { sql, type Kysely } from 'kysely'

// Migrations are frozen in time: plain SQL, no imports from the application.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Comparators for the KPIs ("us against them"), kept per authority by administrators. National and
  // regional figures are repeated for each authority so one keyed read serves a dashboard.
  await sql`
    create table benchmarks (
      la char(3) not null references authorities(la) on delete cascade,
      kpi_id text not null check (kpi_id ~ '^[a-z0-9-]{1,60}$'),
      period_end date not null,
      kind text not null check (kind in ('national', 'statistical_neighbours', 'region', 'local_target')),
      value numeric not null,
      source text check (length(source) <= 500),
      updated_at timestamptz not null default now(),
      primary key (la, kpi_id, period_end, kind)
    )`.execute(db)

  // KPI paths. Who is in care on a day D: the episode whose [start, end) holds D, short breaks aside.
  await sql`
    create index episodes_kpi_open on episodes using gist (la, daterange(start_date, end_date, '[)'))
    where not short_break`.execute(db)
  // Admissions and cessations dated in a period.
  await sql`create index episodes_kpi_admissions on episodes (la, start_date) where is_admission`.execute(db)
  await sql`create index episodes_kpi_cessations on episodes (la, end_date) where is_cessation`.execute(db)
  // Moves (5a) in a window, for placement stability.
  await sql`create index episodes_kpi_moves on episodes (la, start_date) include (child_id) where is_move and not short_break`.execute(db)
  // Partner records by date (the KPIs read a window of months for every child at once).
  await sql`create index health_checks_kpi_date on health_checks (la, date) include (child_id, kind, outcome, immunisations_up_to_date)`.execute(db)
  await sql`
    create index health_checks_kpi_assessments on health_checks (la, date) include (child_id)
    where outcome = 'completed' and kind in ('initial_health_assessment', 'review_health_assessment')`.execute(db)
  await sql`create index pathway_plan_reviews_kpi_date on pathway_plan_reviews (la, review_date) include (plan_record_id)`.execute(db)
  await sql`create index sdq_returns_kpi_date on sdq_returns (la, date) include (child_id, informant, total)`.execute(db)
  // Care leavers: young people of an age on a day.
  await sql`create index children_kpi_birth on children (la, date_of_birth)`.execute(db)
}
