import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { kpiById, KPI_EARLIEST_DATE, KPI_LATEST_DATE, KpiPeriodError, resolvePoint, type KpiDefinition, type KpiPoint } from '../../domain/kpis/index.ts'
import { badRequest, problemResponses } from '../../http/problem.ts'
import { DateParam, LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { boardPack, type BoardPackSources } from './service.ts'

const BoardPackQuery = Type.Object(
  { asAt: Type.Optional(DateParam(`The date the figures are at; default today. Between ${KPI_EARLIEST_DATE} and ${KPI_LATEST_DATE}.`, ['2026-03-31'])) },
  { additionalProperties: false },
)

/**
 * The page's own policy: nothing may be fetched, no script runs; only its inline styles apply. A pack
 * saved from the browser and opened later behaves the same.
 */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** The date the pack is at: as for the scorecard, period KPIs count the 12 months to it. */
function packPoint(asAt: string | undefined): KpiPoint {
  try {
    return resolvePoint(kpiById('admissions') as KpiDefinition, { asAt }, todayInEngland())
  } catch (err) {
    if (err instanceof KpiPeriodError) throw badRequest(`asAt: ${err.message}.`, [{ in: 'querystring', pointer: '/asAt', message: err.message }])
    throw err
  }
}

/** The board pack: the scorecard, trends, movements, each area and the action plan as one printable page. */
export function boardPackRoutes(db: Kysely<Database>, sources: BoardPackSources): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/authorities/:la/board-pack',
      {
        schema: {
          tags: ['kpis'],
          summary: "The board pack: the corporate parenting board's figures as one self-contained, printable HTML page",
          description:
            'The headline scorecard (a year earlier, direction of travel, comparators, target and RAG), 36-month trends, the ' +
            'monthly admissions and cessations, each area of the KPI catalogue, and the action plan; charts are inline SVG, each ' +
            'with a table of its numbers. No script, nothing fetched; prints to A4. Counts of 1-4 are withheld for clients ' +
            'with small-number suppression. See docs/board-pack.md.',
          security: requireScope('kpi:read'),
          params: LaParams,
          querystring: BoardPackQuery,
          produces: ['text/html'],
          response: {
            200: { description: 'The pack.', content: { 'text/html': { schema: { type: 'string', description: 'An HTML5 document (UTF-8).' } } } },
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const now = packPoint(request.query.asAt)
        const html = await boardPack(db, sources, request.params.la, now, request.client?.suppressSmallNumbers ?? false)
        return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_POLICY).send(html)
      },
    )
  }
}
