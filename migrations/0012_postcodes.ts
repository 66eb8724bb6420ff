import { sql, type Kysely } from 'kysely'

// Postcodes (issue #16): the ONS Postcode Directory a council loads (npm run load-postcodes), from
// which the service derives each episode's PL_LA and PL_DISTANCE as the DfE does
// (src/domain/postcodes). Reference data shared by every authority, so without `la` (under Citus,
// a reference table). Replaced whole by each load.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table postcodes (
      -- Without spaces, upper case ('S602TH'): episodes keep theirs with the space, so joins strip it.
      postcode text primary key,
      -- The local authority district (LTLA) the directory gives, an ONS code (E08000018).
      laua text,
      -- OS grid reference in metres.
      easting integer not null,
      northing integer not null
    )`.execute(db)

  // What the postcodes give, beside what the sender gave (placement_la, placement_distance): kept
  // apart so a sent value always wins on read, an import still compares only what was sent, and a
  // new postcode load changes no sent value. Written by each import (src/modules/imports/apply.ts).
  await sql`
    alter table episodes
      add column derived_placement_la text check (derived_placement_la ~ '^([0-9]{3}|SCO|WAL|NIR)$'),
      add column derived_placement_distance numeric(5, 1) check (derived_placement_distance >= 0)`.execute(db)
}
