import { collectionYearOf } from '../../domain/dates/calendar.ts'
import { AjvCompiler } from '@fastify/ajv-compiler'
import { Type, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { parse903Csv, parse903Xml, type Manifest903 } from '../../domain/ssda903/index.ts'
import { AJV_OPTIONS } from '../../http/fastify-options.ts'
import type { UploadedFile } from '../../http/multipart.ts'
import type { FieldError } from '../../http/problem.ts'
import { fieldErrors } from '../../http/field-errors.ts'
import { snapshotFromJson, splitSchemaErrors, type RecordSchemaErrors } from './json-snapshot.ts'
import {
  JsonSnapshot,
  SnapshotCareLeaver,
  SnapshotChild,
  SnapshotContact,
  SnapshotHealthCheck,
  SnapshotPathwayPlan,
  SnapshotPersonalAdviser,
  SnapshotReturnInterview,
  SnapshotSdq,
} from './schemas.ts'
import { runImport, type ImportOutcome, type ImportRequest } from './service.ts'
import { snapshotFrom903 } from './ssda903-snapshot.ts'

/**
 * An import from the bytes a request brought to the outcome: read (JSON, the 903 CSV set or XML),
 * checked against the contract, then runImport. Everything here is plain data in and out, so it runs
 * as well in the import worker (src/modules/imports/worker.ts) as in the request's own process.
 */

export type ImportInput =
  { kind: 'json'; body: Uint8Array } | { kind: 'ssda903-csv'; files: UploadedFile[]; manifest: string | null } | { kind: 'ssda903-xml'; body: Uint8Array }

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
const MAX_SCHEMA_ERRORS = 1000

type Validate = ((value: unknown) => boolean) & { errors?: unknown }

/** The snapshot's lists, each item checked on its own (children first), and the envelope around them. */
const LISTS = {
  children: SnapshotChild,
  healthChecks: SnapshotHealthCheck,
  sdqReturns: SnapshotSdq,
  careLeavers: SnapshotCareLeaver,
  personalAdvisers: SnapshotPersonalAdviser,
  pathwayPlans: SnapshotPathwayPlan,
  careLeaverContacts: SnapshotContact,
  returnHomeInterviews: SnapshotReturnInterview,
} as const
type ListName = keyof typeof LISTS

let validators: { envelope: Validate; items: Record<ListName, Validate> } | undefined

/** Compiled once per process (or worker) as Fastify compiles the routes': the same ajv options. */
function snapshotValidators() {
  if (validators) return validators
  const compile = AjvCompiler()({}, { customOptions: { ...AJV_OPTIONS } })
  const build = (schema: TSchema): Validate => compile({ schema, method: 'POST', url: '/imports', httpPart: 'body' })
  const lists = Object.fromEntries(
    Object.keys(LISTS).map((name) => [name, name === 'children' ? Type.Array(Type.Unknown()) : Type.Optional(Type.Array(Type.Unknown()))]),
  )
  validators = {
    envelope: build(Type.Object({ ...JsonSnapshot.properties, ...lists }, { additionalProperties: false })),
    items: Object.fromEntries(Object.entries(LISTS).map(([name, schema]) => [name, build(schema)])) as Record<ListName, Validate>,
  }
  return validators
}

/**
 * The snapshot checked against its schema, item by item, so the count of errors is known as it grows:
 * past MAX_SCHEMA_ERRORS the check stops and the body is a 400 (a body of millions of bad items must
 * not become millions of error objects). Errors in a child are the body's (400); errors in a partner
 * record are that record's (a finding that skips it).
 */
function checkSnapshot(body: unknown): { problem: BodyProblem } | { records: RecordSchemaErrors } {
  const { envelope, items } = snapshotValidators()
  if (!envelope(body)) {
    return {
      problem: {
        status: 400,
        slug: 'validation',
        detail: 'The request body is not valid.',
        errors: fieldErrors((envelope.errors ?? []) as never, 'body').slice(0, 100),
      },
    }
  }
  const snapshot = body as Record<ListName, unknown[] | undefined>
  const found: FieldError[] = []
  for (const name of Object.keys(LISTS) as ListName[]) {
    const list = snapshot[name] ?? []
    const validate = items[name]
    for (let i = 0; i < list.length; i++) {
      if (validate(list[i])) continue
      for (const e of fieldErrors((validate.errors ?? []) as never, 'body')) found.push({ ...e, pointer: `/${name}/${i}${e.pointer === '/' ? '' : e.pointer}` })
      if (found.length > MAX_SCHEMA_ERRORS) {
        return {
          problem: {
            status: 400,
            slug: 'validation',
            detail: `The body has more than ${MAX_SCHEMA_ERRORS} schema errors (checking stopped at /${name}/${i}); the first 100 are listed.`,
            errors: found.slice(0, 100),
          },
        }
      }
    }
  }
  const { records, body: inChildren } = splitSchemaErrors(found)
  if (inChildren.length > 0) return { problem: { status: 400, slug: 'validation', detail: 'The request body is not valid.', errors: inChildren.slice(0, 100) } }
  return { records }
}

const Manifest = Type.Object(
  {
    files: Type.Record(
      Type.String({ minLength: 1, maxLength: 200 }),
      Type.Object(
        { rows: Type.Integer({ minimum: 0, maximum: 100_000_000 }), sha256: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{64}$' })) },
        { additionalProperties: false },
      ),
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
    return {
      problem: {
        status: 400,
        slug: 'validation',
        detail: 'The manifest is not valid JSON.',
        errors: [{ in: 'body', pointer: '/manifest', message: 'is not valid JSON' }],
      },
    }
  }
  const names =
    value !== null && typeof value === 'object' && 'files' in value && value.files !== null && typeof value.files === 'object' ? Object.keys(value.files) : []
  if (names.some((n) => n.includes('\u0000'))) {
    return {
      problem: {
        status: 400,
        slug: 'validation',
        detail: 'A file name in the manifest holds U+0000.',
        errors: [{ in: 'body', pointer: '/manifest/files', message: 'a file name holds U+0000' }],
      },
    }
  }
  if (!Value.Check(Manifest, value)) {
    const errors = [...Value.Errors(Manifest, value)].slice(0, 20).map((e) => ({ in: 'body' as const, pointer: `/manifest${e.path}`, message: e.message }))
    return {
      problem: {
        status: 400,
        slug: 'validation',
        detail: 'The manifest is not valid: { "files": { "header.csv": { "rows": 1438, "sha256": "..." } } }.',
        errors,
      },
    }
  }
  return { manifest: value }
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
    const checked = checkSnapshot(body)
    if ('problem' in checked) return { kind: 'invalid', problem: checked.problem }
    const { records } = checked
    // A child's OC3 is the row for the import's collection year, as the 903 import's OC3 file is.
    const { snapshot, partner } = snapshotFromJson(body as JsonSnapshot, records, request.returnYear ?? collectionYearOf(request.today))
    return runImport(db, snapshot, { ...request, format: 'json' }, partner)
  }
  const year = request.returnYear ?? collectionYearOf(request.today)
  if (input.kind === 'ssda903-xml') return runImport(db, snapshotFrom903(parse903Xml(input.body), year), { ...request, format: 'ssda903-xml' })
  const read = readManifest(input.manifest)
  if ('problem' in read) return { kind: 'invalid', problem: read.problem }
  return runImport(db, snapshotFrom903(parse903Csv(input.files, { manifest: read.manifest }), year), { ...request, format: 'ssda903-csv' })
}
