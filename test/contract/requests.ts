import fc from 'fast-check'
import { valueArbitrary } from './arbitraries.ts'
import { resolveRef, typesOf, type JsonSchema, type OpenApiDocument, type Operation, type Parameter } from './schema-walk.ts'

/**
 * Requests for one operation of the contract, built from its declared schemas: valid ones (what a
 * careful client sends, with seeded ids so reads find data) and mutated ones (one thing wrong:
 * a wrong type, U+0000, a huge number or Infinity, an overlong string, an unknown field, a bad path
 * parameter, a wrong content type, malformed or missing JSON, a required field left out).
 */

export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'

export interface FuzzRequest {
  operation: string
  /** 'valid', or the mutation applied. */
  kind: string
  method: Method
  url: string
  headers: Record<string, string>
  payload?: string
}

/** Ids that exist in the seeded data, by path or query parameter name. */
export type Seeds = Record<string, string[]>

export interface RequestSettings {
  doc: OpenApiDocument
  seeds: Seeds
  /** A key holding every scope and every authority. */
  key: string
  /** Operations whose bodies get only shallow mutations (content type, malformed JSON, an unknown top-level field). */
  shallowBodies: ReadonlySet<string>
}

/** A request before it is written out: what the mutations change. */
interface Draft {
  path: Record<string, string>
  /** Path values already written out (percent-encoding and all), for bad path parameters. */
  rawPath: Record<string, string>
  query: Record<string, unknown>
  body: unknown
  /** The body as sent, when a mutation wrote it by hand. */
  rawBody?: string
  contentType?: string
}

/** A number written into the JSON text as it stands (1e400 cannot be a JS number). */
class RawNumber {
  constructor(readonly text: string) {}
}

export const operationName = (op: Operation) => `${op.method} ${op.path}`

const jsonBodySchema = (op: Operation): JsonSchema | undefined => op.requestBody?.content['application/json']?.schema

// The 903 import takes files (multipart or XML): a tiny XML message is its valid body here.
const XML_BODY =
  '<?xml version="1.0" encoding="UTF-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year></CollectionDetails></Header><Children/></Message>'

function parameterArbitrary(settings: RequestSettings, p: Parameter): fc.Arbitrary<unknown> {
  const generated = valueArbitrary(settings.doc, p.schema, { maxItems: 3, seeds: settings.seeds })
  const seeded = settings.seeds[p.name]
  if (!seeded?.length) return generated
  // Mostly ids that exist, so reads find data; sometimes any id the schema allows.
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...seeded) }, { weight: 1, arbitrary: generated })
}

function draftArbitrary(settings: RequestSettings, op: Operation): fc.Arbitrary<Draft> {
  const params = op.parameters ?? []
  const path = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, parameterArbitrary(settings, p).map(String)]))
  const query = Object.fromEntries(
    params
      .filter((p) => p.in === 'query')
      .map((p) => [p.name, p.required ? parameterArbitrary(settings, p) : fc.option(parameterArbitrary(settings, p), { nil: undefined, freq: 2 })]),
  )
  const bodySchema = jsonBodySchema(op)
  const body: fc.Arbitrary<unknown> = bodySchema
    ? valueArbitrary(settings.doc, bodySchema, { maxItems: settings.shallowBodies.has(operationName(op)) ? 1 : 3, seeds: settings.seeds })
    : fc.constant(undefined)
  const xml = !bodySchema && op.requestBody?.content['application/xml']
  return fc.record({ path: fc.record(path), query: fc.record(query), body }).map(({ path, query, body }) => ({
    path,
    rawPath: {},
    query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)),
    body,
    ...(xml ? { rawBody: XML_BODY, contentType: 'application/xml' } : {}),
  }))
}

/** Writes a draft out as the request a client would send. */
function toRequest(settings: RequestSettings, op: Operation, kind: string, draft: Draft): FuzzRequest {
  const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => draft.rawPath[name] ?? encodeURIComponent(draft.path[name] ?? '')) + queryString(draft.query)
  const headers: Record<string, string> = {}
  if (op.security?.length) headers.authorization = `Bearer ${settings.key}`
  let payload: string | undefined
  if (draft.rawBody !== undefined) payload = draft.rawBody
  else if (draft.body !== undefined) payload = writeJson(draft.body)
  const contentType = draft.contentType ?? (payload !== undefined ? 'application/json' : undefined)
  if (contentType !== undefined) headers['content-type'] = contentType
  return { operation: operationName(op), kind, method: op.method as Method, url, headers, ...(payload !== undefined ? { payload } : {}) }
}

function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value])
      search.append(name, v instanceof RawNumber ? v.text : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

const RAW = '\u0001raw\u0001'

function writeJson(body: unknown): string {
  const text = JSON.stringify(body, (_k, v: unknown) => (v instanceof RawNumber ? `${RAW}${v.text}${RAW}` : v))
  return text.replace(/"\\u0001raw\\u0001(.*?)\\u0001raw\\u0001"/g, '$1')
}

// ---- mutations

type Location = { part: 'path' | 'query' | 'body'; keys: Array<string | number>; value: unknown }

/** Every leaf (and object) a mutation may change: path and query parameters and the body's values. */
function locations(draft: Draft): Location[] {
  const out: Location[] = []
  for (const [name, value] of Object.entries(draft.path)) out.push({ part: 'path', keys: [name], value })
  for (const [name, value] of Object.entries(draft.query)) out.push({ part: 'query', keys: [name], value })
  const walk = (value: unknown, keys: Array<string | number>) => {
    out.push({ part: 'body', keys, value })
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...keys, i]))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...keys, k])
  }
  if (draft.body !== undefined && draft.rawBody === undefined) walk(draft.body, [])
  return out
}

function setAt(draft: Draft, at: Location, value: unknown): Draft {
  const next = structuredCloneDraft(draft)
  if (at.part === 'path') {
    next.path[String(at.keys[0])] = String(value)
    return next
  }
  if (at.part === 'query') {
    next.query[String(at.keys[0])] = value
    return next
  }
  if (at.keys.length === 0) {
    next.body = value
    return next
  }
  let node = next.body as Record<string | number, unknown>
  for (const k of at.keys.slice(0, -1)) node = node[k] as Record<string | number, unknown>
  node[at.keys[at.keys.length - 1] as string | number] = value
  return next
}

function structuredCloneDraft(draft: Draft): Draft {
  // RawNumber values only enter a draft through the mutation that is applied last.
  return {
    ...draft,
    path: { ...draft.path },
    rawPath: { ...draft.rawPath },
    query: { ...draft.query },
    body: draft.body === undefined ? undefined : structuredClone(draft.body),
  }
}

const HUGE_JSON = ['1e400', '-1e400', '2147483648', '-2147483649', '9007199254740993', '1e308', '0.5']
const HUGE_QUERY = ['Infinity', '-Infinity', '1e400', 'NaN', '2147483648', '99999999999999999999', '-1', '0x10', '1e3', '']
const WRONG_TYPES: unknown[] = [{}, [], 12345, true, 'text', null, [1, 2], { a: 1 }]
// Not '.' or '..': a client resolves those segments before sending (the URL names another route).
const BAD_PATHS = ['%zz', '%', '%2E%2E%2F', 'a%20b', '%00', '%C3%A9', '%2F', '-1', '0', '99999999999999999999', 'A'.repeat(150), '%F0%9F%98%80', '%E0%A4%A']
const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/jsonx',
  ';;;',
  'application/problem+json',
]
const MALFORMED = [
  '{',
  '{"a":',
  '[1,2',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '"\\ud800"',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  'null',
  '1e400',
]

export const MUTATIONS = [
  'nul',
  'wrong-type',
  'huge-number',
  'overlong',
  'unknown-field',
  'bad-path',
  'content-type',
  'missing-required',
  'malformed-json',
  'empty-body',
] as const
export type Mutation = (typeof MUTATIONS)[number]

const BODY_DEEP: ReadonlySet<Mutation> = new Set(['nul', 'wrong-type', 'huge-number', 'overlong', 'missing-required'])

function isNumberSchemaAt(op: Operation, doc: OpenApiDocument, at: Location): boolean {
  if (at.part === 'body') return typeof at.value === 'number'
  const p = op.parameters?.find((x) => x.name === at.keys[0])
  if (!p) return false
  const types = typesOf(resolveRef<JsonSchema>(doc, p.schema))
  return types.includes('integer') || types.includes('number')
}

/**
 * Applies one mutation (its target picked by `pick`); a mutation that has nothing to act on in this
 * request falls back to an unknown field.
 */
function mutate(settings: RequestSettings, op: Operation, draft: Draft, mutation: Mutation, pick: number): { kind: string; draft: Draft } {
  const shallow = settings.shallowBodies.has(operationName(op))
  const all = locations(draft).filter((l) => !(shallow && l.part === 'body' && BODY_DEEP.has(mutation)))
  const choose = <T>(list: readonly T[]): T | undefined => (list.length ? list[pick % list.length] : undefined)
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE'
  switch (mutation) {
    case 'nul': {
      const at = choose(all.filter((l) => typeof l.value === 'string'))
      if (!at) break
      const s = String(at.value)
      const half = Math.floor(s.length / 2)
      return { kind: `nul ${at.part}`, draft: setAt(draft, at, `${s.slice(0, half)}\u0000${s.slice(half)}`) }
    }
    case 'wrong-type': {
      const at = choose(all.filter((l) => l.part !== 'path'))
      if (!at) break
      const replacement = choose(WRONG_TYPES.filter((v) => typeof v !== typeof at.value || Array.isArray(v) !== Array.isArray(at.value)))
      return {
        kind: `wrong-type ${at.part}`,
        draft: setAt(draft, at, at.part === 'query' && typeof replacement === 'object' ? JSON.stringify(replacement) : replacement),
      }
    }
    case 'huge-number': {
      const numeric = all.filter((l) => l.part !== 'path' && isNumberSchemaAt(op, settings.doc, l))
      const at = choose(numeric.length ? numeric : all.filter((l) => l.part !== 'path'))
      if (!at) break
      const value = at.part === 'query' ? choose(HUGE_QUERY) : new RawNumber(choose(HUGE_JSON) ?? '1e400')
      return { kind: `huge-number ${at.part}`, draft: setAt(draft, at, value) }
    }
    case 'overlong': {
      const at = choose(all.filter((l) => typeof l.value === 'string'))
      if (!at) break
      const length = at.part === 'body' ? choose([300, 5000, 70_000]) : choose([101, 300, 2000])
      return { kind: `overlong ${at.part}`, draft: setAt(draft, at, 'x'.repeat(length ?? 300)) }
    }
    case 'bad-path': {
      const name = choose(Object.keys(draft.path))
      if (name === undefined) break
      return { kind: 'bad-path', draft: { ...structuredCloneDraft(draft), rawPath: { [name]: choose(BAD_PATHS) ?? '%zz' } } }
    }
    case 'content-type': {
      const type = choose(CONTENT_TYPES) ?? 'text/plain'
      const body = draft.rawBody ?? (draft.body === undefined ? 'hello' : writeJson(draft.body))
      return { kind: 'content-type', draft: { ...structuredCloneDraft(draft), rawBody: body, contentType: type } }
    }
    case 'missing-required': {
      const schema = jsonBodySchema(op)
      const required = schema ? resolveRef<JsonSchema>(settings.doc, schema).required : undefined
      const name = Array.isArray(required) ? choose(required as string[]) : undefined
      if (name === undefined || !draft.body || typeof draft.body !== 'object' || shallow) break
      const next = structuredCloneDraft(draft)
      delete (next.body as Record<string, unknown>)[name]
      return { kind: 'missing-required', draft: next }
    }
    case 'malformed-json':
      if (!hasBody) break
      return { kind: 'malformed-json', draft: { ...structuredCloneDraft(draft), rawBody: choose(MALFORMED) ?? '{', contentType: 'application/json' } }
    case 'empty-body':
      if (!hasBody) break
      return { kind: 'empty-body', draft: { ...structuredCloneDraft(draft), rawBody: '', contentType: 'application/json' } }
    case 'unknown-field':
      break
  }
  // An unknown field: in the body when it is an object, otherwise in the query string.
  if (draft.body && typeof draft.body === 'object' && !Array.isArray(draft.body) && draft.rawBody === undefined) {
    return { kind: 'unknown-field body', draft: { ...structuredCloneDraft(draft), body: { ...draft.body, zzUnknown: 1 } } }
  }
  return { kind: 'unknown-field query', draft: { ...structuredCloneDraft(draft), query: { ...draft.query, zzUnknown: '1' } } }
}

/** Valid requests for an operation. */
export function validRequests(settings: RequestSettings, op: Operation): fc.Arbitrary<FuzzRequest> {
  return draftArbitrary(settings, op).map((d) => toRequest(settings, op, 'valid', d))
}

/** Requests with one thing wrong. */
export function mutatedRequests(settings: RequestSettings, op: Operation): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(draftArbitrary(settings, op), fc.constantFrom(...MUTATIONS), fc.nat({ max: 1_000_000 })).map(([draft, mutation, pick]) => {
    const { kind, draft: changed } = mutate(settings, op, draft, mutation, pick)
    return toRequest(settings, op, kind, changed)
  })
}
