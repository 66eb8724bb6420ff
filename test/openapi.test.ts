import { readFileSync } from 'node:fs'
import SwaggerParser from '@apidevtools/swagger-parser'
import t from 'tap'
import { commonProblemStatuses } from '../src/http/problem.ts'
import { generateOpenApiDocument } from '../src/openapi-document.ts'
import { boundHole, dateHole, nulHole, operations, requestSchemas, subschemas, typesOf, type JsonSchema, type OpenApiDocument } from './contract/schema-walk.ts'

const generated = await generateOpenApiDocument()
const doc = JSON.parse(generated) as OpenApiDocument

t.test('openapi/openapi.json is current (run `npm run openapi` when this fails)', async (t) => {
  const committed = readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')
  t.ok(committed === generated, 'the committed contract matches the code')
})

t.test('the document is valid OpenAPI 3.1', async (t) => {
  t.equal(doc.openapi, '3.1.0')
  await t.resolves(SwaggerParser.validate(JSON.parse(generated) as Parameters<typeof SwaggerParser.validate>[0]))
})

t.test('every /v1 operation declares its scopes', async (t) => {
  for (const op of operations(doc)) {
    if (!op.path.startsWith('/v1')) continue
    t.ok(op.security && op.security.length > 0, `${op.method} ${op.path} has security`)
  }
})

t.test('every operation declares the error statuses it can give, each as problem+json only', async (t) => {
  for (const op of operations(doc)) {
    const name = `${op.method} ${op.path}`
    const expected = commonProblemStatuses({
      method: op.method,
      secured: Boolean(op.security?.length),
      validates: Boolean(op.parameters?.length || op.requestBody),
    })
    const missing = expected.filter((s) => !op.responses[String(s)])
    t.same(missing, [], `${name} declares ${expected.join(', ')}`)
    if (op.path.startsWith('/v1')) t.ok(op.responses['401'] && op.responses['403'] && op.responses['429'], `${name}: 401, 403 and 429`)
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) < 400) continue
      t.same(Object.keys(response.content ?? {}), ['application/problem+json'], `${name} ${status} is application/problem+json`)
    }
  }
})

t.test('a 429 and a 503 declare Retry-After', async (t) => {
  for (const status of ['429', '503']) {
    const response = doc.components.responses?.[`Problem${status}`]
    t.ok(response?.headers?.['retry-after'], `${status} has retry-after`)
  }
})

t.test('every request string refuses U+0000, every request date is bounded, every request number is bounded', async (t) => {
  const holes: string[] = []
  for (const op of operations(doc)) {
    const name = `${op.method} ${op.path}`
    for (const found of requestSchemas(doc, op)) {
      const hole = nulHole(found.schema) ?? dateHole(found.schema) ?? boundHole(found.schema)
      if (hole) holes.push(`${name} ${found.where}: ${hole}`)
    }
  }
  t.same(holes, [], 'no stray schema (use Text, NonBlank, DateParam and Int from src/http/schemas.ts)')
})

t.test('a nullable enum lists null among its values, so strict clients accept the null they get', async (t) => {
  const wrong: string[] = []
  const roots: Array<[string, JsonSchema]> = Object.entries(doc.components.schemas ?? {})
  for (const op of operations(doc)) {
    for (const [status, response] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(response.content ?? {}))
        if (media.schema) roots.push([`${op.method} ${op.path} ${status} ${type}`, media.schema])
    }
  }
  for (const op of operations(doc)) for (const found of requestSchemas(doc, op)) roots.push([`${op.method} ${op.path} ${found.where}`, found.schema])
  for (const [where, root] of roots) {
    for (const found of subschemas(doc, root, where)) {
      const values = found.schema.enum
      if (Array.isArray(values) && typesOf(found.schema).includes('null') && !values.includes(null)) wrong.push(found.where)
    }
  }
  t.same([...new Set(wrong)], [])
})
