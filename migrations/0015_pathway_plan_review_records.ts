import { sql, type Kysely, type RawBuilder } from 'kysely'
import { noteInsertedKeys } from './import-undo-capture.ts'

// Pathway plan reviews as records of their own (issue #18): a leaving care system that exports one row
// per review, each with its own id, posts them to .../pathway-plan-reviews, beside the list of dates a
// plan carries. Both live in pathway_plan_reviews: a review posted as a row has its record_id, one of a
// plan's list has none.
//
// The key: a review row is one by (la, record_id) (its date and even its plan may change), a list
// review by (la, plan_record_id, review_date) among the rows without a record id. The primary key is
// both at once, a column worked out from them (review_key: 'r:' and the record id, or 'p:', the plan
// and the date as YYYYMMDD), because an import's undo (0009) notes and puts back rows by their primary
// key: a key that never changes for a row, and never names two, so a revert that puts a plan's list
// back cannot take or overwrite a review row on the same day. (la, record_id) is unique as well, for
// the partner records engine's ON CONFLICT (NULLs are distinct: list reviews never meet there).

const RECORD_ID_CHECK = sql.raw(`record_id ~ '^[A-Za-z0-9._:-]+$' and length(record_id) <= 100`)

/** The review's key from its record id, plan and date: the generated column's expression, and the old undo rows'. */
export function reviewKey(recordId: RawBuilder<unknown>, plan: RawBuilder<unknown>, date: RawBuilder<unknown>): RawBuilder<string> {
  // extract() on a date is immutable, as a generated column needs (date::text and to_char are not).
  const day = sql`(extract(year from ${date}) * 10000 + extract(month from ${date}) * 100 + extract(day from ${date}))::text`
  return sql<string>`case when ${recordId} is null then 'p:' || ${plan} || ':' || ${day} else 'r:' || ${recordId} end`
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table pathway_plan_reviews
      add column record_id text constraint pathway_plan_reviews_record_id_check check (${RECORD_ID_CHECK}),
      add column created_at timestamptz not null default now(),
      add column updated_at timestamptz not null default now()`.execute(db)
  await sql`
    alter table pathway_plan_reviews
      add column review_key text not null generated always as (${reviewKey(sql.ref('record_id'), sql.ref('plan_record_id'), sql.ref('review_date'))}) stored`.execute(
    db,
  )
  await sql`
    alter table pathway_plan_reviews
      drop constraint pathway_plan_reviews_pkey,
      add constraint pathway_plan_reviews_pkey primary key (la, review_key),
      add constraint pathway_plan_reviews_record_id_key unique (la, record_id)`.execute(db)
  // A plan's reviews by plan (its list replaced, the cascade of deleting it, a child's plans read): the
  // old primary key's order.
  await sql`create index pathway_plan_reviews_plan on pathway_plan_reviews (la, plan_record_id, review_date)`.execute(db)

  // The undo trigger (0009) notes the keys of rows inserted: now (la, review_key).
  await noteInsertedKeys(db, 'pathway_plan_reviews', ['la', 'review_key'], { replace: true })
  await keyOldUndo(db)
}

/**
 * What runs before this migration kept of pathway_plan_reviews, in the new key: the keys of rows
 * inserted (la, plan_record_id, review_date) become (la, review_key); rows updated or deleted gain the
 * new columns (no record id, as every review then was, and this moment's timestamps, as the rows still
 * stored get), so a revert within the undo period still puts them back. Rows already in the new form
 * are left alone.
 */
export async function keyOldUndo(db: Kysely<unknown>): Promise<void> {
  const at = (i: RawBuilder<unknown>) => ({
    plan: sql`(u.rows -> 'plan_record_id' ->> ${i})`,
    date: sql`(u.rows -> 'review_date' ->> ${i})::date`,
  })
  const i = sql.ref('i')
  await sql`
    update import_undo u set rows = jsonb_build_object('la', u.rows -> 'la', 'review_key', (
        select jsonb_agg(${reviewKey(sql`null::text`, at(i).plan, at(i).date)} order by i)
        from generate_series(0, jsonb_array_length(u.rows -> 'la') - 1) as i))
    where u.table_name = 'pathway_plan_reviews' and u.op = 'i' and u.rows -> 'review_key' is null`.execute(db)
  await sql`
    update import_undo u set rows = (
        select jsonb_agg(e.v || jsonb_build_object('record_id', null, 'created_at', now(), 'updated_at', now(),
          'review_key', ${reviewKey(sql`null::text`, sql`(e.v ->> 'plan_record_id')`, sql`(e.v ->> 'review_date')::date`)}) order by e.n)
        from jsonb_array_elements(u.rows) with ordinality as e(v, n))
    where u.table_name = 'pathway_plan_reviews' and u.op <> 'i' and u.rows -> 0 -> 'review_key' is null`.execute(db)
}
