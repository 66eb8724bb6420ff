import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { requireScope } from '../../plugins/auth.ts'
import { createApiClient, listApiClients, revokeApiClient } from './queries.ts'
import { ApiClient, CreatedApiClient, NewApiClient } from './schemas.ts'

export function clientRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(ApiClient)
    const security = requireScope('admin')

    app.post('/v1/clients', {
      schema: {
        tags: ['clients'],
        summary: 'Create an API client and its key (the key is shown once)',
        security,
        body: NewApiClient,
        response: { 201: CreatedApiClient, ...problemResponses(400, 401, 403) },
      },
    }, async (request, reply) => reply.code(201).send(await createApiClient(db, request.body)))

    app.get('/v1/clients', {
      schema: {
        tags: ['clients'],
        summary: 'List API clients (never their keys)',
        security,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(ApiClient)) }), ...problemResponses(401, 403) },
      },
    }, async () => ({ items: await listApiClients(db) }))

    app.delete('/v1/clients/:clientId', {
      schema: {
        tags: ['clients'],
        summary: 'Revoke an API client: its key stops working at once',
        security,
        params: Type.Object({ clientId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Type.Ref(ApiClient), ...problemResponses(400, 401, 403, 404) },
      },
    }, async (request) => {
      const client = await revokeApiClient(db, request.params.clientId)
      if (!client) throw notFound('No such API client.')
      app.forgetApiClients()
      return client
    })
  }
}
