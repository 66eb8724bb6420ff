import { EVENT_TYPE_NAMES, EVENT_TYPES, type EventTypeName } from './events.ts'
import { eventEnvelope } from './payloads.ts'

/**
 * The OpenAPI 3.1 `webhooks` section (issue #20): one operation per event, the POST a subscriber's
 * URL receives, with its body (the envelope around the event's data schema) and the Standard
 * Webhooks headers. The schemas are the ones the payloads are built from (payloads.ts), so the
 * document cannot drift from what is sent.
 */
const HEADERS = [
  { name: 'webhook-id', description: "The event's id: the same on every attempt, so a receiver drops a repeat by it." },
  { name: 'webhook-timestamp', description: 'Seconds since 1970 when this attempt was signed; refuse one more than 5 minutes off.' },
  {
    name: 'webhook-signature',
    description:
      '`v1,` + base64 of HMAC-SHA256 over `id.timestamp.body`, keyed with the bytes of the secret after `whsec_`; two, space-separated, during a rotation (docs/webhooks.md).',
  },
] as const

/** A schema as plain JSON (TypeBox's markers are symbols, which JSON leaves out). */
const plain = (schema: object): Record<string, unknown> => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>

function operation(type: EventTypeName) {
  const event = EVENT_TYPES[type]
  return {
    post: {
      operationId: `webhook-${type.replace(/\./g, '-')}`,
      tags: ['webhooks'],
      summary: event.description,
      description:
        `Sent to subscriptions of \`${type}\` (POST /v1/webhooks) whose key holds one of ${event.scopes.map((s) => `\`${s}\``).join(', ')}` +
        `${event.namesChild ? ' and `child:read`' : ''}. Signed as the Standard Webhooks specification says; retried with backoff for 24 hours until a 2xx.`,
      parameters: HEADERS.map((h) => ({ name: h.name, in: 'header', required: true, description: h.description, schema: { type: 'string' } })),
      requestBody: { required: true, content: { 'application/json': { schema: plain(eventEnvelope(type)) } } },
      responses: {
        '2XX': { description: 'Received: the event is safely stored by the receiver.' },
        default: { description: 'Anything else (or no answer within 10 s, or a redirect) is a failure, tried again later.' },
      },
    },
  }
}

export function webhooksSection(): Record<EventTypeName, ReturnType<typeof operation>> {
  return Object.fromEntries(EVENT_TYPE_NAMES.map((type) => [type, operation(type)])) as Record<EventTypeName, ReturnType<typeof operation>>
}
