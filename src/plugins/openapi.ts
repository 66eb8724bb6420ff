import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { SCOPES } from '../domain/auth/scopes.ts'
import { webhooksSection } from '../domain/webhooks/openapi.ts'
import { PROBLEM_MEDIA_TYPE } from '../http/problem.ts'
import { SECURITY_SCHEME } from './auth.ts'

const API_VERSION = '0.1.0'

const TAGS = [
  { name: 'health', description: 'Liveness and readiness for the platform.' },
  { name: 'authorities', description: 'The councils (local authorities) this deployment serves.' },
  { name: 'clients', description: 'API clients, their keys, scopes and authorities (admin).' },
  { name: 'audit', description: 'The audit trail of writes and child-level reads (admin).' },
  { name: 'action-plans', description: "The corporate parenting board's action plan: priorities, actions, due dates, RAG status and dated progress." },
  { name: 'code-lists', description: 'The SSDA903 code lists with descriptions, versioned by collection year.' },
  { name: 'children', description: 'Children and their SSDA903 care histories: episodes, placements, periods of care.' },
  {
    name: 'kpis',
    description:
      "KPIs: the catalogue with each counting rule, values at a date with breakdowns and comparators, series, the children behind a figure, and the board's scorecard; JSON or CSV.",
  },
  { name: 'benchmarks', description: 'Comparators for the KPIs (national, statistical neighbours, region, local target), kept by administrators.' },
  { name: 'health-checks', description: "Health checks the health trust posts (by NHS number or child id), and each child's due dates." },
  { name: 'sdq', description: 'SDQ returns from carers, teachers and young people; high scores and the annual SDQs due.' },
  { name: 'care-leavers', description: 'Care leavers: eligibility, personal advisers, pathway plans and reviews, contacts in the 903 OC3 codes.' },
  { name: 'movements', description: 'Admissions, cessations and the monthly movements table.' },
  { name: 'imports', description: 'Nightly snapshots (JSON or SSDA903 files) and the record of every import run.' },
  { name: 'webhooks', description: "Partners' subscriptions to signed event notifications, their delivery logs, and (under webhooks) what each event sends." },
]

/** The OpenAPI 3.1 document is built from the route schemas; /docs serves it with Swagger UI. */
export const openapiPlugin = fp(
  async function openapi(app: FastifyInstance, opts: { ui?: boolean }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Corporate parenting data service',
          version: API_VERSION,
          description:
            'Children in care, their SSDA903 care histories, health and SDQ returns, care leavers, the board action plan ' +
            'and the KPIs computed from them. Every error is application/problem+json (RFC 9457). Every /v1 route needs ' +
            '"Authorization: Bearer <key>"; each route lists the scopes that open it.\n\nScopes:\n' +
            Object.entries(SCOPES)
              .map(([s, d]) => `- \`${s}\`: ${d}`)
              .join('\n'),
        },
        tags: TAGS,
        components: {
          securitySchemes: {
            [SECURITY_SCHEME]: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key issued by an administrator (prefix cpds_). The route lists the scopes it accepts.',
            },
          },
        },
      },
      // OpenAPI 3.1's webhooks: what each event a subscription receives sends (issue #20).
      transformObject: (document) =>
        'openapiObject' in document ? Object.assign(shareProblemResponses(document.openapiObject), { webhooks: webhooksSection() }) : document.swaggerObject,
      refResolver: {
        // Shared schemas keep their own names ($id) in components, e.g. #/components/schemas/Problem.
        buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
      },
    })
    if (opts.ui !== false) {
      await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
    }
  },
  { name: 'openapi', fastify: '5.x' },
)

type Responses = Record<string, unknown>
interface OpenApiShape {
  paths?: Record<string, Record<string, { responses?: Responses } | undefined> | undefined>
  components?: Record<string, unknown>
}

const PROBLEM_REF = '#/components/schemas/Problem'

/** A response that is only a problem+json body (how problemResponse() declares an error status). */
function isProblemResponse(response: unknown): boolean {
  const content = (response as { content?: Record<string, { schema?: { $ref?: unknown } }> } | undefined)?.content
  if (!content) return false
  const types = Object.keys(content)
  return types.length === 1 && types[0] === PROBLEM_MEDIA_TYPE && content[PROBLEM_MEDIA_TYPE]?.schema?.$ref === PROBLEM_REF
}

/**
 * Every route declares its error statuses as problem+json (see commonProblemStatuses): the same few
 * answers, written once in components.responses (Problem400, Problem401, ...) and referred to from
 * each operation, so the document says each once and a generated client names them once.
 */
function shareProblemResponses<T extends object>(doc: T): T {
  const shape = doc as OpenApiShape
  const shared: Responses = {}
  for (const pathItem of Object.values(shape.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      const responses = operation?.responses
      if (!responses) continue
      for (const [status, response] of Object.entries(responses)) {
        if (!isProblemResponse(response)) continue
        const name = `Problem${status}`
        const first = (shared[name] ??= response)
        if (JSON.stringify(first) === JSON.stringify(response)) responses[status] = { $ref: `#/components/responses/${name}` }
      }
    }
  }
  const names = Object.keys(shared).sort()
  const responses = Object.fromEntries(names.map((n) => [n, shared[n]]))
  return { ...doc, components: { ...shape.components, responses } }
}
