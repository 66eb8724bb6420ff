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
