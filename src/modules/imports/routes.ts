import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { ImportRunsTable } from '../../db/tables/imports.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import type { Snapshot } from '../../domain/imports/types.ts'
import { toCsv } from '../../http/csv.ts'
import { gunzipRequest } from '../../http/gzip.ts'
import { conflict, HttpProblem, notFound, problemResponses } from '../../http/problem.ts'
import { LaParams, PageInfo } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import type { Readable } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import { build903Csv, EXPORT_FILES, parse903Csv, parse903Xml } from '../../domain/ssda903/index.ts'
import { readMultipartFiles, type UploadedFile } from '../../http/multipart.ts'
import { childrenForExport } from './export-queries.ts'
import { snapshotFrom903 } from './ssda903-snapshot.ts'
import type { PartnerSnapshot } from './apply-partner.ts'
import { recordSchemaErrors, snapshotFromJson } from './json-snapshot.ts'
import { FindingsQuery, ImportFinding, ImportQuery, ImportRun, JsonSnapshot, RunParams } from './schemas.ts'
import { runImport } from './service.ts'

const TAGS = ['imports']
const write = requireScope('records:write')
const read = requireScope('records:write', 'records:read')

export const toImportRun = (r: Selectable<ImportRunsTable>) => ({
  ...r,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
})

export interface ImportRouteOptions {
  /** Largest snapshot body, unzipped. */
  bodyLimit: number
}

const IMPORT_DESCRIPTION =
  'Everything is checked first, row by row; a child with an error is rejected (its stored data is kept) and the ' +
  'rest is applied in one transaction, or nothing with strict=true. In snapshot mode children not sent are deleted. ' +
  'The same snapshot twice changes nothing (changed: false). One import per authority at a time: a second one ' +
  'gets 409 at once and may retry. Bodies may be gzip (Content-Encoding: gzip). Answers 201 with the run; a ' +
  'strict run with errors answers 422 with the run id; findings are at .../imports/{runId}/findings.'

/** Nightly snapshots and the record of every import run. */
export function importRoutes(db: Kysely<Database>, options: ImportRouteOptions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(ImportRun)

    async function importAndAnswer(request: FastifyRequest, la: string, snapshot: Snapshot, format: ImportRunsTable['format'], query: ImportQuery, partner?: PartnerSnapshot) {
      const outcome = await runImport(db, snapshot, {
        la,
        format,
        mode: query.mode ?? 'snapshot',
        strict: query.strict ?? false,
        clientId: request.client?.id ?? null,
        requestId: String(request.id),
        today: todayInEngland(),
      }, partner)
      if (outcome.busy) throw conflict('Another import for this authority is running; retry when it has finished.', { runId: outcome.runId })
      const run = await db.selectFrom('import_runs').selectAll().where('id', '=', outcome.runId).executeTakeFirstOrThrow()
      if (outcome.status === 'failed') {
        throw new HttpProblem(422, 'import-rejected', run.message ?? 'The import failed.', undefined, { runId: run.id })
      }
      return toImportRun(run)
    }

    app.post('/v1/authorities/:la/imports', {
      bodyLimit: options.bodyLimit,
      preParsing: gunzipRequest,
      schema: {
        tags: TAGS,
        summary: 'Import a full snapshot as JSON: children, episodes and partner records',
        description:
          'Beside the children, optional lists healthChecks, sdqReturns, careLeavers, personalAdvisers, pathwayPlans and ' +
          "careLeaverContacts carry the partner records the CMS holds, each as the partner endpoint takes it (by childId, no " +
          'purge), checked by the same rules. A list sent is the whole truth for that kind in snapshot mode (delta only ' +
          'upserts); a list left out leaves that kind alone. A record may name a child this snapshot adds; a record with an ' +
          "error, for an unknown child, or of a rejected child is skipped and keeps its stored version (findings name the list " +
          'and the 1-based row). Counts per list. ' + IMPORT_DESCRIPTION,
        security: write,
        params: LaParams,
        querystring: ImportQuery,
        body: JsonSnapshot,
        response: { 201: Type.Ref(ImportRun), ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
      },
      // A partner record failing its schema is a finding, not a 400 (recordSchemaErrors).
      attachValidation: true,
    }, async (request, reply) => {
      const { snapshot, partner } = snapshotFromJson(request.body, recordSchemaErrors(request))
      return reply.code(201).send(await importAndAnswer(request, request.params.la, snapshot, 'json', request.query, partner))
    })

    // The 903 files: multipart (the CSV set, any subset, each file optionally .gz) or the XML return.
    // Read from the payload after preParsing, so Content-Encoding: gzip works for both.
    app.register(async (plain) => {
      const scoped = plain.withTypeProvider<TypeBoxTypeProvider>()
      scoped.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: Readable) => ({
        files: await readMultipartFiles(request, payload, { fileSize: options.bodyLimit, files: 20 }),
      }))
      scoped.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: options.bodyLimit }, async (_request: FastifyRequest, body: Buffer) => ({ xml: body }))

      scoped.post('/v1/authorities/:la/imports/ssda903', {
        bodyLimit: options.bodyLimit,
        preParsing: gunzipRequest,
        schema: {
          tags: TAGS,
          summary: 'Import the statutory SSDA903 files: the CSV set (multipart) or the XML return',
          description:
            'CSV: send the files as multipart/form-data, any subset of header, episodes, uasc, oc2, oc3, missing, reviews, ' +
            'ad1, placed_for_adoption, previous_permanence and sw_episodes (recognised by file name or by their columns; ' +
            'dates DD/MM/YYYY; BOMs, CRLF, blank rows, spaces and lower-case codes are fine). XML: send the <EXPSSDA903> ' +
            'return as application/xml. The 903 carries no NHS number: stored NHS numbers are kept. ' + IMPORT_DESCRIPTION,
          security: write,
          params: LaParams,
          querystring: ImportQuery,
          body: {
            content: {
              'multipart/form-data': { schema: Type.Object({ files: Type.Array(Type.Unknown(), { minItems: 1, description: 'The 903 CSV files.' }) }) },
              'application/xml': { schema: Type.Object({ xml: Type.Unknown({ description: 'The <EXPSSDA903> return.' }) }) },
            },
          },
          response: { 201: Type.Ref(ImportRun), ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
        },
      }, async (request, reply) => {
        const body = request.body as { files?: UploadedFile[]; xml?: Buffer }
        const parsed = body.xml ? parse903Xml(body.xml) : parse903Csv(body.files ?? [])
        const format = body.xml ? 'ssda903-xml' : 'ssda903-csv'
        return reply.code(201).send(await importAndAnswer(request, request.params.la, snapshotFrom903(parsed), format, request.query))
      })
    })

    app.get('/v1/authorities/:la/exports/ssda903', {
      schema: {
        tags: TAGS,
        summary: "A collection year's SSDA903 CSV set, built from the stored data",
        description:
          'Episodes open in the collection year (1 April to 31 March, named by the year it ends in) as the DfE expects, ' +
          'or every episode with history=all. OC2 (children looked after 12 months at 31 March: health assessment, dental, ' +
          'immunisations, development for under 5s, SDQ score or reason) and OC3 (care leavers with their 17th to 21st ' +
          'birthday in the year: the contact nearest it) are worked out from the partner records with the KPI rules; what ' +
          'the service does not hold (CONVICTED, SUBSTANCE_MISUSE, INTERVENTION_*, a missing contact) is left blank. ' +
          'With file=NAME the answer is that one CSV file; without, a JSON object ' +
          'holding every file. Importing the files (POST .../imports/ssda903) reproduces the data.',
        security: requireScope('records:read'),
        params: LaParams,
        querystring: Type.Object(
          {
            year: Type.Integer({ minimum: 2000, maximum: 2100, description: 'Collection year, by its end: 2025 is 2024-25.' }),
            history: Type.Optional(Type.Union([Type.Literal('year'), Type.Literal('all')], { default: 'year' })),
            file: Type.Optional(Type.Union(EXPORT_FILES.map((f) => Type.Literal(f)))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'The files (JSON), or one file (text/csv).',
            content: {
              'application/json': { schema: Type.Object({ year: Type.Integer(), files: Type.Record(Type.String(), Type.String()) }) },
              'text/csv': { schema: Type.String() },
            },
          },
          ...problemResponses(400, 401, 403),
        },
      },
      config: { auditRead: true },
    }, async (request, reply) => {
      const { year, history, file } = request.query
      const children = await childrenForExport(db, request.params.la, year, { allHistory: history === 'all' })
      const files = build903Csv(children, year, { allHistory: history === 'all' })
      if (file) {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(files[file])
      }
      return { year, files }
    })

    app.get('/v1/authorities/:la/imports', {
      schema: {
        tags: TAGS,
        summary: 'Import runs, newest first',
        security: read,
        params: LaParams,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            before: Type.Optional(Type.String({ format: 'date-time', description: 'Runs started before this time (the startedAt of the last run of the previous page).' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(ImportRun)), ...PageInfo }), ...problemResponses(400, 401, 403) },
      },
    }, async (request) => {
      const limit = request.query.limit ?? 50
      let q = db.selectFrom('import_runs').selectAll().where('la', '=', request.params.la).orderBy('startedAt', 'desc').limit(limit + 1)
      if (request.query.before) q = q.where('startedAt', '<', new Date(request.query.before))
      const rows = await q.execute()
      const page = rows.slice(0, limit).map(toImportRun)
      return { items: page, nextCursor: rows.length > limit ? (page[page.length - 1]?.startedAt ?? null) : null }
    })

    app.get('/v1/authorities/:la/imports/:runId', {
      schema: {
        tags: TAGS,
        summary: 'One import run: status, counts per table, finding counts',
        security: read,
        params: RunParams,
        response: { 200: Type.Ref(ImportRun), ...problemResponses(400, 401, 403, 404) },
      },
    }, async (request) => {
      const run = await db.selectFrom('import_runs').selectAll().where('la', '=', request.params.la).where('id', '=', request.params.runId).executeTakeFirst()
      if (!run) throw notFound('No such import run.')
      return toImportRun(run)
    })

    app.get('/v1/authorities/:la/imports/:runId/findings', {
      schema: {
        tags: TAGS,
        summary: "A run's row-level findings (the DfE validator's shape), paged; format=csv for a spreadsheet",
        security: read,
        params: RunParams,
        querystring: FindingsQuery,
        response: {
          200: {
            description: 'The findings, as JSON or as CSV (format=csv).',
            content: {
              'application/json': { schema: Type.Object({ items: Type.Array(ImportFinding), nextAfter: Type.Union([Type.Integer(), Type.Null()]) }) },
              'text/csv': { schema: Type.String() },
            },
          },
          ...problemResponses(400, 401, 403, 404),
        },
      },
    }, async (request, reply) => {
      const { la, runId } = request.params
      const run = await db.selectFrom('import_runs').select('id').where('la', '=', la).where('id', '=', runId).executeTakeFirst()
      if (!run) throw notFound('No such import run.')
      const limit = request.query.limit ?? 500
      let q = db.selectFrom('import_findings').selectAll().where('runId', '=', runId).orderBy('seq').limit(limit + 1)
      if (request.query.after !== undefined) q = q.where('seq', '>', request.query.after)
      if (request.query.severity) q = q.where('severity', '=', request.query.severity)
      const rows = await q.execute()
      const items = rows.slice(0, limit).map((f) => ({
        seq: f.seq,
        table: f.tableName,
        rowNumber: f.rowNumber,
        childId: f.childId,
        rule: f.rule,
        severity: f.severity,
        fields: f.fields,
        message: f.message,
      }))
      const nextAfter = rows.length > limit ? (items[items.length - 1]?.seq ?? null) : null
      if (request.query.format === 'csv') {
        if (nextAfter !== null) reply.header('link', `<?format=csv&limit=${limit}&after=${nextAfter}>; rel="next"`)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${runId}-findings.csv"`)
          .send(toCsv(['seq', 'table', 'rowNumber', 'childId', 'rule', 'severity', 'fields', 'message'], items.map((f) => ({ ...f, fields: f.fields.join(' ') }))))
      }
      return { items, nextAfter }
    })
  }
}
