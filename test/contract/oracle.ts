import { Ajv2020 } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'
import type { JsonSchema, OpenApiDocument, Operation } from './schema-walk.ts'

/**
 * What every answer must be, whatever was asked: never a 5xx; a status the operation declares; a
 * 4xx as application/problem+json carrying the request id; a body valid against the schema declared
 * for its status and media type. The dereferenced document is the one to pass (no $refs left).
 */

export interface Answer {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
}

export class Oracle {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true })
  private readonly validators = new Map<string, ReturnType<Ajv2020['compile']>>()

  constructor(private readonly dereferenced: OpenApiDocument) {
    // A CommonJS module: its plugin is module.exports, and .default on it.
    ajvFormats.default(this.ajv)
  }

  /** The operation as the dereferenced document has it (responses and schemas inline). */
  operation(op: Operation): Operation {
    const item = this.dereferenced.paths[op.path]?.[op.method.toLowerCase()]
    if (!item) throw new Error(`no operation ${op.method} ${op.path}`)
    return { ...item, method: op.method, path: op.path }
  }

  /** Every way the answer breaks the contract; empty when it keeps it. */
  judge(op: Operation, answer: Answer): string[] {
    const problems: string[] = []
    const status = answer.statusCode
    const mediaType =
      String(answer.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase() ?? ''
    const body = parseBody(mediaType, answer.body)
    if (status >= 500) problems.push(`answered ${status}`)
    if (status >= 400) {
      if (mediaType !== 'application/problem+json') problems.push(`a ${status} as ${mediaType || 'no content type'}, not application/problem+json`)
      const requestId = answer.headers['x-request-id']
      const problem = body as { requestId?: unknown } | undefined
      if (typeof requestId !== 'string' || problem?.requestId !== requestId)
        problems.push(`a ${status} without the request id (header ${String(requestId)}, body ${String(problem?.requestId)})`)
    }
    if (status === 404 && unrouted(body)) return problems // no route matched: not this operation's answer
    const declared = this.operation(op).responses[String(status)]
    if (!declared) {
      problems.push(`status ${status} is not declared`)
      return problems
    }
    const content = declared.content ?? {}
    if (Object.keys(content).length === 0) {
      if (answer.body !== '') problems.push(`a ${status} with a body, where none is declared`)
      return problems
    }
    const media = content[mediaType]
    if (!media) {
      problems.push(`a ${status} as ${mediaType || 'no content type'}, declared: ${Object.keys(content).join(', ')}`)
      return problems
    }
    if (media.schema) {
      const validate = this.validator(`${op.method} ${op.path} ${status} ${mediaType}`, media.schema)
      if (!validate(body)) {
        const first = validate.errors?.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
        problems.push(`a ${status} body does not match its schema: ${first?.join('; ')}`)
      }
    }
    return problems
  }

  private validator(key: string, schema: JsonSchema) {
    let validate = this.validators.get(key)
    if (!validate) {
      validate = this.ajv.compile(schema)
      this.validators.set(key, validate)
    }
    return validate
  }
}

function parseBody(mediaType: string, text: string): unknown {
  if (!mediaType.endsWith('json')) return text
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** The not-found handler's answer: the path matched no route at all. */
function unrouted(body: unknown): boolean {
  const detail = (body as { detail?: unknown } | undefined)?.detail
  return typeof detail === 'string' && detail.startsWith('No route ')
}
