import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { authoritiesBeyond, withinAuthorities } from '../../domain/auth/authorities.ts'
import { HttpProblem, notFound, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { createApiClient, listApiClients, revokeApiClient } from './queries.ts'
import { ApiClient, CreatedApiClient, NewApiClient } from './schemas.ts'

export function clientRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(ApiClient)
    const security = requireScope('admin')

    app.post(
      '/v1/clients',
      {
        schema: {
          tags: ['clients'],
          summary: 'Create an API client and its key (the key is shown once)',
          security,
          body: NewApiClient,
          response: { 201: CreatedApiClient, ...problemResponses(400, 401, 403) },
          description: "An administrator may grant only authorities it holds itself; one holding '*' may grant any.",
        },
      },
      async (request, reply) => {
        const own = request.client?.authorities ?? new Set<string>()
        const beyond = authoritiesBeyond(request.body.authorities, own)
        if (beyond.length) {
          throw new HttpProblem(403, 'forbidden', `An administrator may grant only the authorities it has itself (not ${beyond.join(', ')}).`, [
            { in: 'body', pointer: '/authorities', message: "beyond this key's own authorities" },
          ])
        }
        return reply.auditedWrite(async (trx) => {
          const created = await createApiClient(trx, request.body)
          reply.code(201)
          return created
        })
      },
    )

    app.get(
      '/v1/clients',
      {
        schema: {
          tags: ['clients'],
          summary: 'List API clients (never their keys)',
          security,
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(ApiClient)) }), ...problemResponses(401, 403) },
        },
      },
      async (request) => ({ items: (await listApiClients(db)).filter((c) => withinAuthorities(c.authorities, request.client?.authorities)) }),
    )

    app.delete(
      '/v1/clients/:clientId',
      {
        schema: {
          tags: ['clients'],
          summary: 'Revoke an API client: its key stops working at once',
          security,
          params: Type.Object({ clientId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
          response: { 200: Type.Ref(ApiClient), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const client = await reply.auditedWrite(async (trx) => {
          const target = (await listApiClients(trx)).find((c) => c.id === request.params.clientId)
          // A client beyond this administrator's authorities is as good as absent to it.
          if (!target || !withinAuthorities(target.authorities, request.client?.authorities)) throw notFound('No such API client.')
          const revoked = await revokeApiClient(trx, request.params.clientId)
          if (!revoked) throw notFound('No such API client.')
          return revoked
        })
        // Only once the revocation is committed: a key checked before then would be cached as valid.
        app.forgetApiClients()
        return client
      },
    )
  }
}
