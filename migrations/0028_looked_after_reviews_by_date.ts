import { sql, type Kysely } from 'kysely'

// A year's 903 return (the export, and the data-quality refresh that validates it after each import)
// reads an authority's reviews of that year: review_date within the year. The only index was the key
// (la, child_id, seq), so every review of the authority's whole history was read and filtered. On the
// local test database (4,518 reviews of one authority among 40) the planner takes this index for the
// year's reviews (a bitmap scan on la and the year's start: 607 index rows instead of 4,518; 0.73 ms
// to 0.43 ms), and the gap grows with the years of history held.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index looked_after_reviews_by_date on looked_after_reviews (la, review_date)`.execute(db)
}
