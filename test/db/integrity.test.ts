import t from 'tap'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../src/db/database.ts'
import { copyTransaction } from '../../src/db/copy.ts'
import { testDatabase, truncateAll } from '../helper.ts'

// The database's own guarantees (migrations/0007), written straight in SQL as any other writer could:
// rows name a child of their authority, a child's episodes never overlap, deleting a child deletes
// what is theirs, a child's keys never change. Checked per statement by triggers, not per row.

const { db, kind } = await testDatabase(t)

t.beforeEach(async () => {
  await truncateAll(db)
  await sql`insert into authorities (la, name) values ('372', 'Test'), ('373', 'Other')`.execute(db)
  await sql`
    insert into children (la, child_id, sex, date_of_birth, ethnicity)
    values ('372', 'C1', 'F', '2012-06-14', 'WBRI'), ('372', 'C2', 'M', '2014-01-02', 'WBRI'), ('373', 'C1', 'M', '2013-03-03', 'WBRI')`.execute(db)
})

const childKey = async (la: string, childId: string, on: Kysely<Database> = db) => {
  const { rows } = await sql<{ key: string }>`select child_key::text as key from children where la = ${la} and child_id = ${childId}`.execute(on)
  return rows[0]?.key ?? '0'
}

/** Episodes of one child: [start, end) pairs, end null for open. */
const insertEpisodes = async (la: string, childId: string, spans: Array<[string, string | null]>, on: Kysely<Database> = db, key?: string) => {
  const k = key ?? (await childKey(la, childId, on))
  await sql`
    insert into episodes (la, child_id, child_key, start_date, reason_new_episode, legal_status, category_of_need, placement_type,
      end_date, reason_ended, care_period_seq, is_move, is_temporary, short_break, is_admission, is_cessation)
    select ${la}, ${childId}, ${k}::bigint, s.start_date, 'P', 'C2', 'N1', 'U1', s.end_date, case when s.end_date is null then null else 'E13' end,
      1, false, false, false, false, false
    from jsonb_to_recordset(${JSON.stringify(spans.map(([start, end]) => ({ start_date: start, end_date: end })))}::jsonb) as s(start_date date, end_date date)`.execute(
    on,
  )
}

const codeOf = async (p: Promise<unknown>): Promise<string | null> => {
  try {
    await p
    return null
  } catch (err) {
    return (err as { code?: string }).code ?? String(err)
  }
}

t.test('episodes that touch are fine; any overlap is refused, in one statement or across two', async (t) => {
  await insertEpisodes('372', 'C1', [
    ['2020-01-01', '2020-03-01'],
    ['2020-03-01', '2020-06-01'],
    ['2021-01-01', null],
  ])
  t.equal(await codeOf(insertEpisodes('372', 'C1', [['2020-05-01', '2020-05-20']])), '23P01', 'inside a stored episode')
  t.equal(await codeOf(insertEpisodes('372', 'C1', [['2022-01-01', '2022-02-01']])), '23P01', 'after an open episode')
  t.equal(
    await codeOf(
      insertEpisodes('372', 'C2', [
        ['2020-01-01', '2020-06-01'],
        ['2020-02-01', '2020-03-01'],
      ]),
    ),
    '23P01',
    'two sent together',
  )
  t.equal(
    await codeOf(
      insertEpisodes('372', 'C2', [
        ['2019-01-01', '2019-02-01'],
        ['2020-01-01', null],
      ]),
    ),
    null,
    'another child is not held back',
  )
  t.equal(await codeOf(insertEpisodes('373', 'C1', [['2020-01-01', null]])), null, 'the same child id in another authority is another child')
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from episodes`.execute(db)
  t.equal(rows[0]?.n, 6, 'a refused statement writes none of its rows')
  t.equal(
    await codeOf(sql`update episodes set end_date = '2020-04-01' where la = '372' and child_id = 'C1' and start_date = '2020-01-01'`.execute(db)),
    '23P01',
    'an update that makes two overlap',
  )
})

t.test('an episode must name its child: the child key and the (la, child_id) agree', async (t) => {
  t.equal(await codeOf(insertEpisodes('372', 'C9', [['2020-01-01', null]], db, '999999')), '23503', 'no such child')
  const other = await childKey('373', 'C1')
  t.equal(await codeOf(insertEpisodes('372', 'C1', [['2020-01-01', null]], db, other)), '23503', "the key of another authority's child")
})

t.test('every row of a child names a child of its authority, on insert and on update', async (t) => {
  t.equal(
    await codeOf(
      sql`insert into health_checks (la, record_id, child_id, kind, date, outcome) values ('372', 'HC-1', 'C9', 'dental_check', '2024-01-01', 'completed')`.execute(
        db,
      ),
    ),
    '23503',
  )
  t.equal(
    await codeOf(
      sql`insert into sdq_returns (la, record_id, child_id, date, informant, total) values ('373', 'S-1', 'C2', '2024-01-01', 'carer', 10)`.execute(db),
    ),
    '23503',
    'C2 is a child of 372, not 373',
  )
  t.equal(
    await codeOf(
      sql`insert into care_periods (la, child_id, period_seq, start_date, category_of_need, legal_status_at_entry, placement_type_at_entry, short_break_only, has_short_break) values ('372', 'C9', 1, '2020-01-01', 'N1', 'C2', 'U1', false, false)`.execute(
        db,
      ),
    ),
    '23503',
  )
  await sql`insert into health_checks (la, record_id, child_id, kind, date, outcome) values ('372', 'HC-1', 'C1', 'dental_check', '2024-01-01', 'completed'), ('372', 'HC-2', 'C2', 'dental_check', '2024-01-01', 'completed')`.execute(
    db,
  )
  t.equal(
    await codeOf(sql`insert into pathway_plan_reviews (la, plan_record_id, review_date) values ('372', 'PP-9', '2024-06-01')`.execute(db)),
    '23503',
    'a review of no plan',
  )
  await sql`insert into pathway_plans (la, record_id, child_id, plan_date) values ('372', 'PP-1', 'C1', '2024-01-01')`.execute(db)
  t.equal(
    await codeOf(sql`insert into pathway_plan_reviews (la, plan_record_id, review_date) values ('372', 'PP-1', '2024-06-01')`.execute(db)),
    null,
    'a review of a plan',
  )
  t.equal(await codeOf(sql`update pathway_plans set record_id = 'PP-2'`.execute(db)), '23503', "a plan's id never changes")
  t.equal(await codeOf(sql`update health_checks set child_id = 'C9' where record_id = 'HC-1'`.execute(db)), '23503', 'moved to a child that is not there')
  t.equal(await codeOf(sql`update health_checks set child_id = 'C2' where record_id = 'HC-1'`.execute(db)), null, 'moved to a child that is')
  t.equal(
    await codeOf(
      sql`insert into care_leavers (la, child_id, eligibility) values ('372', 'C1', 'eligible') on conflict (la, child_id) do update set eligibility = 'relevant'`.execute(
        db,
      ),
    ),
    null,
  )
})

t.test("deleting children deletes what is theirs, and nobody else's", async (t) => {
  await insertEpisodes('372', 'C1', [['2020-01-01', null]])
  await insertEpisodes('372', 'C2', [['2020-01-01', null]])
  await insertEpisodes('373', 'C1', [['2020-01-01', null]])
  await sql`insert into health_checks (la, record_id, child_id, kind, date, outcome) values ('372', 'HC-1', 'C1', 'dental_check', '2024-01-01', 'completed'), ('372', 'HC-2', 'C2', 'dental_check', '2024-01-01', 'completed'), ('373', 'HC-1', 'C1', 'dental_check', '2024-01-01', 'completed')`.execute(
    db,
  )
  await sql`insert into pathway_plans (la, record_id, child_id, plan_date) values ('372', 'PP-1', 'C1', '2024-01-01')`.execute(db)
  await sql`insert into pathway_plan_reviews (la, plan_record_id, review_date) values ('372', 'PP-1', '2024-06-01')`.execute(db)
  await sql`insert into care_leavers (la, child_id, eligibility) values ('372', 'C1', 'eligible')`.execute(db)
  await sql`delete from children where la = '372' and child_id = 'C1'`.execute(db)
  const owners = async (table: string) => {
    const { rows } = await sql<{ owner: string }>`select la || '/' || child_id as owner from ${sql.table(table)} order by 1`.execute(db)
    return rows.map((r) => r.owner)
  }
  t.same(await owners('episodes'), ['372/C2', '373/C1'])
  t.same(await owners('health_checks'), ['372/C2', '373/C1'])
  t.same(await owners('pathway_plans'), [])
  t.same(await owners('care_leavers'), [])
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pathway_plan_reviews`.execute(db)
  t.equal(rows[0]?.n, 0, "the plan's reviews go with the plan")
})

t.test("a child's authority and id never change", async (t) => {
  t.equal(await codeOf(sql`update children set child_id = 'C7' where la = '372' and child_id = 'C1'`.execute(db)), '23503')
  t.equal(await codeOf(sql`update children set in_care = true where la = '372' and child_id = 'C1'`.execute(db)), null, 'other columns change freely')
})

t.test(
  'two writers of one child take turns: the second sees the first and is refused',
  { skip: kind === 'pglite' && 'one connection: no concurrent writers' },
  async (t) => {
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let firstWrote = () => {}
    const wrote = new Promise<void>((resolve) => (firstWrote = resolve))
    const first = db.transaction().execute(async (trx) => {
      await insertEpisodes('372', 'C1', [['2020-01-01', '2020-06-01']], trx)
      firstWrote()
      await held
    })
    await wrote
    let secondDone = false
    const second = codeOf(
      db.transaction().execute(async (trx) => {
        await insertEpisodes('372', 'C1', [['2020-03-01', '2020-04-01']], trx)
      }),
    ).finally(() => (secondDone = true))
    await new Promise((resolve) => setTimeout(resolve, 200))
    t.notOk(secondDone, 'the second waits while the first is open')
    release()
    await first
    t.equal(await second, '23P01', 'then it sees the committed episode and is refused')
  },
)

t.test(
  'rows that come in with COPY (the nightly import on PostgreSQL) are held to the same rules',
  { skip: kind === 'pglite' && 'PGlite takes no COPY through the pg protocol' },
  async (t) => {
    const episodeColumns = {
      la: 'text',
      child_id: 'text',
      child_key: 'bigint',
      start_date: 'date',
      reason_new_episode: 'text',
      legal_status: 'text',
      category_of_need: 'text',
      placement_type: 'text',
      care_period_seq: 'int',
      is_move: 'boolean',
      is_temporary: 'boolean',
      short_break: 'boolean',
      is_admission: 'boolean',
      is_cessation: 'boolean',
    }
    const episode = async (start: string) => ({
      la: '372',
      child_id: 'C1',
      child_key: await childKey('372', 'C1'),
      start_date: start,
      reason_new_episode: 'P',
      legal_status: 'C2',
      category_of_need: 'N1',
      placement_type: 'U1',
      care_period_seq: 1,
      is_move: false,
      is_temporary: false,
      short_break: false,
      is_admission: false,
      is_cessation: false,
    })
    const rows = [await episode('2020-01-01'), await episode('2021-01-01')]
    t.equal(await codeOf(copyTransaction(db, async (_trx, copy) => copy?.('episodes', episodeColumns, rows))), '23P01', 'two open episodes overlap')
    t.equal(
      await codeOf(
        copyTransaction(db, async (_trx, copy) =>
          copy?.('health_checks', { la: 'text', record_id: 'text', child_id: 'text', kind: 'text', date: 'date', outcome: 'text' }, [
            { la: '372', record_id: 'HC-1', child_id: 'C9', kind: 'dental_check', date: '2024-01-01', outcome: 'completed' },
          ]),
        ),
      ),
      '23503',
      'a health check for no child',
    )
    await copyTransaction(db, async (_trx, copy) =>
      copy?.('health_checks', { la: 'text', record_id: 'text', child_id: 'text', kind: 'text', date: 'date', outcome: 'text', clinician_role: 'text' }, [
        {
          la: '372',
          record_id: 'HC-2',
          child_id: 'C1',
          kind: 'dental_check',
          date: '2024-01-01',
          outcome: 'completed',
          clinician_role: 'Tab\there, back\\slash, new\nline',
        },
      ]),
    )
    const { rows: stored } = await sql<{ role: string }>`select clinician_role as role from health_checks`.execute(db)
    t.same(stored, [{ role: 'Tab\there, back\\slash, new\nline' }], 'a good row goes in, text escaped as COPY needs')
  },
)
