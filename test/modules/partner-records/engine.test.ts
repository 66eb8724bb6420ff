import t from 'tap'
import type { Kysely } from 'kysely'
import type { Database } from '../../../src/db/database.ts'
import type { TableCounts } from '../../../src/db/tables/imports.ts'
import type { Finding } from '../../../src/domain/findings.ts'
import { applyRecords, type Entry, type RecordOutcomes } from '../../../src/modules/partner-records/engine.ts'
import type { PartnerInput, RecordKind } from '../../../src/modules/partner-records/kind.ts'
import { careLeavers } from '../../../src/modules/partner-records/kinds/care-leavers.ts'
import { healthChecks } from '../../../src/modules/partner-records/kinds/health-checks.ts'
import { sdqReturns } from '../../../src/modules/partner-records/kinds/sdq.ts'
import { listOutcomes } from '../../../src/modules/partner-records/snapshot.ts'
import { testDatabase, truncateAll } from '../../helper.ts'

// The engine on its own, below the routes and the import: what it reports for each record, and what it stores.

const { db } = await testDatabase(t)
const today = '2025-06-01'

t.beforeEach(async () => {
  await truncateAll(db)
  await db.insertInto('authorities').values({ la: '372', name: 'Rotherham', updatedAt: new Date() }).execute()
  const child = (childId: string, nhsNumber: string | null) => ({
    la: '372',
    childId,
    sex: '1',
    dateOfBirth: '2008-06-14',
    ethnicity: 'WBRI',
    upn: null,
    nhsNumber,
    uasc: false,
    uascCeasedOn: null,
    inCare: false,
    currentLegalStatus: null,
    currentPlacementType: null,
    currentPlacementProvider: null,
    carePeriodStart: null,
    placementSpellStart: null,
    episodesHash: null,
    updatedAt: new Date(),
  })
  await db
    .insertInto('children')
    .values([child('C1', '9434765919'), child('C2', null)])
    .execute()
})

/** Outcomes written down as they come. */
function recorder() {
  const log: string[] = []
  const outcomes: RecordOutcomes = {
    review(ref, issues) {
      for (const i of issues) log.push(`${ref} ${i.severity} ${i.field}`)
      return !issues.some((i) => i.severity === 'error')
    },
    reject: (ref, status, issues) => void log.push(`${ref} ${status} ${issues.map((i) => i.field).join(',')}`),
    unknownChild: (ref, miss) => void log.push(`${ref} ${miss.problem} ${miss.field}`),
    settle: (ref, outcome) => void log.push(`${ref} ${outcome}`),
  }
  return { log, outcomes }
}

const apply = <T extends PartnerInput, Row extends object>(
  trx: Kysely<Database>,
  kind: RecordKind<T, Row>,
  values: T[],
  options: Partial<Parameters<typeof applyRecords>[5]> = {},
) => {
  const { log, outcomes } = recorder()
  const entries: Array<Entry<T>> = values.map((value, ref) => ({ ref, value }))
  return applyRecords(trx, '372', kind, entries, outcomes, { today, lock: true, ...options }).then((applied) => ({ applied, log }))
}

const check = (recordId: string, extra: Record<string, unknown> = {}) => ({
  recordId,
  childId: 'C1',
  kind: 'dental_check' as const,
  date: '2025-01-10',
  outcome: 'completed' as const,
  ...extra,
})

t.test('created, unchanged, updated and purged, each said once per record', async (t) => {
  const first = await apply(db, healthChecks, [check('HC-1'), check('HC-2')])
  t.same(first.log, ['0 created', '1 created'])
  t.ok(first.applied.changed)

  const again = await apply(db, healthChecks, [check('HC-1'), check('HC-2', { date: '2025-02-10' }), { recordId: 'HC-3', purge: true }])
  t.same(again.log, ['0 unchanged', '1 updated', '2 unchanged'], 'a purge of a record not held is unchanged')

  const purge = await apply(db, healthChecks, [{ recordId: 'HC-1', purge: true }])
  t.same(purge.log, ['0 deleted'])
  t.same(
    (await db.selectFrom('health_checks').select('recordId').execute()).map((r) => r.recordId),
    ['HC-2'],
  )

  const nothing = await apply(db, healthChecks, [check('HC-2', { date: '2025-02-10' })])
  t.notOk(nothing.applied.changed, 'nothing written: nothing changed')
})

t.test('refusals: identifiers, unknown children, rules, a record id twice', async (t) => {
  const { log, applied } = await apply(db, healthChecks, [
    check('HC-1', { childId: null, nhsNumber: '123' }),
    check('HC-2', { childId: 'C9' }),
    check('HC-3', { date: '2030-01-01' }),
    check('HC-4'),
    check('HC-4'),
    { recordId: 'HC-5', purge: true, childId: null, nhsNumber: null },
  ])
  t.same(log, ['0 error nhsNumber', '3 422 recordId', '4 422 recordId', '1 none childId', '2 error date', '5 unchanged'])
  t.notOk(applied.changed)
})

t.test('a child-keyed record naming one child twice is refused both times', async (t) => {
  const { log } = await apply(db, careLeavers, [
    { childId: 'C1', eligibility: 'relevant' },
    { nhsNumber: '943 476 5919', eligibility: 'relevant' },
    { childId: 'C2', eligibility: 'relevant' },
  ])
  t.same(log, ['0 422 childId', '1 422 childId', '2 created'])
})

t.test('a kind may forbid a write or a purge given what is stored (the virtual school key)', async (t) => {
  const sdq = (recordId: string, informant: 'carer' | 'teacher', extra: Record<string, unknown> = {}) => ({
    recordId,
    childId: 'C1',
    date: '2025-01-10',
    informant,
    total: 12,
    ...extra,
  })
  await apply(db, sdqReturns({ teacherOnly: false }), [sdq('S-1', 'carer'), sdq('S-2', 'teacher')])
  const { log } = await apply(db, sdqReturns({ teacherOnly: true }), [
    sdq('S-1', 'teacher'),
    { recordId: 'S-1x', purge: true },
    sdq('S-3', 'carer'),
    sdq('S-2', 'teacher', { total: 13 }),
  ])
  // 0: a carer's return is stored under S-1; 2: the teacher key posts teacher returns only.
  t.same(log, ['0 403 informant', '2 403 informant', '3 updated', '1 unchanged'])
  const { log: purge } = await apply(db, sdqReturns({ teacherOnly: true }), [{ recordId: 'S-1', purge: true }])
  t.same(purge, ['0 403 informant'], 'nor may it purge one')
})

t.test("replace: what the list leaves out is removed, except a kept child's", async (t) => {
  await apply(db, healthChecks, [check('HC-1'), check('HC-2', { childId: 'C2' }), check('HC-3')])
  const { log, applied } = await db
    .transaction()
    .execute((trx) => apply(trx, healthChecks, [check('HC-1')], { lock: false, replace: { sentKeys: new Set(['HC-1']), keepChildren: new Set(['C2']) } }))
  t.same(log, ['0 unchanged'])
  t.same(applied, { changed: true, removed: 1 })
  t.same(
    (await db.selectFrom('health_checks').select('recordId').orderBy('recordId').execute()).map((r) => r.recordId),
    ['HC-1', 'HC-2'],
  )
})

t.test("the import's outcomes: counts, and findings by row", async (t) => {
  const counts: TableCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 0 }
  const findings: Finding[] = []
  const o = listOutcomes(
    'healthChecks',
    [
      { row: 1, childId: 'C1' },
      { row: 2, childId: 'C9' },
      { row: 3, childId: 'C1' },
    ],
    counts,
    findings,
  )
  t.ok(o.review(0, [{ field: 'date', message: 'is late', severity: 'warning', rule: '3001' }]))
  t.notOk(o.review(0, [{ field: 'date', message: 'is in the future', severity: 'error' }]))
  o.unknownChild(1, { ok: false, field: 'childId', problem: 'none', message: 'no child' })
  o.reject(2, 422, [{ field: 'recordId', message: 'is sent twice' }])
  for (const outcome of ['created', 'updated', 'unchanged', 'deleted'] as const) o.settle(2, outcome)
  t.same(counts, { inserted: 1, updated: 1, deleted: 0, unchanged: 1, rejected: 3 })
  t.same(
    findings.map((f) => [f.rowNumber, f.rule, f.severity, f.message]),
    [
      [1, '3001', 'warning', 'date is late'],
      [1, 'RECORD', 'error', 'date is in the future'],
      [2, 'CHILD', 'error', 'No child C9 in this authority, stored or in this snapshot.'],
      [3, 'RECORD', 'error', 'recordId is sent twice'],
    ],
  )
})
