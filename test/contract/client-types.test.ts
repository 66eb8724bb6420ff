import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'
import t from 'tap'
import ts from 'typescript'

/**
 * A client generated from the committed contract compiles, and says what the service answers: the
 * types openapi-typescript makes of openapi/openapi.json, and a few typed uses of them (a list page,
 * a problem for a 404 and a 503, a null in a nullable enum), compiled strictly with the TypeScript
 * compiler in process. An undeclared status must not compile.
 */

const USAGE = `
import type { components, paths } from './openapi'

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer B } } } } ? B : never
type ProblemOf<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends { responses: { [K in S]: { content: { 'application/problem+json': infer B } } } } ? B : never

export const page: Json<'/v1/authorities/{la}/children', 'get', 200> = { items: [], nextCursor: null }

export const missing: ProblemOf<'/v1/authorities/{la}/children/{childId}', 'get', 404> = {
  type: 'https://corporate-parenting.example/problems/not-found',
  title: 'Not Found',
  status: 404,
  instance: '/v1/authorities/372/children/C1',
  requestId: 'abc',
}
export const busy: ProblemOf<'/health/ready', 'get', 503> = { type: 'x', title: 'Service Unavailable', status: 503, requestId: 'r' }
export const tooLarge: ProblemOf<'/v1/authorities/{la}/benchmarks', 'put', 413> = { type: 'x', title: 'Content Too Large', status: 413, requestId: 'r' }
export const limited: ProblemOf<'/v1/kpis', 'get', 429> = { type: 'x', title: 'Too Many Requests', status: 429, requestId: 'r' }

// A nullable enum takes null (a strict client refused the service's own answers before).
export const noStatus: components['schemas']['ActionItem']['status'] = null
export const complete: components['schemas']['ActionItem']['status'] = 'complete'

// @ts-expect-error a status the operation does not declare has no type
export const undeclared: paths['/v1/kpis']['get']['responses'][418] = {}
`

t.test('a client generated from openapi/openapi.json compiles and types what the service answers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cpds-client-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Parameters<typeof openapiTS>[0]
  writeFileSync(join(dir, 'openapi.ts'), astToString(await openapiTS(document)))
  writeFileSync(join(dir, 'usage.ts'), USAGE)

  const program = ts.createProgram([join(dir, 'usage.ts')], {
    strict: true,
    noEmit: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  })
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
  t.same(diagnostics, [], 'no compile errors')
})
