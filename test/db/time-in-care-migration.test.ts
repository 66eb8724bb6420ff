import t from 'tap'
import { sql, type Kysely } from 'kysely'
import { up } from '../../migrations/0013_time_in_care.ts'
import { ep } from '../domain/care-history/fixtures.ts'
import { buildTestApp, integration } from '../helper.ts'

/**
 * Migration 0013 derives the time in care of the histories already stored, in SQL: it must give what
 * the domain derives on write (src/domain/care-history/derive.ts) for the same episodes.
 */
const h = await buildTestApp(t)
await h.authority('372')
const writer = await h.key(['records:write'], ['372'])
const { child, episodes } = integration(h, () => writer)

const V4 = { legalStatus: 'V4', categoryOfNeed: 'N2', placementType: 'U6' }
const histories: Record<string, ReturnType<typeof ep>[]> = {
  // One time in care.
  A: [ep('2020-01-06', '2021-03-01'), ep('2021-03-01', null, { reasonNewEpisode: 'P', placementPostcode: 'S61 2BB' })],
  // Short breaks, care, short breaks again, care again: two times in care in one period.
  B: [
    ep('2021-01-04', '2022-01-04', V4),
    ep('2022-01-04', '2023-01-02', { ...V4, reasonNewEpisode: 'L', legalStatus: 'C2' }),
    ep('2023-01-02', '2023-06-01', { ...V4, reasonNewEpisode: 'L' }),
    ep('2023-06-01', null, { ...V4, reasonNewEpisode: 'L', legalStatus: 'C2' }),
  ],
  // Two periods, the first ended.
  C: [ep('2018-02-01', '2019-02-01', { reasonEnded: 'E4A' }), ep('2020-05-01', null)],
  // V3 breaks, each its own period: no time in care.
  D: [
    ep('2024-01-05', '2024-01-08', { legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', reasonEnded: 'E4A' }),
    ep('2024-02-05', '2024-02-08', { legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', reasonEnded: 'E4A' }),
  ],
}
for (const [id, list] of Object.entries(histories)) {
  const a = await child(id)
  const b = await episodes(id, list)
  if (a.statusCode !== 201 || b.statusCode !== 200) throw new Error(`${id}: ${a.statusCode} ${b.statusCode} ${b.body}`)
}

const stored = async () =>
  (
    await sql<{ childId: string; startDate: string; careStart: string | null; careEnd: string | null }>`
      select child_id, start_date::text, care_start::text, care_end::text from episodes where la = '372' order by child_id, start_date`.execute(h.db)
  ).rows

t.test('the SQL derivation matches the derivation on write', async (t) => {
  const onWrite = await stored()
  t.same(
    onWrite.filter((r) => r.childId === 'B').map((r) => [r.startDate, r.careStart, r.careEnd]),
    [
      ['2021-01-04', null, null],
      ['2022-01-04', '2022-01-04', '2023-01-02'],
      ['2023-01-02', null, null],
      ['2023-06-01', '2023-06-01', null],
    ],
  )
  // As a database migrated before 0013 holds them: then the migration.
  await sql`alter table episodes drop column care_start, drop column care_end`.execute(h.db)
  // The migrator hands migrations an untyped Kysely.
  await h.db.transaction().execute((trx) => up(trx as unknown as Kysely<unknown>))
  t.same(await stored(), onWrite)
})
