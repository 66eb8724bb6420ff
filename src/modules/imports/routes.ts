import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest, FastifySchemaCompiler, preParsingHookHandler } from 'fastify'
import type { Kysely } from 'kysely'
import type { Readable } from 'node:stream'
import { authorityExists } from '../../db/authorities.ts'
import type { Database } from '../../db/database.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { parseConfirmedDeletes, type ShrinkGuard } from '../../domain/imports/shrink.ts'
import { build903Csv } from '../../domain/ssda903/index.ts'
import { build903Xml } from '../../domain/ssda903/export-xml.ts'
import { toCsv } from '../../domain/csv.ts'
import { AJV_OPTIONS } from '../../http/fastify-options.ts'
import { gunzipRequest } from '../../http/gzip.ts'
import { readMultipartFiles, type MultipartUpload } from '../../http/multipart.ts'
import { HttpProblem, notFound, problemResponses } from '../../http/problem.ts'
import { PageInfo } from '../../http/pagination.ts'
import { LaParams, Text } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import { importFromBody, type ImportInput, type ImportJob, type PipelineResult } from './pipeline.ts'
import { childrenForExport, findImportRun, listImportRuns, listRunFindings, toImportRun, type ImportRunRow } from './queries.ts'
import {
  ExportFiles,
  ExportQuery,
  FindingsPage,
  FindingsQuery,
  ImportCounts,
  ImportPreview,
  ImportPreviewFinding,
  ImportQuery,
  ImportRun,
  JsonSnapshot,
  RunParams,
  RunsQuery,
} from './schemas.ts'
import { revertImport, type ImportOutcome, type RevertOutcome } from './service.ts'

const TAGS = ['imports']
const write = requireScope('records:write')
const read = requireScope('records:write', 'records:read')

/** Runs an import job: in this process, or in the import worker (worker.ts). */
export type ImportRunner = (job: ImportJob) => Promise<PipelineResult>

export interface ImportRouteOptions {
  /** Largest snapshot body, unzipped (a multipart upload's files together). */
  bodyLimit: number
  /** The share of a kind one import may delete unconfirmed, in percent. */
  shrinkPercent: number
  /** Days what an import replaced is kept for an undo. */
  undoDays: number
  /** Where imports run; by default in the request's own process. */
  runner?: ImportRunner
  /** Called once a run has committed, before it is answered (the data-quality findings' refresh). */
  afterRun?: (run: ImportRunRow) => Promise<ImportRunRow>
}

const IMPORT_DESCRIPTION =
  'Everything is checked first, row by row; a child with an error is rejected (its stored data is kept) and the ' +
  'rest is applied in one transaction, or nothing with strict=true. In snapshot mode children not sent are deleted, ' +
  'so a file cut off in transfer (a row with another number of cells, no final line break, a gzip stream that ends ' +
  'early, a column named twice) is refused with 422 naming the file and line, and an import that would delete more ' +
  'than the guard allows (10% of the children, of their episodes or of any kind of partner record, or every child) ' +
  'is refused with 409 stating the numbers, unless confirmed with allowShrink=true or confirmDeletes. dryRun=true ' +
  'answers what the import would do (200) and applies nothing. The same snapshot twice changes nothing (changed: ' +
  'false). One import per authority at a time: a second gets 409 at once. Bodies may be gzip (Content-Encoding: ' +
  'gzip). Answers 201 with the run; findings are at .../imports/{runId}/findings; POST .../imports/{runId}/revert ' +
  'undoes a run. An authority that does not exist is 404 (an administrator creates it: PUT /v1/authorities/{la}).'

const importResponses = {
  201: Type.Ref(ImportRun),
  200: Type.Ref(ImportPreview),
  ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
}

/** Refuses an import for an authority that does not exist before its body is read. */
function authorityMustExist(db: Kysely<Database>): preParsingHookHandler {
  return async (request, _reply, payload) => {
    const { la } = request.params as { la?: string }
    if (typeof la === 'string' && /^[0-9]{3}$/.test(la)) {
      if (!(await authorityExists(db, la))) {
        throw new HttpProblem(
          404,
          'authority-not-found',
          `Authority ${la} does not exist. An administrator creates it with PUT /v1/authorities/${la} (scope admin); then send the import again.`,
        )
      }
    }
    return payload
  }
}

/** Nightly snapshots and the record of every import run. */
export function importRoutes(db: Kysely<Database>, options: ImportRouteOptions): FastifyPluginAsyncTypebox {
  const runner: ImportRunner = options.runner ?? ((job) => importFromBody(db, job))
  const guardOf = (query: ImportQuery): ShrinkGuard => ({
    limit: options.shrinkPercent / 100,
    allow: query.allowShrink === true,
    confirmed: query.confirmDeletes ? parseConfirmedDeletes(query.confirmDeletes) : null,
  })

  async function importAndAnswer(request: FastifyRequest, reply: FastifyReply, input: ImportInput, query: ImportQuery) {
    const result = await runner({
      input,
      request: {
        la: (request.params as LaParams).la,
        mode: query.mode ?? 'snapshot',
        strict: query.strict ?? false,
        dryRun: query.dryRun ?? false,
        clientId: request.client?.id ?? null,
        requestId: String(request.id),
        today: todayInEngland(),
        ...(query.year !== undefined ? { returnYear: query.year } : {}),
        guard: guardOf(query),
        undoDays: options.undoDays,
        // Committed with the run's writes, wherever they run.
        audit: reply.auditEventFor(201),
      },
    })
    return answer(reply, result.kind === 'run' && options.afterRun ? { ...result, run: await options.afterRun(result.run) } : result)
  }

  return async (app) => {
    app.addSchema(ImportCounts)
    app.addSchema(ImportPreviewFinding)
    app.addSchema(ImportRun)
    app.addSchema(ImportPreview)

    // The import bodies are read as bytes and checked by the import itself (pipeline.ts), off the
    // event loop when a worker runs it; their query strings and parameters are checked here as usual.
    const compile = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS } })
    const bodyChecksInImport: FastifySchemaCompiler<unknown> = (route) =>
      route.httpPart === 'body' ? () => true : compile(route as Parameters<typeof compile>[0])

    app.register(async (plain) => {
      const scoped = plain.withTypeProvider<TypeBoxTypeProvider>()
      // A snapshot is JSON, a 903 set multipart or XML: anything else (text/plain too) is 415.
      scoped.removeAllContentTypeParsers()
      scoped.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, async (_request: FastifyRequest, body: Buffer) => ({
        json: body,
      }))
      scoped.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: Readable) =>
        readMultipartFiles(request, payload, { total: options.bodyLimit, files: 20 }),
      )
      scoped.addContentTypeParser(
        ['application/xml', 'text/xml'],
        { parseAs: 'buffer', bodyLimit: options.bodyLimit },
        async (_request: FastifyRequest, body: Buffer) => ({ xml: body }),
      )
      const preParsing = [authorityMustExist(db), gunzipRequest]

      scoped.post(
        '/v1/authorities/:la/imports',
        {
          bodyLimit: options.bodyLimit,
          preParsing,
          validatorCompiler: bodyChecksInImport,
          schema: {
            tags: TAGS,
            summary: 'Import a full snapshot as JSON: children, episodes and partner records',
            description:
              'Beside the children, optional lists healthChecks, sdqReturns, careLeavers, personalAdvisers, pathwayPlans, ' +
              'careLeaverContacts and returnHomeInterviews carry the partner records the CMS holds, each as the partner endpoint takes it (by childId, no ' +
              'purge), checked by the same rules. A list sent is the whole truth for that kind in snapshot mode (delta only ' +
              'upserts); a list left out leaves that kind alone. A record may name a child this snapshot adds; a record with an ' +
              'error, for an unknown child, or of a rejected child is skipped and keeps its stored version (findings name the list ' +
              'and the 1-based row). An optional manifest states the counts sent; any disagreement refuses the run (422). ' +
              IMPORT_DESCRIPTION,
            security: write,
            params: LaParams,
            querystring: ImportQuery,
            body: JsonSnapshot,
            response: importResponses,
          },
        },
        async (request, reply) => {
          const { json } = (request.body ?? {}) as { json?: Buffer }
          if (!json) throw new HttpProblem(400, 'no-body', 'The import has no body: send the snapshot as application/json.')
          return importAndAnswer(request, reply, { kind: 'json', body: json }, request.query)
        },
      )

      // The 903 files: multipart (the CSV set, any subset, each file optionally .gz) or the XML return.
      scoped.post(
        '/v1/authorities/:la/imports/ssda903',
        {
          bodyLimit: options.bodyLimit,
          preParsing,
          validatorCompiler: bodyChecksInImport,
          schema: {
            tags: TAGS,
            summary: 'Import the statutory SSDA903 files: the CSV set (multipart) or the XML return',
            description:
              'CSV: send the files as multipart/form-data, any subset of header, episodes, uasc, oc2, oc3, missing, reviews, ' +
              'ad1, placed_for_adoption, previous_permanence and sw_episodes (recognised by file name or by their columns; ' +
              'dates DD/MM/YYYY; BOMs, CRLF, blank rows, spaces and lower-case codes are fine; every line ends with a line ' +
              'break). A form field named manifest may state what was sent, as JSON: {"files": {"header.csv": {"rows": 1438, ' +
              '"sha256": "..."}}} (rows: data rows after the column header, blank lines not counted; sha256 of the file as sent ' +
              'or unzipped); a file sent but not listed, listed but not sent, or that disagrees refuses the run (422). ' +
              'XML: send the <EXPSSDA903> return as application/xml. The 903 carries no NHS number: stored NHS numbers are kept. ' +
              IMPORT_DESCRIPTION,
            security: write,
            params: LaParams,
            querystring: ImportQuery,
            body: {
              content: {
                'multipart/form-data': {
                  schema: Type.Object({
                    files: Type.Array(Type.Unknown(), { minItems: 1, description: 'The 903 CSV files.' }),
                    manifest: Type.Optional(Text(1024 * 1024, { description: 'What was sent, as JSON (see above).' })),
                  }),
                },
                'application/xml': { schema: Type.Object({ xml: Type.Unknown({ description: 'The <EXPSSDA903> return.' }) }) },
              },
            },
            response: importResponses,
          },
        },
        async (request, reply) => {
          // No body at all (no content type to parse) arrives as undefined.
          const body = (request.body ?? {}) as Partial<MultipartUpload> & { xml?: Buffer }
          if (body.xml) return importAndAnswer(request, reply, { kind: 'ssda903-xml', body: body.xml }, request.query)
          if (!body.files || body.files.length === 0) {
            throw new HttpProblem(
              400,
              'no-files',
              'The upload holds no files: send the 903 CSV files as multipart/form-data, or the XML return as application/xml.',
            )
          }
          return importAndAnswer(request, reply, { kind: 'ssda903-csv', files: body.files, manifest: body.fields?.manifest ?? null }, request.query)
        },
      )
    })

    app.post(
      '/v1/authorities/:la/imports/:runId/revert',
      {
        schema: {
          tags: TAGS,
          summary: 'Undo an import: put back exactly the data it replaced',
          description:
            'Children, episodes and everything derived from them, and partner records, as they were before the run, in one ' +
            'transaction. Any applied run may be reverted while what it replaced is kept (IMPORT_UNDO_DAYS, 35 by default) and ' +
            'nothing it wrote has changed since: a later import or a partner post to the same rows would be lost, so the ' +
            'revert is refused (409) naming them; revert the later import first. A reverted run cannot be reverted again; the ' +
            'revert is a run of its own (format revert), which can itself be reverted. Answers 201 with the revert run.',
          security: write,
          params: RunParams,
          response: { 201: Type.Ref(ImportRun), ...problemResponses(400, 401, 403, 404, 409, 410) },
        },
      },
      async (request, reply) => {
        const outcome = await revertImport(db, request.params.la, request.params.runId, {
          clientId: request.client?.id ?? null,
          requestId: String(request.id),
          undoDays: options.undoDays,
          audit: reply.auditEventFor(201),
        })
        return answerRevert(reply, outcome)
      },
    )

    app.get(
      '/v1/authorities/:la/exports/ssda903',
      {
        schema: {
          tags: TAGS,
          summary: "A collection year's SSDA903 return, built from the stored data: the CSV set or the DfE's XML",
          description:
            "Each table holds the year's cohort (1 April to 31 March, named by the year it ends in) as the DfE's guidance " +
            'says and its validator checks: episodes open in the year, one ending after 31 March written as still open (DEC, ' +
            'REC and REASON_PLACE_CHANGE blank); header and UASC for the children of the return; reviews held in the year; ' +
            'missing episodes and social worker episodes open in it (social workers from 2024-25 also in the year before), ' +
            'an end after 31 March blank; decisions to place for adoption standing in it; AD1 for children adopted in it ' +
            '(an episode ending E11/E12); previous permanence for children who started to be looked after in it (RNE S); ' +
            'none of these for a care leaver with no episode in the year. OC2 (children looked after 12 months at 31 ' +
            'March) and OC3 (care leavers with their 17th to 21st birthday in the year: the contact nearest it) are worked ' +
            'out from the partner records with the KPI rules; each OC2 fact the integration sent wins, and what no one holds ' +
            'is left blank. With history=all every row is written as stored and OC2 is what the integration sent, so the ' +
            'export re-imports unchanged. format=xml answers the <EXPSSDA903> return (application/xml; it has no social ' +
            "worker episodes, as the DfE's XML has none); otherwise the CSV set: with file=NAME that one CSV file, without, " +
            'a JSON object holding every file. Importing either (POST .../imports/ssda903) reproduces the data.',
          security: requireScope('records:read'),
          params: LaParams,
          querystring: ExportQuery,
          response: {
            200: {
              description: 'The files (JSON), one CSV file (text/csv), or the XML return (application/xml).',
              content: {
                'application/json': { schema: ExportFiles },
                'text/csv': { schema: Type.String() },
                'application/xml': { schema: Type.String() },
              },
            },
            ...problemResponses(400, 401, 403),
          },
        },
        config: { auditRead: true },
      },
      async (request, reply) => {
        const { year, history, format, file } = request.query
        if (format === 'xml' && file) throw new HttpProblem(400, 'file-with-xml', 'file= names one CSV file of the set: the XML return is one document.')
        const allHistory = history === 'all'
        const children = await childrenForExport(db, request.params.la, year, { allHistory })
        if (format === 'xml') {
          return reply
            .type('application/xml; charset=utf-8')
            .header('content-disposition', `attachment; filename="ssda903-${year}${allHistory ? '-all' : ''}.xml"`)
            .send(build903Xml(children, year, { allHistory }))
        }
        const files = build903Csv(children, year, { allHistory })
        if (file) {
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(files[file])
        }
        return { year, files }
      },
    )

    app.get(
      '/v1/authorities/:la/imports',
      {
        schema: {
          tags: TAGS,
          summary: 'Import runs, newest first',
          security: read,
          params: LaParams,
          querystring: RunsQuery,
          response: { 200: Type.Object({ items: Type.Array(Type.Ref(ImportRun)), ...PageInfo }), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { limit = 50, cursor, before } = request.query
        return listImportRuns(db, request.params.la, { limit, cursor: cursor ?? before })
      },
    )

    app.get(
      '/v1/authorities/:la/imports/:runId',
      {
        schema: {
          tags: TAGS,
          summary: 'One import run: status, counts per table, finding counts',
          security: read,
          params: RunParams,
          response: { 200: Type.Ref(ImportRun), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const run = await findImportRun(db, request.params.la, request.params.runId)
        if (!run) throw notFound('No such import run.')
        return toImportRun(run)
      },
    )

    app.get(
      '/v1/authorities/:la/imports/:runId/findings',
      {
        schema: {
          tags: TAGS,
          summary: "A run's row-level findings (the DfE validator's shape), paged; format=csv for a spreadsheet",
          description: 'Findings name children: reading them is audited like any child-level read.',
          security: read,
          params: RunParams,
          querystring: FindingsQuery,
          response: {
            200: {
              description: 'The findings, as JSON or as CSV (format=csv).',
              content: {
                'application/json': { schema: FindingsPage },
                'text/csv': { schema: Type.String() },
              },
            },
            ...problemResponses(400, 401, 403, 404),
          },
        },
        config: { auditRead: true },
      },
      async (request, reply) => {
        const { la, runId } = request.params
        if (!(await findImportRun(db, la, runId))) throw notFound('No such import run.')
        const { limit = 500, cursor, after, severity, format } = request.query
        const { items, nextCursor } = await listRunFindings(db, runId, { limit, cursor: cursor ?? (after === undefined ? undefined : String(after)), severity })
        if (format === 'csv') {
          if (nextCursor !== null) reply.header('link', `<?format=csv&limit=${limit}&cursor=${nextCursor}>; rel="next"`)
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="import-${runId}-findings.csv"`)
            .send(
              toCsv(
                ['seq', 'table', 'rowNumber', 'childId', 'rule', 'severity', 'fields', 'message'],
                items.map((f) => ({ ...f, fields: f.fields.join(' ') })),
              ),
            )
        }
        return { items, nextCursor, nextAfter: nextCursor === null ? null : Number(nextCursor) }
      },
    )
  }
}

/** The HTTP answer to an import's outcome: 201 with the run, 200 with a dry run's preview, else a problem. */
function answer(reply: FastifyReply, result: PipelineResult | ImportOutcome) {
  switch (result.kind) {
    case 'run':
      reply.auditCommitted(201)
      return reply.code(201).send(toImportRun(result.run))
    case 'preview':
      reply.auditNothingStored()
      return reply.code(200).send(result.preview)
    case 'invalid':
      throw new HttpProblem(result.problem.status, result.problem.slug, result.problem.detail, result.problem.errors)
    case 'refused': {
      const { status, slug, detail, run, findings, shrink } = result.refusal
      throw new HttpProblem(status, slug, detail, undefined, {
        ...(run ? { runId: run.id } : {}),
        ...(findings
          ? { findings: findings.map(({ table, rowNumber, childId, rule, fields, message }) => ({ table, rowNumber, childId, rule, fields, message })) }
          : {}),
        ...(shrink ? { deletes: shrink.excess, limit: shrink.limit, confirmDeletes: shrink.confirmDeletes } : {}),
      })
    }
  }
}

function answerRevert(reply: FastifyReply, outcome: RevertOutcome) {
  if (outcome.kind === 'run') {
    reply.auditCommitted(201)
    return reply.code(201).send(toImportRun(outcome.run))
  }
  const { status, slug, detail, conflicts } = outcome.refusal
  throw new HttpProblem(status, slug, detail, undefined, conflicts ? { conflicts } : undefined)
}
