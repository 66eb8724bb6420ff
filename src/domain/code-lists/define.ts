import type { CodeDefinition } from './types.ts'

export interface CodeOptions {
  validFrom?: number
  validTo?: number
  note?: string
}

/** A code definition, open-ended unless the options bound it. */
export function code(value: string, description: string, options: CodeOptions = {}): CodeDefinition {
  const def: CodeDefinition = {
    code: value,
    description,
    validFrom: options.validFrom ?? null,
    validTo: options.validTo ?? null,
  }
  if (options.note !== undefined) def.note = options.note
  return def
}
