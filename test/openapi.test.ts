import { readFileSync } from 'node:fs'
import SwaggerParser from '@apidevtools/swagger-parser'
import t from 'tap'
import { generateOpenApiDocument } from '../src/openapi-document.ts'

const generated = await generateOpenApiDocument()

t.test('openapi/openapi.json is current (run `npm run openapi` when this fails)', async (t) => {
  const committed = readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')
  t.ok(committed === generated, 'the committed contract matches the code')
})

t.test('the document is valid OpenAPI 3.1', async (t) => {
  const doc = JSON.parse(generated)
  t.equal(doc.openapi, '3.1.0')
  await t.resolves(SwaggerParser.validate(structuredClone(doc)))
})

t.test('every /v1 operation declares its scopes and its error responses', async (t) => {
  const doc = JSON.parse(generated) as { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>> }
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1')) continue
    for (const [method, op] of Object.entries(ops)) {
      t.ok(op.security && op.security.length > 0, `${method} ${path} has security`)
      t.ok(op.responses['401'] && op.responses['403'], `${method} ${path} documents 401 and 403`)
    }
  }
})
