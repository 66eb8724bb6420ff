import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { KeyedFinding } from '../../domain/dfe-rules/stored.ts'
import { pageOf, rowsToFetch, type Page } from '../../http/pagination.ts'

/** A finding's identity: rule and row (table, child, row key). */
export interface FindingKey {
  rule: string
  table: string
  childId: string
  rowKey: string
}

const keyText = (k: FindingKey) => `${k.rule}\u0000${k.table}\u0000${k.childId}\u0000${k.rowKey}`

// ---- freshness

export interface FindingsState {
  dataVersion: string
  ruleset: string
  computedAt: Date
  durationMs: number
}

/** The authority's data version now (null: no such authority). */
export async function currentDataVersion(db: Kysely<Database>, la: string): Promise<string | null> {
  const row = await db
    .selectFrom('authorities')
    .select(sql<string>`data_version::text`.as('v'))
    .where('la', '=', la)
    .executeTakeFirst()
  return row?.v ?? null
}

export async function findingsState(db: Kysely<Database>, la: string, year: number): Promise<FindingsState | undefined> {
  return db
    .selectFrom('data_quality_state')
    .select(['dataVersion', 'ruleset', 'computedAt', 'durationMs'])
    .where('la', '=', la)
    .where('year', '=', year)
    .executeTakeFirst()
}

/** The years whose findings are kept for the authority (an import refreshes them). */
export async function keptYears(db: Kysely<Database>, la: string): Promise<number[]> {
  return (await db.selectFrom('data_quality_state').select('year').where('la', '=', la).execute()).map((r) => r.year)
}

// ---- storing a recomputation

export interface StoreOutcome {
  newFindings: number
  resolvedFindings: number
  openFindings: number
  /** False when another process stored this version first (nothing written here). */
  written: boolean
}

/**
 * Replaces an authority-year's findings with a recomputation, writing only the difference: findings
 * gone are deleted (resolved), new ones inserted, those whose row moved or whose values changed
 * updated. Serialised per authority-year (an advisory lock); a recomputation of a version already
 * stored writes nothing. Set-based: one statement per kind of change.
 */
export async function storeFindings(
  db: Kysely<Database>,
  la: string,
  year: number,
  computed: { dataVersion: string; ruleset: string; durationMs: number; findings: readonly KeyedFinding[] },
): Promise<StoreOutcome> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('data-quality'), hashtext(${`${la}:${year}`}))`.execute(trx)
    const state = await findingsState(trx, la, year)
    if (state && state.dataVersion === computed.dataVersion && state.ruleset === computed.ruleset) {
      return { newFindings: 0, resolvedFindings: 0, openFindings: await openCount(trx, la, year), written: false }
    }
    const stored = await trx
      .selectFrom('data_quality_findings')
      .select(['rule', 'tableName as table', 'childId', 'rowKey', 'ruleSeq', 'rowIndex', 'valuesHash'])
      .where('la', '=', la)
      .where('year', '=', year)
      .execute()
    const before = new Map(stored.map((s) => [keyText(s), s]))
    const upserts: KeyedFinding[] = []
    let newFindings = 0
    for (const f of computed.findings) {
      const key = keyText({ rule: f.rule, table: f.table, childId: f.childId ?? '', rowKey: f.rowKey })
      const old = before.get(key)
      before.delete(key)
      if (old === undefined) newFindings++
      else if (old.ruleSeq === f.ruleSeq && old.rowIndex === f.rowIndex && old.valuesHash === f.valuesHash) continue
      upserts.push(f)
    }
    const gone = [...before.values()]
    if (gone.length > 0) {
      await sql`
        delete from data_quality_findings d
        using jsonb_to_recordset(${JSON.stringify(gone.map((g) => ({ r: g.rule, t: g.table, c: g.childId, k: g.rowKey })))}::jsonb)
          as x(r text, t text, c text, k text)
        where d.la = ${la} and d.year = ${year} and d.rule = x.r and d.table_name = x.t and d.child_id = x.c and d.row_key = x.k`.execute(trx)
    }
    if (upserts.length > 0) await upsertFindings(trx, la, year, upserts)
    await trx
      .insertInto('data_quality_state')
      .values({ la, year, dataVersion: computed.dataVersion, ruleset: computed.ruleset, computedAt: new Date(), durationMs: Math.round(computed.durationMs) })
      .onConflict((oc) =>
        oc.columns(['la', 'year']).doUpdateSet((eb) => ({
          dataVersion: eb.ref('excluded.dataVersion'),
          ruleset: eb.ref('excluded.ruleset'),
          computedAt: eb.ref('excluded.computedAt'),
          durationMs: eb.ref('excluded.durationMs'),
        })),
      )
      .execute()
    return { newFindings, resolvedFindings: gone.length, openFindings: await openCount(trx, la, year), written: true }
  })
}

// A statement carries at most this many findings (a first computation of a large authority is tens of thousands).
const CHUNK = 10_000

async function upsertFindings(trx: Transaction<Database>, la: string, year: number, findings: readonly KeyedFinding[]): Promise<void> {
  for (let at = 0; at < findings.length; at += CHUNK) {
    const rows = findings.slice(at, at + CHUNK).map((f) => ({
      r: f.rule,
      t: f.table,
      c: f.childId ?? '',
      k: f.rowKey,
      s: f.ruleSeq,
      i: f.rowIndex,
      f: f.fields,
      v: f.values,
      h: f.valuesHash,
    }))
    await sql`
      insert into data_quality_findings (la, year, rule, table_name, child_id, row_key, rule_seq, row_index, fields, "values", values_hash)
      select ${la}, ${year}, x.r, x.t, x.c, x.k, x.s, x.i, x.f, x.v, x.h
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(r text, t text, c text, k text, s smallint, i integer, f text[], v jsonb, h text)
      on conflict (la, year, rule, table_name, child_id, row_key) do update set
        rule_seq = excluded.rule_seq, row_index = excluded.row_index, fields = excluded.fields,
        "values" = excluded."values", values_hash = excluded.values_hash`.execute(trx)
  }
}

/** An acknowledgement (a) and a finding (f) of the same identity: authority, year, rule, table, child and row. */
const SAME_FINDING = sql<boolean>`a.la = f.la and a.year = f.year and a.rule = f.rule and a.table_name = f.table_name
  and a.child_id = f.child_id and a.row_key = f.row_key`

/** An acknowledgement holds while its finding is there with the values it was made against. */
const ACK_JOIN = sql<boolean>`${SAME_FINDING} and a.values_hash = f.values_hash`

async function openCount(db: Kysely<Database>, la: string, year: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from data_quality_findings f
    where f.la = ${la} and f.year = ${year}
      and not exists (select 1 from data_quality_acknowledgements a where ${ACK_JOIN})`.execute(db)
  return rows[0]?.n ?? 0
}

/** Records an import run's effect on the findings, per year. */
export async function recordRunCounts(db: Kysely<Database>, runId: string, counts: unknown[]): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ dataQuality: JSON.stringify(counts) })
    .where('id', '=', runId)
    .execute()
}

// ---- reading

export interface RuleCounts {
  rule: string
  rows: number
  children: number
  openRows: number
  openChildren: number
  acknowledged: number
}

/** Per rule: rows and children flagged, those not acknowledged, and the acknowledged. One statement. */
export async function ruleCounts(db: Kysely<Database>, la: string, year: number): Promise<Map<string, RuleCounts>> {
  const { rows } = await sql<RuleCounts>`
    select f.rule, count(*)::int as rows, count(distinct f.child_id)::int as children,
      count(*) filter (where a.id is null)::int as open_rows,
      count(distinct f.child_id) filter (where a.id is null)::int as open_children,
      count(a.id)::int as acknowledged
    from data_quality_findings f left join data_quality_acknowledgements a on ${ACK_JOIN}
    where f.la = ${la} and f.year = ${year}
    group by f.rule`.execute(db)
  return new Map(rows.map((r) => [r.rule, r]))
}

export interface StoredFinding {
  rule: string
  table: string
  rowIndex: number
  childId: string
  rowKey: string
  fields: string[]
  values: Record<string, string | null>
  ruleSeq: number
  acknowledgement: { id: string; reason: string; clientId: string | null; clientName: string | null; acknowledgedAt: string } | null
}

function findingsQuery(db: Kysely<Database>, la: string, year: number) {
  return db
    .selectFrom('data_quality_findings as f')
    .leftJoin('data_quality_acknowledgements as a', (j) => j.on(ACK_JOIN))
    .leftJoin('api_clients as c', 'c.id', 'a.clientId')
    .select([
      'f.rule',
      'f.tableName',
      'f.rowIndex',
      'f.childId',
      'f.rowKey',
      'f.fields',
      // As text: the CamelCasePlugin would rename the column names inside the object.
      sql<string>`f."values"::text`.as('valuesJson'),
      'f.ruleSeq',
      'a.id as ackId',
      'a.reason',
      'a.clientId',
      'c.name as clientName',
      'a.createdAt as ackAt',
    ])
    .where('f.la', '=', la)
    .where('f.year', '=', year)
    .orderBy('f.ruleSeq')
    .orderBy('f.tableName')
    .orderBy('f.rowIndex')
}

type FindingRow = Awaited<ReturnType<ReturnType<typeof findingsQuery>['execute']>>[number]

const toFinding = (r: FindingRow): StoredFinding => ({
  rule: r.rule,
  table: r.tableName,
  rowIndex: r.rowIndex,
  childId: r.childId,
  rowKey: r.rowKey,
  fields: r.fields,
  values: JSON.parse(r.valuesJson) as Record<string, string | null>,
  ruleSeq: r.ruleSeq,
  acknowledgement:
    r.ackId === null
      ? null
      : { id: r.ackId, reason: r.reason as string, clientId: r.clientId, clientName: r.clientName, acknowledgedAt: (r.ackAt as Date).toISOString() },
})

/** The cursor of a finding in list order: its rule's place (a smallint, so at most 4 digits), table and row index. */
export const findingCursor = (f: Pick<StoredFinding, 'ruleSeq' | 'table' | 'rowIndex'>) => `${f.ruleSeq}.${f.table}.${f.rowIndex}`

export function parseFindingCursor(cursor: string): { ruleSeq: number; table: string; rowIndex: number } | null {
  const m = /^(\d{1,4})\.([A-Za-z0-9]{1,20})\.(\d{1,9})$/.exec(cursor)
  return m ? { ruleSeq: Number(m[1]), table: m[2] as string, rowIndex: Number(m[3]) } : null
}

/** A page of an authority-year's findings in list order, each with its acknowledgement if it holds. */
export async function findingsPage(
  db: Kysely<Database>,
  la: string,
  year: number,
  q: { limit: number; after: { ruleSeq: number; table: string; rowIndex: number } | null; rule?: string | undefined },
): Promise<Page<StoredFinding>> {
  let query = findingsQuery(db, la, year).limit(rowsToFetch(q.limit))
  if (q.rule !== undefined) query = query.where('f.rule', '=', q.rule)
  const after = q.after
  if (after !== null) {
    query = query.where((eb) => eb(eb.refTuple('f.ruleSeq', 'f.tableName', 'f.rowIndex'), '>', eb.tuple(after.ruleSeq, after.table, after.rowIndex)))
  }
  return pageOf((await query.execute()).map(toFinding), q.limit, findingCursor)
}

/** One child's findings in list order. */
export async function childFindings(db: Kysely<Database>, la: string, year: number, childId: string): Promise<StoredFinding[]> {
  return (await findingsQuery(db, la, year).where('f.childId', '=', childId).execute()).map(toFinding)
}

// ---- acknowledgements

/** The finding with this identity, as stored now. */
export async function findFinding(db: Kysely<Database>, la: string, year: number, key: FindingKey) {
  return db
    .selectFrom('data_quality_findings')
    .select(['valuesHash', 'rowIndex'])
    .where('la', '=', la)
    .where('year', '=', year)
    .where('rule', '=', key.rule)
    .where('tableName', '=', key.table)
    .where('childId', '=', key.childId)
    .where('rowKey', '=', key.rowKey)
    .executeTakeFirst()
}

export type AckStatus = 'active' | 'lapsed' | 'resolved'

export interface Acknowledgement extends FindingKey {
  id: string
  year: number
  reason: string
  clientId: string | null
  clientName: string | null
  acknowledgedAt: string
  /** active: the finding is there with the values acknowledged; lapsed: its values changed; resolved: it is gone. */
  status: AckStatus
}

function acknowledgementsQuery(db: Kysely<Database>, la: string) {
  return (
    db
      .selectFrom('data_quality_acknowledgements as a')
      // Whatever its values now: the status compares them with the acknowledged ones.
      .leftJoin('data_quality_findings as f', (j) => j.on(SAME_FINDING))
      .leftJoin('api_clients as c', 'c.id', 'a.clientId')
      .select([
        'a.id',
        'a.year',
        'a.rule',
        'a.tableName',
        'a.childId',
        'a.rowKey',
        'a.reason',
        'a.clientId',
        'c.name as clientName',
        'a.createdAt',
        'a.valuesHash',
        'f.valuesHash as currentHash',
      ])
      .where('a.la', '=', la)
      .orderBy('a.id')
  )
}

type AckRow = Awaited<ReturnType<ReturnType<typeof acknowledgementsQuery>['execute']>>[number]

const toAcknowledgement = (r: AckRow): Acknowledgement => ({
  id: r.id,
  year: r.year,
  rule: r.rule,
  table: r.tableName,
  childId: r.childId,
  rowKey: r.rowKey,
  reason: r.reason,
  clientId: r.clientId,
  clientName: r.clientName,
  acknowledgedAt: r.createdAt.toISOString(),
  status: r.currentHash === null ? 'resolved' : r.currentHash === r.valuesHash ? 'active' : 'lapsed',
})

export async function listAcknowledgements(
  db: Kysely<Database>,
  la: string,
  q: { year?: number | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Acknowledgement>> {
  let query = acknowledgementsQuery(db, la).limit(rowsToFetch(q.limit))
  if (q.year !== undefined) query = query.where('a.year', '=', q.year)
  if (q.cursor !== undefined) query = query.where('a.id', '>', q.cursor)
  return pageOf((await query.execute()).map(toAcknowledgement), q.limit, (a) => a.id)
}

export async function findAcknowledgement(db: Kysely<Database>, la: string, id: string): Promise<Acknowledgement | undefined> {
  const row = await acknowledgementsQuery(db, la).where('a.id', '=', id).executeTakeFirst()
  return row ? toAcknowledgement(row) : undefined
}

/** Acknowledges a finding (again: the reason, client and time are replaced); returns its id. */
export async function upsertAcknowledgement(
  trx: Transaction<Database>,
  la: string,
  year: number,
  key: FindingKey,
  ack: { valuesHash: string; reason: string; clientId: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('data_quality_acknowledgements')
    .values({ la, year, rule: key.rule, tableName: key.table, childId: key.childId, rowKey: key.rowKey, ...ack })
    .onConflict((oc) =>
      oc.columns(['la', 'year', 'rule', 'tableName', 'childId', 'rowKey']).doUpdateSet({
        valuesHash: ack.valuesHash,
        reason: ack.reason,
        clientId: ack.clientId,
        createdAt: new Date(),
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function deleteAcknowledgement(trx: Transaction<Database>, la: string, id: string): Promise<boolean> {
  const r = await trx.deleteFrom('data_quality_acknowledgements').where('la', '=', la).where('id', '=', id).executeTakeFirst()
  return r.numDeletedRows > 0n
}
