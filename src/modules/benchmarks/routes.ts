import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import { authorityExists } from '../../db/authorities.ts'
import type { Database } from '../../db/database.ts'
import { kpiById } from '../../domain/kpis/index.ts'
import { notFound, problemResponses, unprocessable } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { deleteBenchmark, listBenchmarks, saveBenchmarks } from './queries.ts'
import { Benchmark, BenchmarkKey, BenchmarkListQuery, BenchmarksBody } from './schemas.ts'

const TAGS = ['benchmarks']

/** Comparators for the KPIs, per authority: read by dashboards, kept by administrators. */
export function benchmarkRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(Benchmark)
    const list = Type.Object({ items: Type.Array(Type.Ref(Benchmark)) })

    app.get(
      '/v1/authorities/:la/benchmarks',
      {
        schema: {
          tags: TAGS,
          summary: "The authority's KPI benchmarks",
          security: requireScope('kpi:read', 'admin'),
          params: LaParams,
          querystring: BenchmarkListQuery,
          response: { 200: list, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        if (!(await authorityExists(db, request.params.la))) throw notFound(`No authority ${request.params.la}.`)
        return { items: await listBenchmarks(db, request.params.la, request.query) }
      },
    )

    app.put(
      '/v1/authorities/:la/benchmarks',
      {
        schema: {
          tags: TAGS,
          summary: 'Create or replace benchmarks (national, statistical neighbours, region, local target)',
          description:
            'Each item replaces the one with the same KPI, kind and period end. KPI comparators use the latest of each kind dated in the 12 months to the as-at date.',
          security: requireScope('admin'),
          params: LaParams,
          body: BenchmarksBody,
          response: { 200: list, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const { la } = request.params
        const unknown = request.body.items.flatMap((i, k) =>
          kpiById(i.kpiId) ? [] : [{ in: 'body' as const, pointer: `/items/${k}/kpiId`, message: `no KPI ${i.kpiId} (GET /v1/kpis lists them)` }],
        )
        if (unknown.length) throw unprocessable('Some benchmarks name a KPI that does not exist; nothing was stored.', unknown)
        // One statement writes them all, and it may set each benchmark once: say which item repeats another.
        const first = new Map<string, number>()
        const repeats = request.body.items.flatMap((i, k) => {
          const key = `${i.kpiId} ${i.kind} ${i.periodEnd}`
          const earlier = first.get(key)
          if (earlier === undefined) first.set(key, k)
          return earlier === undefined
            ? []
            : [{ in: 'body' as const, pointer: `/items/${k}`, message: `names the same KPI, kind and period end as item ${earlier}` }]
        })
        if (repeats.length) throw unprocessable('Some benchmarks are given twice; nothing was stored.', repeats)
        return reply.auditedWrite(async (trx) => {
          if (!(await authorityExists(trx, la))) throw notFound(`No authority ${la}.`)
          return { items: await saveBenchmarks(trx, la, request.body.items) }
        })
      },
    )

    app.delete(
      '/v1/authorities/:la/benchmarks',
      {
        schema: {
          tags: TAGS,
          summary: 'Remove one benchmark, named by KPI, kind and period end',
          security: requireScope('admin'),
          params: LaParams,
          querystring: BenchmarkKey,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply.auditedWrite(async (trx) => {
          if (!(await deleteBenchmark(trx, request.params.la, request.query))) throw notFound('No such benchmark.')
          reply.code(204)
          return null
        }),
    )
  }
}
