import type { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type TObject, type TSchema } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { bumpDataVersion, kindsOfTable } from '../../db/data-version.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { decodeText } from '../../domain/text.ts'
import { negotiate } from '../../http/accept.ts'
import { gunzipRequest } from '../../http/gzip.ts'
import { readMultipartFiles } from '../../http/multipart.ts'
import { badRequest, HttpProblem, notFound, problemResponses } from '../../http/problem.ts'
import { LaParams, Text } from '../../http/schemas.ts'
import type { requireScope } from '../../plugins/auth.ts'
import { batchOf, openBatch, wrapSingleRecord, type Batch } from './batch.ts'
import { csvSource, RESULT_COLUMNS, resultsCsv } from './csv-batch.ts'
import { csvFormat, readPartnerCsv, type CsvFormat, type CsvWords } from './csv-input.ts'
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
  /**
   * POST a batch (or one record) as JSON, or a CSV file of records: `path` is the route's full path,
   * written where the module registers it; `record` the schema of one record (the CSV's columns).
   */
  post: {
    path: string
    summary: string
    description: string
    body: TSchema
    record: TObject
    /** What one record is, for messages: 'health check'. */
    noun: string
    /** The kind's usual words for its coded fields, accepted in a CSV file. */
    words?: CsvWords
  }
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

  const format = csvFormat(o.post.record, o.post.noun, o.post.words)
  const files = new WeakMap<FastifyRequest, string>()
  // A CSV body, or the one file of a multipart upload, is kept aside for the handler; the schemas
  // see its text (a string, no U+0000, within the body limit) so the contract can describe it.
  app.register(async (plain) => {
    const scoped = plain.withTypeProvider<TypeBoxTypeProvider>()
    // JSON, CSV or a form: plain text is none of them (415, as the contract says).
    scoped.removeContentTypeParser('text/plain')
    scoped.addContentTypeParser('text/csv', { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) => {
      const text = decodeText(body)
      files.set(request, text)
      return text
    })
    scoped.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: Readable) => {
      const upload = await readMultipartFiles(request, payload, { total: request.routeOptions.bodyLimit ?? DEFAULT_LIMIT, files: 1 })
      const names = Object.keys(upload.fields)
      if (names.length)
        throw badRequest(
          'The upload holds form fields as well as the file: send the CSV file only.',
          names.map((n) => ({ in: 'body', pointer: `/${n.slice(0, 40)}`, message: 'is not a known field' })),
        )
      const [file] = upload.files
      if (!file) throw new HttpProblem(400, 'no-files', 'The upload holds no file: send the CSV file as the part named file.')
      if (file.unreadable)
        throw new HttpProblem(422, 'body-truncated', `${file.name} could not be read: ${file.unreadable}. Nothing was stored; send it again whole.`)
      const text = decodeText(file.content)
      files.set(request, text)
      return { file: text }
    })

    scoped.post(
      o.post.path,
      {
        preParsing: [gunzipRequest],
        schema: {
          tags: o.tags,
          summary: o.post.summary,
          description: `${o.post.description} ${csvDescription(format)}`,
          security: o.security,
          params: LaParams,
          body: {
            content: {
              'application/json': { schema: o.post.body },
              'text/csv': { schema: CsvFile(format) },
              'multipart/form-data': { schema: Type.Object({ file: CsvFile(format) }, { additionalProperties: false, required: ['file'] }) },
            },
          },
          response: {
            200: {
              description: 'What happened to each record, as JSON, or as CSV (a row per record) when the request accepts text/csv.',
              content: {
                'application/json': { schema: BatchResponse },
                'text/csv': { schema: Type.String({ description: `Columns: ${RESULT_COLUMNS.join(', ')}.` }) },
              },
            },
            ...problemResponses(400, 401, 403, 409, 422),
          },
        },
        attachValidation: true,
        preValidation: async (request) => {
          if (!files.has(request)) await wrapSingleRecord(request)
        },
      },
      async (request, reply) => {
        const kind = o.kind(request)
        const file = files.get(request)
        const batch: Batch<T> = file === undefined ? openBatch<T>(request) : await fileBatch<T>(request, file, format, o.post.record)
        const { la } = request.params
        const answer = await reply.auditedWrite(async (trx) => {
          const applied = await applyRecords(trx, la, kind, batch.entries(), batch, { today: todayInEngland(), lock: true })
          if (applied.changed) await bumpDataVersion(trx, la, kindsOfTable(kind.table.table))
          return batch.answer()
        })
        return wantsCsv(request) ? sendCsv(reply, resultsCsv(answer)) : answer
      },
    )
  })

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

// Fastify's own default, for a route that sets none.
const DEFAULT_LIMIT = 1024 * 1024

/** The CSV body's schema: text within the body limit, the columns described. */
const CsvFile = (format: CsvFormat) =>
  Text(256 * 1024 * 1024, {
    contentMediaType: 'text/csv',
    description: `A CSV file (at most BODY_LIMIT bytes, 10 MiB by default): a header row naming columns of ${format.columns.join(', ')}, then a row per record.`,
  })

function csvDescription(format: CsvFormat): string {
  return (
    `As a file: send text/csv (or multipart/form-data with the file as the part named file; either may be gzip), ` +
    `a header row naming the columns (${format.columns.join(', ')}; any case and spacing) and a row per record, ` +
    'any number of rows: dates YYYY-MM-DD, DD/MM/YYYY or 14 May 2025, yes/no for true/false, several dates separated by ;, a blank cell ' +
    'a field left out. Each row is answered as a record of a batch is, with its line; Accept: text/csv answers a CSV of ' +
    'the results. A header naming an unknown column is a 400; a file cut off (a last line without its line break and ' +
    'with fewer cells than the header, a quote never closed) a 422, and nothing is stored.'
  )
}

/** The batch a CSV file makes: its rows read, then checked as records. */
async function fileBatch<T>(request: FastifyRequest, file: string, format: CsvFormat, record: TObject): Promise<Batch<T>> {
  // A body the schema refused (U+0000, past the limit) is the whole request's.
  if (request.validationError) throw request.validationError
  const rows = await readPartnerCsv(file, format)
  if (rows.length === 0) throw badRequest('The file holds a header and no rows: nothing to store.')
  return batchOf<T>(await csvSource(rows, record))
}

const wantsCsv = (request: FastifyRequest): boolean => negotiate(request.headers.accept, ['application/json', 'text/csv']) === 'text/csv'

function sendCsv(reply: FastifyReply, text: string) {
  return reply.type('text/csv; charset=utf-8').send(text)
}
