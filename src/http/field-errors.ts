import type { FieldError } from './problem.ts'

export type ValidationContext = FieldError['in']

/** One finding of ajv, as Fastify hands it over (request.validationError.validation). */
export interface AjvError {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

/**
 * Turns ajv's findings into one entry per offending field, pointing at the field itself. A nullable or
 * union field fails every branch; the branch errors ("must be null", "must match a schema in anyOf")
 * say less than the one about the value's own type, so the field keeps its most specific message.
 */
export function fieldErrors(validation: AjvError[], context: ValidationContext): FieldError[] {
  const byPointer = new Map<string, { message: string; weight: number }>()
  for (const v of validation) {
    let pointer = v.instancePath ?? ''
    const params = v.params ?? {}
    if (typeof params.missingProperty === 'string') pointer += `/${params.missingProperty}`
    if (typeof params.additionalProperty === 'string') pointer += `/${params.additionalProperty}`
    let message = v.message ?? 'is invalid'
    if (v.keyword === 'additionalProperties') message = 'is not a known field'
    if (v.keyword === 'required') message = 'is required'
    const vague = v.keyword === 'anyOf' || v.keyword === 'oneOf' || (v.keyword === 'type' && params.type === 'null')
    const weight = vague ? 0 : 1
    const key = pointer || '/'
    const seen = byPointer.get(key)
    if (!seen || weight > seen.weight) byPointer.set(key, { message, weight })
  }
  return [...byPointer].map(([pointer, { message }]) => ({ in: context, pointer, message }))
}
