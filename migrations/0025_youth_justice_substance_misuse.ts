import { sql, type Kysely } from 'kysely'
import { captureForUndo } from './import-undo-capture.ts'

// The 903's OC2 facts no case-management system holds well (issue #16): convictions, posted by the
// youth justice service (scope youth-justice:write), and substance misuse with the interventions
// received or refused, posted by the health trust (health:write). Keyed like the other partner tables
// by (la, the partner's record id), naming the child with a real foreign key as 0022's do. The export
// reads them to fill CONVICTED, SUBSTANCE_MISUSE and INTERVENTION_* (src/domain/imports/return-facts.ts).

const RECORD = sql.raw(
  `la char(3) not null, record_id text not null check (record_id ~ '^[A-Za-z0-9._:-]+$' and length(record_id) <= 100), child_id text not null`,
)
const STAMPS = sql.raw('created_at timestamptz not null default now(), updated_at timestamptz not null default now()')
const KEYS = sql.raw('primary key (la, record_id), foreign key (la, child_id) references children (la, child_id) on delete cascade')

export async function up(db: Kysely<unknown>): Promise<void> {
  // A conviction, or a youth caution or youth conditional caution (the DfE's CONVICTED counts them), on its day.
  await sql`
    create table youth_justice_convictions (
      ${RECORD},
      convicted_on date not null,
      ${STAMPS}, ${KEYS}
    )`.execute(db)
  await sql`create index youth_justice_convictions_child on youth_justice_convictions (la, child_id, convicted_on)`.execute(db)

  // A substance misuse problem identified on a day, and what came of it: an intervention received, or
  // offered and refused (both may happen: refused first, taken up later). Neither before the identification.
  await sql`
    create table substance_misuse (
      ${RECORD},
      identified_on date not null,
      intervention_received_on date,
      intervention_refused_on date,
      ${STAMPS}, ${KEYS},
      check (intervention_received_on >= identified_on),
      check (intervention_refused_on >= identified_on)
    )`.execute(db)
  await sql`create index substance_misuse_child on substance_misuse (la, child_id, identified_on)`.execute(db)

  // A child the nightly snapshot deletes takes these rows with it: an undo of that run puts them back (0009).
  for (const table of ['youth_justice_convictions', 'substance_misuse']) await captureForUndo(db, table, ['la', 'record_id'])
}
