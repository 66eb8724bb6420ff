import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Child-level reads are audited like writes. */
    auditRead?: boolean
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
// The most specific identifier in the path names the resource; nothing else about a child is kept.
const ID_PARAMS = ['childId', 'recordId', 'actionId', 'planId', 'clientId', 'runId', 'id', 'kpiId']

function resourceId(request: FastifyRequest): string | null {
  const params = (request.params ?? {}) as Record<string, unknown>
  for (const name of ID_PARAMS) {
    const v = params[name]
    if (typeof v === 'string' || typeof v === 'number') return String(v)
  }
  return null
}

/**
 * The audit trail: every write (whatever its outcome) and every child-level read, with time, client,
 * authority, action, resource and request id. Written before the response leaves (onSend), so a client
 * holding its answer can rely on the event being recorded. Added inside the protected scope, after auth.
 */
export function auditPlugin(db: Kysely<Database>) {
  return fp(
    async function audit(app: FastifyInstance) {
      app.addHook('onSend', async (request, reply) => {
        const isRead = READ_METHODS.has(request.method)
        if (isRead && !request.routeOptions.config.auditRead) return
        // Requests refused before authentication carry no client; they are not data access.
        if (!request.client) return
        const la = (request.params as { la?: unknown } | undefined)?.la
        try {
          await db
            .insertInto('audit_events')
            .values({
              clientId: request.client.id,
              la: typeof la === 'string' && /^\d{3}$/.test(la) ? la : null,
              action: isRead ? 'read' : request.method.toLowerCase(),
              resource: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
              resourceId: resourceId(request),
              requestId: String(request.id),
              status: reply.statusCode,
            })
            .execute()
        } catch (err) {
          request.log.error({ err }, 'audit write failed')
        }
      })
    },
    { name: 'audit', fastify: '5.x', dependencies: ['auth'] },
  )
}
