import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { badRequest, problemResponses } from '../../http/problem.ts'
import { IsoDateTime, LaCode, Nullable, PageInfo, Text } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'

const AuditEvent = Type.Object(
  {
    id: Type.Integer(),
    at: IsoDateTime,
    clientId: Nullable(Type.String()),
    la: Nullable(Type.String()),
    action: Type.String({ description: 'read, post, put, patch or delete.' }),
    resource: Type.String({ description: 'The route, e.g. /v1/authorities/:la/children/:childId.' }),
    resourceId: Nullable(Type.String({ description: 'The id named in the path (e.g. the child id).' })),
    requestId: Type.String(),
    status: Nullable(Type.Integer({ description: 'The HTTP status the request got.' })),
  },
  { additionalProperties: false },
)

const AuditQuery = Type.Object(
  {
    clientId: Type.Optional(Type.String({ format: 'uuid' })),
    la: Type.Optional(LaCode),
    resource: Type.Optional(Text(300, { description: 'Route pattern, exact.' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'From this time (inclusive).' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'Before this time (exclusive).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    // 18 digits: every value a bigint id column holds can be written so, and none beyond it.
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'The nextCursor of the previous page.' })),
  },
  { additionalProperties: false },
)

/** The audit trail for administrators, newest first. */
export function auditRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/v1/audit', {
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        description: "Events of the authorities the key holds; a key holding '*' also sees events not tied to an authority.",
        security: requireScope('admin'),
        querystring: AuditQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditEvent), ...PageInfo }), ...problemResponses(400, 401, 403) },
      },
    }, async (request) => {
      const q = request.query
      if (q.from && q.to && q.from >= q.to) throw badRequest('from must be before to.', [{ in: 'querystring', pointer: '/from', message: 'must be before to' }])
      const limit = q.limit ?? 100
      let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(limit + 1)
      if (q.clientId) query = query.where('clientId', '=', q.clientId)
      if (q.la) query = query.where('la', '=', q.la)
      if (q.resource) query = query.where('resource', '=', q.resource)
      if (q.from) query = query.where('at', '>=', new Date(q.from))
      if (q.to) query = query.where('at', '<', new Date(q.to))
      if (q.cursor) query = query.where('id', '<', q.cursor)
      // An administrator of some authorities sees their events only; one holding '*' sees all.
      const own = request.client?.authorities ?? new Set<string>()
      if (!own.has('*')) query = query.where('la', 'in', [...own, '---'])
      const rows = await query.execute()
      const page = rows.slice(0, limit)
      return {
        items: page.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() })),
        nextCursor: rows.length > limit ? String(page[page.length - 1]?.id) : null,
      }
    })
  }
}
