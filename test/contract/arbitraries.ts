import fc from 'fast-check'
import { resolveRef, typesOf, type JsonSchema, type OpenApiDocument } from './schema-walk.ts'

/**
 * Values a request schema of the contract accepts, as fast-check arbitraries: what a careful client
 * would send. Sizes are kept small (arrays of at most `maxItems`, strings of at most 40 characters
 * unless the schema asks for more), so a run stays fast; the mutations in requests.ts go beyond them.
 */

export interface ValueOptions {
  /** Longest array generated (the schema's own maxItems when smaller). */
  maxItems: number
  /** Values that exist in the seeded data, by property name (childId, recordId...). */
  seeds?: Record<string, string[]>
}

const NO_NUL = '^[^\\x00]*$'
const NON_BLANK = '^[^\\x00]*[^\\x00\\s][^\\x00]*$'

// Paths are logged, and the test helper fails a file whose logs hold an NHS-number-like number or
// a calendar date: generated text keeps clear of both (the service is not what would be at fault).
const LOOKS_PERSONAL = /\d{3}\s?\d{3}\s?\d{4}|(19|20)\d\d-\d\d-\d\d/

function textArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0
  const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 40, Math.max(40, minLength))
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined
  if (!pattern || pattern === NO_NUL || pattern === NON_BLANK) {
    const text = fc.string({ minLength, maxLength, unit: 'grapheme' }).map((s) => s.replaceAll('\u0000', ''))
    return (pattern === NON_BLANK ? text.filter((s) => s.trim().length > 0) : text).filter((s) => s.length >= minLength && !LOOKS_PERSONAL.test(s))
  }
  return fc.stringMatching(new RegExp(pattern), { maxLength }).filter((s) => s.length >= minLength && !LOOKS_PERSONAL.test(s))
}

const DAY_MS = 86_400_000
const FIRST_DAY = Date.UTC(1995, 0, 1)
const LAST_DAY = Date.UTC(2030, 11, 31)

const isoDate = fc.integer({ min: 0, max: (LAST_DAY - FIRST_DAY) / DAY_MS }).map((d) => new Date(FIRST_DAY + d * DAY_MS).toISOString().slice(0, 10))
const isoDateTime = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map((ms) => new Date(ms).toISOString())

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date') return isoDate
  if (schema.format === 'date-time') return isoDateTime
  if (schema.format === 'uuid') return fc.uuid()
  return textArbitrary(schema)
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000
  if (integer) {
    // Mostly near the low bound (where real values are), sometimes anywhere, sometimes the bounds.
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min, max: Math.min(max, min + 100) }) },
      { weight: 1, arbitrary: fc.integer({ min, max }) },
      { weight: 1, arbitrary: fc.constantFrom(min, max) },
    )
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n))
}

/** An arbitrary for values `schema` accepts (mostly: a rule beyond the schema may still refuse them). */
export function valueArbitrary(doc: OpenApiDocument, raw: JsonSchema, options: ValueOptions, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef<JsonSchema>(doc, raw)
  const generated = schemaArbitrary(doc, schema, options, depth)
  // The schema's own examples are real codes (903 codes, ids): they reach past the schema into the
  // rules, where random text stops at a 422.
  const examples = Array.isArray(schema.examples) ? (schema.examples as unknown[]) : []
  return examples.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...examples) }, { weight: 1, arbitrary: generated }) : generated
}

function schemaArbitrary(doc: OpenApiDocument, schema: JsonSchema, options: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  if ('const' in schema) return fc.constant(schema.const)
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key]
    if (Array.isArray(branches)) return fc.oneof(...branches.map((b) => valueArbitrary(doc, b as JsonSchema, options, depth + 1)))
  }
  const types = typesOf(schema)
  if (types.length > 1) {
    // null now and then; the other types as often as each other.
    return fc.oneof(...types.map((type) => ({ weight: type === 'null' ? 1 : 3, arbitrary: valueArbitrary(doc, { ...schema, type }, options, depth + 1) })))
  }
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema)
    case 'integer':
      return numberArbitrary(schema, true)
    case 'number':
      return numberArbitrary(schema, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return arrayArbitrary(doc, schema, options, depth)
    case 'object':
      return objectArbitrary(doc, schema, options, depth)
    default:
      return depth > 4 ? fc.constant(null) : fc.jsonValue({ maxDepth: 1 })
  }
}

function arrayArbitrary(doc: OpenApiDocument, schema: JsonSchema, options: ValueOptions, depth: number): fc.Arbitrary<unknown[]> {
  const items = (schema.items as JsonSchema | undefined) ?? {}
  const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0
  const maxLength = Math.max(minLength, Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : options.maxItems, options.maxItems))
  const item = valueArbitrary(doc, items, options, depth + 1)
  if (schema.uniqueItems) return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
  return fc.array(item, { minLength, maxLength })
}

function objectArbitrary(doc: OpenApiDocument, schema: JsonSchema, options: ValueOptions, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {}
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : [])
  // `if purge then ... else required [...]` (partner records): a valid record that is not a purge has them.
  const otherwise = (schema.else as JsonSchema | undefined)?.required
  if (Array.isArray(otherwise)) for (const name of otherwise as string[]) required.add(name)
  const names = Object.keys(properties)
  if (names.length === 0) {
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      return fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), valueArbitrary(doc, schema.additionalProperties as JsonSchema, options, depth + 1), {
        maxKeys: 3,
      })
    }
    return fc.constant({})
  }
  const model = Object.fromEntries(
    names.map((n) => {
      const generated = valueArbitrary(doc, properties[n] ?? {}, options, depth + 1)
      const seeded = options.seeds?.[n]
      return [n, seeded?.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...seeded) }, { weight: 1, arbitrary: generated }) : generated]
    }),
  )
  // A purge flag is left out of valid records (purge: true makes the rest optional, which the
  // required fields above would contradict); purges come from the DELETE routes.
  if ('purge' in model) delete model.purge
  const record = fc.record(model, { requiredKeys: names.filter((n) => required.has(n) && n !== 'purge') })
  const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0
  return minProperties > 0 ? record.filter((r) => Object.keys(r).length >= minProperties) : record
}
