/**
 * Walking the committed OpenAPI document: every operation, and every schema a request part or a
 * response holds, with local $refs followed. Shared by the contract tests and the fuzzer.
 */

export type JsonSchema = { [key: string]: unknown }

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema: JsonSchema
}

export interface MediaType {
  schema?: JsonSchema
}

export interface Response {
  description?: string
  content?: Record<string, MediaType>
  headers?: Record<string, unknown>
}

export interface Operation {
  method: string
  path: string
  security?: Array<Record<string, string[]>>
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content: Record<string, MediaType> }
  responses: Record<string, Response>
}

export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>
  components: { schemas?: Record<string, JsonSchema>; responses?: Record<string, Response> }
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options'])

/** Follows a local reference (#/components/...) to what it names. */
export function resolveRef<T>(doc: OpenApiDocument, value: T | { $ref: string }): T {
  let current: unknown = value
  for (let hops = 0; hops < 10; hops++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref
    if (typeof ref !== 'string') return current as T
    if (!ref.startsWith('#/')) throw new Error(`not a local reference: ${ref}`)
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
    if (current === undefined) throw new Error(`dangling reference: ${ref}`)
  }
  throw new Error('reference loop')
}

/** Every operation of the document, its responses resolved. */
export function operations(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue
      const responses = Object.fromEntries(Object.entries(op.responses).map(([s, r]) => [s, resolveRef<Response>(doc, r)]))
      out.push({ ...op, method: method.toUpperCase(), path, responses })
    }
  }
  return out
}

/** A schema found inside a request part, with where it is (for messages). */
export interface Found {
  schema: JsonSchema
  where: string
}

/**
 * Every subschema under `root` (itself included), $refs followed once per path so recursive
 * schemas end.
 */
export function* subschemas(doc: OpenApiDocument, root: JsonSchema, where: string, seen: ReadonlySet<string> = new Set()): Generator<Found> {
  const ref = root.$ref
  if (typeof ref === 'string') {
    if (seen.has(ref)) return
    yield* subschemas(doc, resolveRef<JsonSchema>(doc, root), `${where}(${ref.split('/').pop()})`, new Set([...seen, ref]))
    return
  }
  yield { schema: root, where }
  const children: Array<[string, unknown]> = []
  for (const key of ['properties', 'patternProperties'] as const) {
    for (const [name, sub] of Object.entries((root[key] as Record<string, unknown> | undefined) ?? {})) children.push([`/${name}`, sub])
  }
  for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const) children.push([`/${key}`, root[key]])
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    const list = root[key]
    if (Array.isArray(list)) list.forEach((sub, i) => children.push([`/${key}/${i}`, sub]))
  }
  for (const [suffix, sub] of children) {
    if (sub && typeof sub === 'object' && !Array.isArray(sub)) yield* subschemas(doc, sub as JsonSchema, `${where}${suffix}`, seen)
  }
}

/** The request schemas of an operation: each parameter's and each request body media type's. */
export function requestSchemas(doc: OpenApiDocument, op: Operation): Found[] {
  const out: Found[] = []
  for (const p of op.parameters ?? []) out.push({ schema: p.schema, where: `${p.in} ${p.name}` })
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) if (media.schema) out.push({ schema: media.schema, where: `body ${type}` })
  return out.flatMap(({ schema, where }) => [...subschemas(doc, schema, where)])
}

export function typesOf(schema: JsonSchema): string[] {
  const type = schema.type
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : []
}

// Atoms of a regular expression: a class, an escape, or one character.
const ATOM = /\[(?:\\.|[^\]\\])*\]|\\u\{[0-9a-fA-F]+\}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\c[A-Za-z]|\\[pP]\{[^}]*\}|\\.|[\s\S]/gu

/**
 * Whether a pattern can match a string holding U+0000: only an atom that matches U+0000 itself can
 * put one in a match (a class, `.`, an escape such as \W or \x00), so each atom is tried alone.
 */
export function patternAdmitsNul(pattern: string): boolean {
  for (const [atom] of pattern.matchAll(ATOM)) {
    if ('^$|()?*+{},:=!<>'.includes(atom) || /^[0-9]$/.test(atom)) continue
    if (atom === '.') return true
    let re: RegExp
    try {
      re = new RegExp(atom, 'u')
    } catch {
      continue // a quantifier's inside ({1,40}) or a group marker: not an atom
    }
    if (re.test('\u0000')) return true
  }
  return false
}

/** Formats whose values can never hold U+0000. */
const NUL_FREE_FORMATS = new Set(['date', 'date-time', 'time', 'uuid', 'email', 'uri', 'ipv4', 'ipv6', 'hostname'])

/** Why a request string schema could let U+0000 through; null when it cannot. */
export function nulHole(schema: JsonSchema): string | null {
  if (!typesOf(schema).includes('string')) return null
  if (Array.isArray(schema.enum) || 'const' in schema) return null
  if (typeof schema.format === 'string' && NUL_FREE_FORMATS.has(schema.format)) return null
  if (typeof schema.pattern === 'string') return patternAdmitsNul(schema.pattern) ? `its pattern ${schema.pattern} admits U+0000` : null
  return 'it has no pattern, format or enum that refuses U+0000'
}

/** The largest integer a PostgreSQL integer column holds. */
export const INT4_MAX = 2_147_483_647

/** Why a request number schema could let a value through that no column holds; null when it cannot. */
export function boundHole(schema: JsonSchema): string | null {
  const types = typesOf(schema)
  const integer = types.includes('integer')
  if (!integer && !types.includes('number')) return null
  if (Array.isArray(schema.enum) || 'const' in schema) return null
  const { minimum, maximum } = schema
  if (typeof minimum !== 'number' || typeof maximum !== 'number') return 'it has no minimum and maximum'
  if (integer && (minimum < -INT4_MAX - 1 || maximum > INT4_MAX)) return `its bounds ${minimum}..${maximum} pass a PostgreSQL integer`
  return null
}

/**
 * Why a request date could name a day PostgreSQL cannot hold (year 0000) or the date rules do not
 * serve; null when it carries a year-bounded pattern (DATE_PATTERN in src/http/schemas.ts).
 */
export function dateHole(schema: JsonSchema): string | null {
  if (schema.format !== 'date') return null
  if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^(19')) return null
  return 'a date without a year-bounded pattern'
}
