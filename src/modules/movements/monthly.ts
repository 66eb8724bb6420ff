import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { movementRow } from '../../domain/care-history/movements.ts'
import { periodsBetween } from '../../domain/dates/calendar.ts'
import { movementCounts } from './queries.ts'

/** The monthly movements table from..to, as GET .../movements answers it (the board pack reads it too). */
export async function monthlyMovements(db: Kysely<Database>, la: string, from: string, to: string, suppress: boolean) {
  const counts = await movementCounts(db, la, periodsBetween(from, to, 'month'))
  return counts.map((c) => movementRow(c, suppress))
}
