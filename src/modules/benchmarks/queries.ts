import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
import { bumpDataVersion } from '../../db/data-version.ts'
import type { Database } from '../../db/database.ts'
import type { BenchmarksTable } from '../../db/tables/kpis.ts'
import type { Benchmark, BenchmarkBody, BenchmarkKey, BenchmarkListQuery } from './schemas.ts'

const toBenchmark = (r: Selectable<BenchmarksTable>): Benchmark => ({
  kpiId: r.kpiId,
  kind: r.kind,
  periodEnd: r.periodEnd,
  value: Number(r.value),
  source: r.source,
  updatedAt: r.updatedAt.toISOString(),
})

export async function listBenchmarks(db: Kysely<Database>, la: string, q: BenchmarkListQuery): Promise<Benchmark[]> {
  let query = db.selectFrom('benchmarks').selectAll().where('la', '=', la)
  if (q.kpiId) query = query.where('kpiId', '=', q.kpiId)
  if (q.kind) query = query.where('kind', '=', q.kind)
  const rows = await query.orderBy('kpiId').orderBy('periodEnd').orderBy('kind').execute()
  return rows.map(toBenchmark)
}

/** Upserts the benchmarks and bumps the authority's data version (cached KPI comparators go stale), in the caller's transaction. */
export async function saveBenchmarks(trx: Transaction<Database>, la: string, items: readonly BenchmarkBody[]): Promise<Benchmark[]> {
  const rows = await trx
    .insertInto('benchmarks')
    .values(
      items.map((i) => ({ la, kpiId: i.kpiId, kind: i.kind, periodEnd: i.periodEnd, value: i.value, source: i.source ?? null, updatedAt: sql<Date>`now()` })),
    )
    .onConflict((oc) =>
      oc.columns(['la', 'kpiId', 'periodEnd', 'kind']).doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        source: eb.ref('excluded.source'),
        updatedAt: sql<Date>`now()`,
      })),
    )
    .returningAll()
    .execute()
  await bumpDataVersion(trx, la, ['benchmarks'])
  return rows.map(toBenchmark)
}

/** Removes one benchmark, in the caller's transaction; true when it was there. */
export async function deleteBenchmark(trx: Transaction<Database>, la: string, p: BenchmarkKey): Promise<boolean> {
  const r = await trx
    .deleteFrom('benchmarks')
    .where('la', '=', la)
    .where('kpiId', '=', p.kpiId)
    .where('kind', '=', p.kind)
    .where('periodEnd', '=', p.periodEnd)
    .executeTakeFirst()
  const deleted = Number(r.numDeletedRows) > 0
  if (deleted) await bumpDataVersion(trx, la, ['benchmarks'])
  return deleted
}
