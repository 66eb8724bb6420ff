import { AjvCompiler } from '@fastify/ajv-compiler'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { parse903Csv, parse903Xml, type Manifest903 } from '../../domain/ssda903/index.ts'
import { AJV_OPTIONS } from '../../http/fastify-options.ts'
import type { UploadedFile } from '../../http/multipart.ts'
import type { FieldError } from '../../http/problem.ts'
import { fieldErrors } from '../../plugins/errors.ts'
import { snapshotFromJson, splitSchemaErrors } from './json-snapshot.ts'
import { JsonSnapshot } from './schemas.ts'
import { runImport, type ImportOutcome, type ImportRequest } from './service.ts'
import { snapshotFrom903 } from './ssda903-snapshot.ts'

/**
 * An import from the bytes a request brought to the outcome: read (JSON, the 903 CSV set or XML),
 * checked against the contract, then runImport. Everything here is plain data in and out, so it runs
 * as well in the import worker (src/modules/imports/worker.ts) as in the request's own process.
 */

export type ImportInput =
  | { kind: 'json'; body: Uint8Array }
  | { kind: 'ssda903-csv'; files: UploadedFile[]; manifest: string | null }
  | { kind: 'ssda903-xml'; body: Uint8Array }

export interface ImportJob {
  input: ImportInput
  request: Omit<ImportRequest, 'format'>
}

/** A request whose body cannot be taken at all: answered as problem+json before any run starts. */
export interface BodyProblem {
  status: 400 | 413
  slug: string
  detail: string
  errors?: FieldError[]
}

export type PipelineResult = ImportOutcome | { kind: 'invalid'; problem: BodyProblem }

/** Schema errors a JSON snapshot may carry as findings; more make the whole body a 400. */
export const MAX_SCHEMA_ERRORS = 1000

let validateSnapshotBody: ((body: unknown) => boolean) & { errors?: unknown } | undefined

/** The JSON snapshot's validator, compiled once per process as Fastify compiles the routes'. */
function snapshotValidator() {
  validateSnapshotBody ??= AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS } })({ schema: JsonSnapshot, method: 'POST', url: '/imports', httpPart: 'body' }) as never
  return validateSnapshotBody as ((body: unknown) => boolean) & { errors?: unknown }
}

const Manifest = Type.Object(
  {
    files: Type.Record(
      Type.String({ minLength: 1, maxLength: 200 }),
      Type.Object({ rows: Type.Integer({ minimum: 0, maximum: 100_000_000 }), sha256: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{64}$' })) }, { additionalProperties: false }),
      { maxProperties: 40 },
    ),
  },
  { additionalProperties: false },
)

function readManifest(text: string | null): { manifest?: Manifest903 } | { problem: BodyProblem } {
  if (text === null) return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: { status: 400, slug: 'validation', detail: 'The manifest is not valid JSON.', errors: [{ in: 'body', pointer: '/manifest', message: 'is not valid JSON' }] } }
  }
  const names = value !== null && typeof value === 'object' && 'files' in value && value.files !== null && typeof value.files === 'object' ? Object.keys(value.files) : []
  if (names.some((n) => n.includes('\u0000'))) {
    return { problem: { status: 400, slug: 'validation', detail: 'A file name in the manifest holds U+0000.', errors: [{ in: 'body', pointer: '/manifest/files', message: 'a file name holds U+0000' }] } }
  }
  if (!Value.Check(Manifest, value)) {
    const errors = [...Value.Errors(Manifest, value)].slice(0, 20).map((e) => ({ in: 'body' as const, pointer: `/manifest${e.path}`, message: e.message }))
    return { problem: { status: 400, slug: 'validation', detail: 'The manifest is not valid: { "files": { "header.csv": { "rows": 1438, "sha256": "..." } } }.', errors } }
  }
  return { manifest: value as Static<typeof Manifest> }
}

function readJson(bytes: Uint8Array): { value: unknown } | { problem: BodyProblem } {
  let text: string
  try {
    text = new TextDecoder('utf-8').decode(bytes)
  } catch {
    // Beyond the longest string the engine can make: the configured limit keeps well under it.
    return { problem: { status: 413, slug: 'body-too-large', detail: 'The snapshot is too large to read as one JSON document.' } }
  }
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return { problem: { status: 400, slug: 'bad-request', detail: 'The body is not valid JSON.' } }
  }
}

/** Reads, checks and imports one request's snapshot. */
export async function importFromBody(db: Kysely<Database>, job: ImportJob): Promise<PipelineResult> {
  const { input, request } = job
  if (input.kind === 'json') {
    const read = readJson(input.body)
    if ('problem' in read) return { kind: 'invalid', problem: read.problem }
    const body = read.value
    const validate = snapshotValidator()
    const valid = validate(body)
    const all = valid ? [] : fieldErrors((validate.errors ?? []) as never, 'body')
    // A few records with errors are findings (the rest of the night's data applies); thousands of
    // schema errors are not a nightly snapshot but a malformed body.
    if (all.length > MAX_SCHEMA_ERRORS) {
      return { kind: 'invalid', problem: { status: 400, slug: 'validation', detail: `The body has ${all.length} schema errors; the first 100 are listed.`, errors: all.slice(0, 100) } }
    }
    const { records, body: bodyErrors } = splitSchemaErrors(all)
    if (bodyErrors.length > 0) {
      return { kind: 'invalid', problem: { status: 400, slug: 'validation', detail: 'The request body is not valid.', errors: bodyErrors.slice(0, 100) } }
    }
    const { snapshot, partner } = snapshotFromJson(body as JsonSnapshot, records)
    return runImport(db, snapshot, { ...request, format: 'json' }, partner)
  }
  if (input.kind === 'ssda903-xml') return runImport(db, snapshotFrom903(parse903Xml(input.body)), { ...request, format: 'ssda903-xml' })
  const read = readManifest(input.manifest)
  if ('problem' in read) return { kind: 'invalid', problem: read.problem }
  return runImport(db, snapshotFrom903(parse903Csv(input.files, { manifest: read.manifest })), { ...request, format: 'ssda903-csv' })
}
