import { Type, type Static } from '@sinclair/typebox'
import { EVENT_TYPE_NAMES, EVENT_TYPES } from '../../domain/webhooks/events.ts'
import { IsoDateTime, Nullable, Text } from '../../http/schemas.ts'

const EventName = Type.Union(
  EVENT_TYPE_NAMES.map((e) => Type.Literal(e, { description: EVENT_TYPES[e].description })),
  { description: 'An event type (docs/webhooks.md).' },
)
const AuthorityGrant = Type.String({ pattern: '^([0-9]{3}|\\*)$', description: "An authority code, or '*' for every authority the key holds." })
const Url = Text(2000, { minLength: 8, description: 'Where events are POSTed: https (plain http only to hosts in WEBHOOK_ALLOWED_HOSTS).' })
const Description = Text(500, { description: 'What the subscription is for.' })

export const WebhookSubscription = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    clientId: Type.String({ format: 'uuid', description: 'The API client it belongs to: its scopes and authorities bound what it receives.' }),
    url: Type.String(),
    events: Type.Array(EventName),
    authorities: Type.Array(AuthorityGrant),
    description: Nullable(Type.String()),
    paused: Type.Boolean({ description: 'A paused subscription is sent nothing; events meanwhile are not kept for it.' }),
    previousSecretValidUntil: Nullable(IsoDateTime),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { $id: 'WebhookSubscription', additionalProperties: false },
)
export type WebhookSubscription = Static<typeof WebhookSubscription>

export const NewWebhookSubscription = Type.Object(
  {
    url: Url,
    events: Type.Array(EventName, { minItems: 1, uniqueItems: true, examples: [['child.admitted', 'import.completed']] }),
    authorities: Type.Array(AuthorityGrant, { minItems: 1, uniqueItems: true, examples: [['372']] }),
    description: Type.Optional(Description),
    clientId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Administrators only: the client the subscription is for (the calling key by default).' }),
    ),
  },
  { additionalProperties: false },
)
export type NewWebhookSubscription = Static<typeof NewWebhookSubscription>

export const WebhookSubscriptionChange = Type.Object(
  {
    paused: Type.Optional(Type.Boolean()),
    events: Type.Optional(Type.Array(EventName, { minItems: 1, uniqueItems: true })),
    description: Type.Optional(Nullable(Description)),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type WebhookSubscriptionChange = Static<typeof WebhookSubscriptionChange>

export const SecretRotation = Type.Object(
  {
    overlapHours: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 168, default: 24, description: 'How long the old secret keeps signing beside the new one.' }),
    ),
  },
  { additionalProperties: false },
)

export const WithSecret = Type.Object(
  {
    subscription: Type.Ref(WebhookSubscription),
    secret: Type.String({ description: 'The signing secret (whsec_...). Shown once: store it now.' }),
  },
  { additionalProperties: false },
)

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false })

export const WebhookDelivery = Type.Object(
  {
    id: Type.String({ description: 'The delivery id (a number, as text).' }),
    eventId: Type.String({ format: 'uuid', description: 'The event: the webhook-id the receiver saw.' }),
    type: EventName,
    childId: Nullable(Type.String()),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('parked')], {
      description: 'pending: to be sent or sent again; delivered: answered 2xx; parked: failing past the retry window.',
    }),
    attempts: Type.Integer({ minimum: 0 }),
    nextAttemptAt: Nullable(IsoDateTime),
    lastStatusCode: Nullable(Type.Integer()),
    lastLatencyMs: Nullable(Type.Integer()),
    lastError: Nullable(Type.String({ description: 'Why the last attempt failed: at most 1,000 characters, the start of what the receiver answered.' })),
    deliveredAt: Nullable(IsoDateTime),
    createdAt: IsoDateTime,
  },
  { $id: 'WebhookDelivery', additionalProperties: false },
)
export type WebhookDelivery = Static<typeof WebhookDelivery>

export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('parked')])),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'Deliveries older than this id (the last one of the previous page).' })),
  },
  { additionalProperties: false },
)
export type DeliveryQuery = Static<typeof DeliveryQuery>

export const Replay = Type.Object(
  {
    eventIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 1000, uniqueItems: true })),
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false, minProperties: 1, description: 'The events to send again: by id, or those written in [from, to).' },
)
export type Replay = Static<typeof Replay>
