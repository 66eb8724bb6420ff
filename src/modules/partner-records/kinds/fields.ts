import { normaliseCode } from '../../../domain/code-lists/index.ts'

/** Blank means absent: extracts send '' as often as null. */
export const text = (v: string | null | undefined): string | null => {
  const t = v?.trim()
  return t ? t : null
}

/** A code as stored: trimmed and normalised (upper case); blank is absent. */
export const code = (v: string | null | undefined): string | null => {
  const t = text(v)
  return t === null ? null : normaliseCode(t)
}
