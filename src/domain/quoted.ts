/**
 * How a finding quotes what was sent: in quotes, at most 100 characters. A finding is stored and
 * shown to whoever reads the run, so it must not become a copy of a hostile 50 MB cell. Personal
 * identifiers (date of birth, NHS number, UPN) are never quoted at all: the finding names the field.
 */
const MAX_QUOTED = 100

export function quoted(value: string): string {
  // Control characters are shown, not sent on: U+0000 cannot even be stored.
  const shown = (value.length > MAX_QUOTED ? value.slice(0, MAX_QUOTED) : value).replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  return value.length > MAX_QUOTED ? `'${shown}...' (${value.length} characters)` : `'${shown}'`
}

/** A list of names sent (columns, elements), as a finding names them: the first ten, each bounded. */
export function namesOf(names: readonly string[]): string[] {
  const shown = names.slice(0, 10).map((n) => (n.length > MAX_QUOTED ? `${n.slice(0, MAX_QUOTED)}...` : n))
  return names.length > 10 ? [...shown, `and ${names.length - 10} more`] : shown
}
