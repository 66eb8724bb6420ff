import t from 'tap'
import { recordWebhookEvents } from '../../src/db/webhook-outbox.ts'
import { testDatabase } from '../helper.ts'

const { db } = await testDatabase(t)

t.test('events commit with the transaction that wrote them, in order, and a rollback leaves none', async (t) => {
  await db.transaction().execute(async (trx) => {
    await recordWebhookEvents(trx, [
      { la: '372', type: 'child.admitted', childId: 'C1', payload: { childId: 'C1', admittedOn: '2026-01-05', ihaDueBy: '2026-02-02' } },
      { la: '372', type: 'import.completed', childId: null, payload: { runId: 'r1', changed: true, counts: {} } },
    ])
  })
  await db
    .transaction()
    .execute(async (trx) => {
      await recordWebhookEvents(trx, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'r2', changed: true, counts: {} } }])
      throw new Error('the change fails')
    })
    .catch(() => {})
  const rows = await db.selectFrom('webhook_events').select(['type', 'childId', 'payload', 'seq', 'fannedOutAt']).orderBy('seq').execute()
  t.same(
    rows.map((r) => [r.type, r.childId, r.payload, r.fannedOutAt]),
    [
      ['child.admitted', 'C1', { childId: 'C1', admittedOn: '2026-01-05', ihaDueBy: '2026-02-02' }, null],
      ['import.completed', null, { runId: 'r1', changed: true, counts: {} }, null],
    ],
  )
  t.ok(Number(rows[0]?.seq) < Number(rows[1]?.seq), 'seq orders events written in one transaction')
  await recordWebhookEvents(db, [])
})

t.test('a payload is small: over 4 KB is refused by the table', async (t) => {
  await t.rejects(
    recordWebhookEvents(db, [{ la: '372', type: 'import.completed', childId: null, payload: { runId: 'x'.repeat(5000), changed: true, counts: {} } }]),
  )
})
