import type { Kysely } from 'kysely'
import { insertRows } from '../../src/db/bulk.ts'
import type { Database } from '../../src/db/database.ts'
import type { PartnerTable } from '../../src/modules/partner-records/kind.ts'

/**
 * Inserts an authority's rows of one partner record kind, in one set-based statement per chunk,
 * with the table and column types the kind itself declares: the demo writes what the service would
 * and stays in step when a kind gains a column (the row type then requires it).
 */
export async function insertKindRows<Row extends object>(
  db: Kysely<Database>,
  la: string,
  kind: { table: PartnerTable<Row> },
  rows: readonly Row[],
): Promise<void> {
  await insertRows(
    db,
    kind.table.table,
    { la: 'text', ...kind.table.columns },
    rows.map((r) => ({ la, ...r })),
  )
}
