import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyReply } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { kpiById, KPI_DEFINITIONS, KpiPeriodError, resolvePoint, seriesPoints, type Dimension, type KpiDefinition } from '../../domain/kpis/index.ts'
import { badRequest, notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { cohortCsv, kpiResultCsv, scorecardCsv, seriesCsv } from './csv.ts'
import {
  ChildrenQuery,
  CohortSchema,
  ComparatorSchema,
  KpiDefinitionSchema,
  KpiParams,
  KpiQuery,
  KpiResultSchema,
  ScorecardQuery,
  ScorecardSchema,
  SeriesQuery,
  SeriesSchema,
  type Cohort,
  type KpiResult,
} from './schemas.ts'
import { kpiService, scorecardPoint, type KpiService } from './service.ts'

const TAGS = ['kpis']

/** A 200 that is JSON by default and CSV with format=csv. */
function jsonOrCsv(schema: TSchema, description: string) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header row (format=csv).' } },
    },
  }
}

/**
 * JSON already made for an answer object. A cached scorecard is the same object on every hit, and
 * serialising its 55 KPIs was a quarter of the service's CPU under the dashboards' load: made once
 * per object with the route's own serializer, it is then sent as it is.
 */
const jsonOf = new WeakMap<object, string>()

function send<T extends object>(reply: FastifyReply, format: 'json' | 'csv' | undefined, body: T, csv: (b: T) => string) {
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csv(body))
  let json = jsonOf.get(body)
  if (json === undefined) {
    const serialize = reply.getSerializationFunction('200', 'application/json')
    json = serialize ? serialize(body as Record<string, unknown>) : JSON.stringify(body)
    jsonOf.set(body, json)
  }
  return reply.type('application/json; charset=utf-8').send(json)
}

function findKpi(id: string): KpiDefinition {
  const def = kpiById(id)
  if (!def) throw notFound(`No KPI ${id}: GET /v1/kpis lists them.`)
  return def
}

/** Turns a period problem into a 400 naming the query field. */
function periodOf<T>(f: () => T): T {
  try {
    return f()
  } catch (err) {
    if (err instanceof KpiPeriodError) {
      throw badRequest(`${err.field}: ${err.message}.`, [{ in: 'querystring', pointer: `/${err.field}`, message: err.message }])
    }
    throw err
  }
}

function breakdownOf(def: KpiDefinition, asked: Dimension | undefined): Dimension | null {
  const b = asked ?? def.defaultBreakdown
  if (b && !def.breakdowns.includes(b)) {
    throw badRequest(`${def.id} cannot be split by ${b}.`, [
      { in: 'querystring', pointer: '/breakdown', message: `one of: ${def.breakdowns.join(', ') || 'none'}` },
    ])
  }
  return b
}

/** KPIs: the catalogue, one KPI at a date with breakdowns and comparators, series, drill-down, the scorecard. */
export function kpiRoutes(db: Kysely<Database>, svc: KpiService = kpiService(db)): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [KpiDefinitionSchema, ComparatorSchema]) app.addSchema(s)

    app.get(
      '/v1/kpis',
      {
        schema: {
          tags: TAGS,
          summary: 'The KPI catalogue: what each KPI counts and the rule it follows',
          security: requireScope('kpi:read', 'child:read', 'records:read'),
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(KpiDefinitionSchema)) }), ...problemResponses(401, 403) },
        },
      },
      async () => ({ items: KPI_DEFINITIONS.map((d) => ({ ...d, breakdowns: [...d.breakdowns], details: [...d.details], sources: [...d.sources] })) }),
    )

    app.get(
      '/v1/authorities/:la/kpis/:kpiId',
      {
        schema: {
          tags: TAGS,
          summary: 'One KPI at a date (or for a period), with a breakdown and comparators',
          description:
            'asAt (default today), or year (the collection year ending 31 March), or from and to (period KPIs only). ' +
            'Counts of 1-4, and values built on them, are withheld for clients with small-number suppression.',
          security: requireScope('kpi:read'),
          params: KpiParams,
          querystring: KpiQuery,
          response: { 200: jsonOrCsv(KpiResultSchema, 'The KPI.'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, kpiId } = request.params
        const def = findKpi(kpiId)
        const point = periodOf(() => resolvePoint(def, request.query, todayInEngland()))
        const breakdown = breakdownOf(def, request.query.breakdown)
        const result = await svc.kpi(la, def, point, breakdown, request.client?.suppressSmallNumbers ?? false)
        return send<KpiResult>(reply, request.query.format, result, kpiResultCsv)
      },
    )

    app.get(
      '/v1/authorities/:la/kpis/:kpiId/series',
      {
        schema: {
          tags: TAGS,
          summary: 'One KPI at each period end between two dates',
          description:
            'At-date KPIs are measured on each period end; period KPIs (admissions, cessations) count each period ' +
            'itself (a monthly series of admissions is the admissions in each month). One query whatever the length.',
          security: requireScope('kpi:read'),
          params: KpiParams,
          querystring: SeriesQuery,
          response: { 200: jsonOrCsv(SeriesSchema, 'The series, oldest first.'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la, kpiId } = request.params
        const def = findKpi(kpiId)
        const interval = request.query.interval ?? 'month'
        const { from, to } = request.query
        const points = periodOf(() => seriesPoints(def, from, to, interval))
        const body = await svc.series(la, def, { points, interval, from, to }, request.client?.suppressSmallNumbers ?? false)
        return send(reply, request.query.format, body, seriesCsv)
      },
    )

    app.get(
      '/v1/authorities/:la/kpis/:kpiId/children',
      {
        schema: {
          tags: TAGS,
          summary: 'The children behind a KPI: the cohort, whether each counts, and why',
          security: requireScope('child:read'),
          params: KpiParams,
          querystring: ChildrenQuery,
          response: { 200: jsonOrCsv(CohortSchema, 'The cohort, by child id.'), ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request, reply) => {
        const { la, kpiId } = request.params
        const def = findKpi(kpiId)
        const point = periodOf(() => resolvePoint(def, request.query, todayInEngland()))
        const body = await svc.cohort(la, def, point)
        return send<Cohort>(reply, request.query.format, body, cohortCsv)
      },
    )

    app.get(
      '/v1/authorities/:la/scorecard',
      {
        schema: {
          tags: TAGS,
          summary: "The board's scorecard: every headline KPI, a year earlier, direction of travel and comparators",
          security: requireScope('kpi:read'),
          params: LaParams,
          querystring: ScorecardQuery,
          response: { 200: jsonOrCsv(ScorecardSchema, 'The scorecard.'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { la } = request.params
        const now = periodOf(() => scorecardPoint(request.query, todayInEngland()))
        const body = await svc.scorecard(la, now, request.client?.suppressSmallNumbers ?? false)
        return send(reply, request.query.format, body, scorecardCsv)
      },
    )
  }
}
