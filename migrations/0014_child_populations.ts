import { sql, type Kysely } from 'kysely'

// The child population (0-17) by year, for the rate per 10,000 (issue #18): the ONS mid-year estimate
// for year Y is as at 30 June Y, so a rate at a date takes the latest estimate on or before it. The
// single figure on authorities stays as the fallback for dates before the first estimate held.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table child_populations (
      la text not null references authorities (la) on delete cascade,
      year integer not null check (year between 1990 and 2100),
      population integer not null check (population > 0),
      source text check (char_length(source) <= 200),
      updated_at timestamptz not null default now(),
      primary key (la, year)
    )`.execute(db)
}
