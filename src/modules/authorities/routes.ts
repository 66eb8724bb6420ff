import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { SCOPE_NAMES } from '../../domain/auth/scopes.ts'
import { toCsv } from '../../domain/csv.ts'
import { notFound, problemResponses, unprocessable } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { listAuthorities, listPopulations, replacePopulations, upsertAuthority } from './queries.ts'
import { Authority, AuthorityBody, PopulationBody, PopulationEstimate, PopulationList, PopulationQuery } from './schemas.ts'

const NO_AUTHORITY = (la: string) => notFound(`No authority ${la}: PUT /v1/authorities/${la} creates it.`)

export function authorityRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(Authority)
    app.addSchema(PopulationEstimate)

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

    app.get(
      '/v1/authorities/:la/populations',
      {
        schema: {
          tags: ['authorities'],
          summary: "The authority's child population (0-17) by year, for rates per 10,000",
          description:
            'ONS mid-year estimates (as at 30 June of the year). A rate at a date divides by the latest estimate on or before it; ' +
            "before the first, by the authority's populationUnder18. format=csv gives year,population,source.",
          security: requireScope('admin', 'kpi:read'),
          params: LaParams,
          querystring: PopulationQuery,
          response: {
            200: {
              description: 'The estimates, oldest first.',
              content: {
                'application/json': { schema: PopulationList },
                'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header row (format=csv).' } },
              },
            },
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { la } = request.params
        const items = await listPopulations(db, la)
        if (!items) throw NO_AUTHORITY(la)
        if (request.query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(['year', 'population', 'source'], items))
        return reply.type('application/json; charset=utf-8').send({ la, items })
      },
    )

    app.put(
      '/v1/authorities/:la/populations',
      {
        schema: {
          tags: ['authorities'],
          summary: "Set the authority's child population estimates (they replace those held)",
          description:
            'Councils take the figure from the ONS mid-year population estimates (children aged 0-17 in the local authority). ' +
            'Refused (422, naming the item) when a year comes twice.',
          security: requireScope('admin'),
          params: LaParams,
          body: PopulationBody,
          response: { 200: PopulationList, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const { la } = request.params
        const { items } = request.body
        const seen = new Set<number>()
        const twice = items.flatMap((item, i) => (seen.has(item.year) ? [i] : (seen.add(item.year), [])))
        if (twice.length > 0) {
          throw unprocessable(
            'Each year may come once.',
            twice.map((i) => ({ in: 'body' as const, pointer: `/items/${i}/year`, message: 'this year is given already' })),
          )
        }
        return reply.auditedWrite(async (trx) => {
          const exists = await listPopulations(trx, la)
          if (!exists) throw NO_AUTHORITY(la)
          await replacePopulations(trx, la, items)
          return { la, items: [...items].sort((a, b) => a.year - b.year).map((i) => ({ ...i, source: i.source ?? null })) }
        })
      },
    )
  }
}
