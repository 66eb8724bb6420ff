import { sql, type Kysely } from 'kysely'
import { captureForUndo } from './import-undo-capture.ts'

// Issue #17: the import refuses only what the data model cannot hold or count; the DfE's format rules
// become findings on stored data. So the postcodes, the URN and the UPN are held as sent (bounded in
// length), not only in the forms the DfE's rules accept (rules 168 and the postcode and URN rules
// report the rest). Issue #16: the 903 return's OC3 rows, per child and collection year (named by the
// 31 March it ends on), as the integration sent them. Code lists frozen here as in 0011: the service
// checks the same lists (src/domain/ssda903/codes.ts) before a write reaches them.

const IN_TOUCH = ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM']

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table episodes
      drop constraint episodes_home_postcode_check,
      drop constraint episodes_placement_postcode_check,
      drop constraint episodes_urn_check,
      add constraint episodes_home_postcode_check check (length(home_postcode) between 1 and 20),
      add constraint episodes_placement_postcode_check check (length(placement_postcode) between 1 and 20),
      add constraint episodes_urn_check check (length(urn) between 1 and 20)`.execute(db)
  await sql`
    alter table children
      drop constraint children_upn_check,
      add constraint children_upn_check check (length(upn) between 1 and 20)`.execute(db)

  await sql`
    create table oc3_facts (
      la char(3) not null,
      child_id text not null,
      year integer not null check (year between 1992 and 2100),
      in_touch text check (in_touch in (${sql.raw(IN_TOUCH.map((c) => `'${c}'`).join(', '))})),
      activity text check (activity ~ '^([FP][1-5]|G[4-6]|0)$'),
      accommodation text check (accommodation ~ '^([A-Z][12]|0)$'),
      primary key (la, child_id, year),
      foreign key (la, child_id) references children (la, child_id) on delete cascade
    )`.execute(db)
  await captureForUndo(db, 'oc3_facts', ['la', 'child_id', 'year'])
}
