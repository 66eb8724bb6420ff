import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { authoritiesBeyond, withinAuthorities } from '../../domain/auth/authorities.ts'
import type { Scope } from '../../domain/auth/scopes.ts'
import { eventsBeyond, type EventTypeName } from '../../domain/webhooks/events.ts'
import { generateSecret } from '../../domain/webhooks/signature.ts'
import { webhookUrlProblem } from '../../domain/webhooks/urls.ts'
import { HttpProblem, notFound, problemResponses, unprocessable } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import {
  activeClient,
  createSubscription,
  deleteSubscription,
  findSubscription,
  listDeliveries,
  listSubscriptions,
  replayDeliveries,
  rotateSecret,
  updateSubscription,
} from './queries.ts'
import {
  DeliveryQuery,
  IdParams,
  NewWebhookSubscription,
  Replay,
  SecretRotation,
  WebhookDelivery,
  WebhookSubscription,
  WebhookSubscriptionChange,
  WithSecret,
} from './schemas.ts'

// Any key that may receive some event manages its own subscriptions; administrators manage anyone's
// within their authorities. (Board officers' actions:write receives nothing.)
const MANAGERS: Scope[] = ['admin', 'child:read', 'records:read', 'records:write', 'health:write', 'education:write', 'leaving-care:write', 'kpi:read']
/** At most this many subscriptions per client: each one is a stream of deliveries to keep up. */
const MAX_PER_CLIENT = 20
const NoContent = Type.Null({ description: 'Done; no body.' })

function caller(request: FastifyRequest) {
  const client = request.client
  if (!client) throw new HttpProblem(401, 'unauthorized', 'A valid API key is required.')
  return { id: client.id, admin: client.scopes.has('admin'), authorities: client.authorities }
}

/** The events of `events` the owner's scopes do not let it receive: a 422 naming each. */
function checkEvents(scopes: readonly string[], events: readonly EventTypeName[]) {
  const beyond = eventsBeyond(new Set(scopes), events)
  if (beyond.length === 0) return
  throw unprocessable(
    `The subscription's key may not receive ${beyond.join(', ')}: each needs one of the event's scopes, and child:read for an event naming a child (docs/webhooks.md).`,
    beyond.map((e) => ({ in: 'body' as const, pointer: `/events/${events.indexOf(e)}`, message: `${e} is beyond the key's scopes` })),
  )
}

/**
 * Partner notifications (issue #20): a key subscribes a URL to events of its authorities; the
 * dispatcher (dispatcher.ts) signs and delivers them. The signing secret is answered once, at
 * creation and at each rotation, and never listed.
 */
export function webhookRoutes(db: Kysely<Database>, options: { allowedHosts: readonly string[]; replayed?: () => void }): FastifyPluginAsyncTypebox {
  const allowedHosts = new Set(options.allowedHosts)
  return async (app) => {
    app.addSchema(WebhookSubscription)
    app.addSchema(WebhookDelivery)
    const security = requireScope(...MANAGERS)

    /** The subscription if this caller may manage it; absent otherwise (another's is as good as absent). */
    async function manageable(request: FastifyRequest, trx: Kysely<Database>, id: string) {
      const me = caller(request)
      const sub = await findSubscription(trx, id)
      if (!sub || !(sub.clientId === me.id || (me.admin && withinAuthorities(sub.authorities, me.authorities)))) throw notFound('No such webhook subscription.')
      return sub
    }

    app.post(
      '/v1/webhooks',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Subscribe a URL to events (the signing secret is shown once)',
          description:
            "A key subscribes itself; an administrator may subscribe another client (clientId). The events must be ones the subscribing client's scopes allow (422 names any that are not); the authorities within its own. The URL must be https, unless its host is in WEBHOOK_ALLOWED_HOSTS.",
          security,
          body: NewWebhookSubscription,
          response: { 201: WithSecret, ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        const me = caller(request)
        const body = request.body
        if (body.clientId && body.clientId !== me.id && !me.admin) {
          throw new HttpProblem(403, 'forbidden', 'Only an administrator may subscribe another client.', [
            { in: 'body', pointer: '/clientId', message: 'another client' },
          ])
        }
        const urlProblem = webhookUrlProblem(body.url, allowedHosts)
        if (urlProblem) throw unprocessable(`The URL ${urlProblem}.`, [{ in: 'body', pointer: '/url', message: urlProblem }])
        return reply.auditedWrite(async (trx) => {
          const owner = await activeClient(trx, body.clientId ?? me.id)
          // A client beyond this administrator's authorities is as good as absent to it.
          if (!owner || (owner.id !== me.id && !withinAuthorities(owner.authorities, me.authorities))) {
            throw unprocessable('No such active API client.', [{ in: 'body', pointer: '/clientId', message: 'no such active client' }])
          }
          const beyond = authoritiesBeyond(body.authorities, new Set(owner.authorities))
          if (beyond.length) {
            throw new HttpProblem(403, 'forbidden', `A subscription may name only the authorities of its key (not ${beyond.join(', ')}).`, [
              { in: 'body', pointer: '/authorities', message: "beyond the key's own authorities" },
            ])
          }
          checkEvents(owner.scopes, body.events)
          if ((await listSubscriptions(trx, owner.id)).length >= MAX_PER_CLIENT) {
            throw new HttpProblem(409, 'conflict', `A client may have at most ${MAX_PER_CLIENT} webhook subscriptions; delete one first.`)
          }
          const secret = generateSecret()
          const subscription = await createSubscription(trx, {
            clientId: owner.id,
            url: body.url,
            events: body.events,
            authorities: body.authorities,
            description: body.description ?? null,
            secret,
          })
          reply.code(201)
          return { subscription, secret }
        })
      },
    )

    app.get(
      '/v1/webhooks',
      {
        schema: {
          tags: ['webhooks'],
          summary: "List webhook subscriptions: the key's own; an administrator's, all within its authorities (never the secrets)",
          security,
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(WebhookSubscription)) }, { additionalProperties: false }), ...problemResponses(401, 403) },
        },
      },
      async (request) => {
        const me = caller(request)
        const items = me.admin
          ? (await listSubscriptions(db)).filter((s) => s.clientId === me.id || withinAuthorities(s.authorities, me.authorities))
          : await listSubscriptions(db, me.id)
        return { items }
      },
    )

    app.patch(
      '/v1/webhooks/:id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Pause or resume a subscription, change its events or description',
          description: 'While paused nothing is sent, and events of that time are not kept for it; deliveries already due wait.',
          security,
          params: IdParams,
          body: WebhookSubscriptionChange,
          response: { 200: Type.Ref(WebhookSubscription), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) =>
        reply.auditedWrite(async (trx) => {
          const sub = await manageable(request, trx, request.params.id)
          const change = request.body
          if (change.events) {
            const owner = await activeClient(trx, sub.clientId)
            if (!owner) throw notFound('No such webhook subscription.')
            checkEvents(owner.scopes, change.events)
          }
          const updated = await updateSubscription(trx, sub.id, {
            ...(change.paused === undefined ? {} : { paused: change.paused }),
            ...(change.events ? { events: change.events } : {}),
            ...(change.description === undefined ? {} : { description: change.description }),
          })
          if (!updated) throw notFound('No such webhook subscription.')
          return updated
        }),
    )

    app.post(
      '/v1/webhooks/:id/rotate-secret',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'A new signing secret (shown once); the old one keeps signing for the overlap (24 hours by default)',
          description:
            'During the overlap each delivery carries two signatures, one per secret, so a receiver may switch to the new secret at any time within it.',
          security,
          params: IdParams,
          body: SecretRotation,
          response: { 200: WithSecret, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply.auditedWrite(async (trx) => {
          const sub = await manageable(request, trx, request.params.id)
          const secret = generateSecret()
          const rotated = await rotateSecret(trx, sub.id, secret, request.body.overlapHours ?? 24)
          if (!rotated) throw notFound('No such webhook subscription.')
          return { subscription: rotated, secret }
        }),
    )

    app.get(
      '/v1/webhooks/:id/deliveries',
      {
        // The log names children: read as a child-level read is, into the audit trail.
        config: { auditRead: true },
        schema: {
          tags: ['webhooks'],
          summary: "A subscription's delivery log, newest first: status, attempts, last response code, latency and error",
          description: 'Parked deliveries (failing past the 24-hour retry window) are here with status=parked; send them again with the replay route.',
          security,
          params: IdParams,
          querystring: DeliveryQuery,
          response: {
            200: Type.Object({ items: Type.Array(Type.Ref(WebhookDelivery)) }, { additionalProperties: false }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const sub = await manageable(request, db, request.params.id)
        return { items: await listDeliveries(db, sub.id, request.query) }
      },
    )

    app.post(
      '/v1/webhooks/:id/replay',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Send events again: by event id, or those written in a time range',
          description:
            "The subscription's deliveries of those events become due now, delivered, pending or parked alike, with their attempts counted from zero (the 24-hour retry window still counts from the event). Only events that were fanned out to this subscription can be sent again.",
          security,
          params: IdParams,
          body: Replay,
          response: {
            202: Type.Object({ replayed: Type.Integer({ minimum: 0, description: 'Deliveries due again.' }) }, { additionalProperties: false }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const result = await reply.auditedWrite(async (trx) => {
          const sub = await manageable(request, trx, request.params.id)
          const replayed = await replayDeliveries(trx, sub.id, request.body)
          reply.code(202)
          return { replayed }
        })
        options.replayed?.()
        return result
      },
    )

    app.delete(
      '/v1/webhooks/:id',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Delete a subscription: nothing more is sent to it, and its delivery log goes with it',
          security,
          params: IdParams,
          response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply.auditedWrite(async (trx) => {
          const sub = await manageable(request, trx, request.params.id)
          if (!(await deleteSubscription(trx, sub.id))) throw notFound('No such webhook subscription.')
          reply.code(204)
          return null
        }),
    )
  }
}
