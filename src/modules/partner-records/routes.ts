import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { bumpDataVersion, kindsOfTable } from '../../db/data-version.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { HttpProblem, notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import type { requireScope } from '../../plugins/auth.ts'
import { openBatch, wrapSingleRecord } from './batch.ts'
import { applyRecords } from './engine.ts'
import type { PartnerInput, RecordKind } from './kind.ts'
import { deleteRows, readStored, rowOf } from './queries.ts'
import { BatchResponse, BatchResult } from './schemas.ts'

type App = Parameters<FastifyPluginAsyncTypebox>[0]

export interface PartnerRecordRoutes<T extends PartnerInput, Row extends object> {
  tags: string[]
  security: ReturnType<typeof requireScope>
  /** The kind a request writes with (an SDQ key's scopes choose the rules it writes under). */
  kind(request: FastifyRequest): RecordKind<T, Row>
  /** POST a batch (or one record) as JSON: `path` is the route's full path, written where the module registers it. */
  post: { path: string; summary: string; description: string; body: TSchema }
  /** DELETE one record by its key, the last parameter of `path`. */
  delete: {
    path: string
    summary: string
    description?: string
    params: TSchema
    param: 'recordId' | 'childId'
    /** The 404's detail. */
    missing: string
    /** The 403's detail, before the rule's message, when the kind may forbid a removal. */
    refused?: string
  }
}

/**
 * The POST and DELETE routes of one kind of partner record: every record through the one engine in
 * the request's audited transaction, the kind's data version bumped when anything changed.
 */
export function partnerRecordRoutes<T extends PartnerInput, Row extends object>(app: App, o: PartnerRecordRoutes<T, Row>): void {
  if (!app.getSchema('BatchResult')) app.addSchema(BatchResult)

  app.post(
    o.post.path,
    {
      schema: {
        tags: o.tags,
        summary: o.post.summary,
        description: o.post.description,
        security: o.security,
        params: LaParams,
        body: o.post.body,
        response: { 200: BatchResponse, ...problemResponses(400, 401, 403, 409, 422) },
      },
      attachValidation: true,
      preValidation: wrapSingleRecord,
    },
    async (request, reply) => {
      const kind = o.kind(request)
      const batch = openBatch<T>(request)
      const { la } = request.params
      return reply.auditedWrite(async (trx) => {
        const applied = await applyRecords(trx, la, kind, batch.entries(), batch, { today: todayInEngland(), lock: true })
        if (applied.changed) await bumpDataVersion(trx, la, kindsOfTable(kind.table.table))
        return batch.answer()
      })
    },
  )

  app.delete(
    o.delete.path,
    {
      schema: {
        tags: o.tags,
        summary: o.delete.summary,
        ...(o.delete.description ? { description: o.delete.description } : {}),
        security: o.security,
        params: o.delete.params,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const kind = o.kind(request)
      const t = kind.table
      // The params schema holds la and the key parameter.
      const params = request.params as Record<'la' | typeof o.delete.param, string>
      const key = params[o.delete.param]
      return reply.auditedWrite(async (trx) => {
        const before = (await readStored(trx, t, params.la, [key], { lock: true })).get(key)
        if (before === undefined) throw notFound(o.delete.missing)
        const why = kind.forbid?.(null, rowOf(t, before)) ?? null
        if (why) throw new HttpProblem(403, 'forbidden', `${o.delete.refused ?? 'This key may not remove this record'}: ${why.message}.`)
        await deleteRows(trx, t, params.la, [key])
        await bumpDataVersion(trx, params.la, kindsOfTable(t.table))
        reply.code(204)
        return null
      })
    },
  )
}
