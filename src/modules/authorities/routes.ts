import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { SCOPE_NAMES } from '../../domain/auth/scopes.ts'
import { problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { listAuthorities, upsertAuthority } from './queries.ts'
import { Authority, AuthorityBody } from './schemas.ts'

export function authorityRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(Authority)

    app.get(
      '/v1/authorities',
      {
        schema: {
          tags: ['authorities'],
          summary: 'The authorities this key may use',
          security: requireScope(...SCOPE_NAMES),
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(Authority)) }), ...problemResponses(401, 403) },
        },
      },
      async (request) => ({ items: await listAuthorities(db, request.client?.authorities ?? new Set()) }),
    )

    app.put(
      '/v1/authorities/:la',
      {
        schema: {
          tags: ['authorities'],
          summary: 'Create or rename an authority',
          security: requireScope('admin'),
          params: LaParams,
          body: AuthorityBody,
          response: { 200: Type.Ref(Authority), 201: Type.Ref(Authority), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) =>
        reply.auditedWrite(async (trx) => {
          const { authority, created } = await upsertAuthority(trx, request.params.la, request.body)
          reply.code(created ? 201 : 200)
          return authority
        }),
    )
  }
}
