import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import t from 'tap'
import { EVENT_TYPE_NAMES } from '../../../src/domain/webhooks/events.ts'
import { eventBody } from '../../../src/modules/webhooks/dispatcher.ts'
import { buildTestApp } from '../../helper.ts'

/**
 * The OpenAPI document's webhooks section (OpenAPI 3.1): every event a subscription may name is there,
 * with the Standard Webhooks headers, and a body as the dispatcher sends it validates against the
 * published schema, while one with a field the schema does not have does not.
 */
const h = await buildTestApp(t, { webhooks: false })
await h.app.ready()
const doc = h.app.swagger() as {
  webhooks?: Record<string, { post: { parameters: Array<{ name: string; in: string }>; requestBody: { content: Record<string, { schema: object }> } } }>
}
const ajv = new Ajv2020({ strict: false })
addFormats.default(ajv)

t.same(Object.keys(doc.webhooks ?? {}).sort(), [...EVENT_TYPE_NAMES].sort(), 'one operation per event')

t.test('each event: the signature headers and the body the dispatcher sends', async (t) => {
  const op = doc.webhooks?.['child.admitted']?.post
  t.same(
    op?.parameters.map((p) => [p.name, p.in]),
    [
      ['webhook-id', 'header'],
      ['webhook-timestamp', 'header'],
      ['webhook-signature', 'header'],
    ],
  )
  const validate = ajv.compile(op?.requestBody.content['application/json']?.schema ?? {})
  const sent = (payload: Record<string, unknown>) =>
    JSON.parse(
      eventBody({
        eventId: '0b6f1f1e-5f0e-4a39-9d4b-6f3f6a1c2d7e',
        type: 'child.admitted',
        la: '372',
        childId: 'C1',
        payload,
        eventCreatedAt: new Date('2026-06-01T02:00:00Z'),
      }),
    ) as unknown
  t.ok(validate(sent({ admittedOn: '2026-05-20', ihaDueBy: '2026-06-18' })), ajv.errorsText(validate.errors))
  t.ok(validate(sent({ admittedOn: '2026-05-20', ihaDueBy: null })), 'a deadline beyond the calendar is null')
  t.notOk(validate(sent({ admittedOn: '2026-05-20', ihaDueBy: null, name: 'Jo' })), 'no field beyond the schema')
  t.notOk(validate(sent({ admittedOn: '20/05/2026', ihaDueBy: null })), 'dates are ISO')

  const completed = ajv.compile(doc.webhooks?.['import.completed']?.post.requestBody.content['application/json']?.schema ?? {})
  const body = eventBody({
    eventId: '0b6f1f1e-5f0e-4a39-9d4b-6f3f6a1c2d7e',
    type: 'import.completed',
    la: '372',
    childId: null,
    payload: {
      runId: '800e93b9-6635-455f-89a6-7722bc14be59',
      changed: true,
      counts: { children: { inserted: 2, updated: 0, deleted: 0, unchanged: 1, rejected: 0 } },
    },
    eventCreatedAt: new Date(),
  })
  t.ok(completed(JSON.parse(body)), 'an event naming no child carries no childId')
  t.notOk(completed({ ...(JSON.parse(body) as object), type: 'child.admitted' }), "the type is the operation's own")
})
