/**
 * Action refs: "1.1", "4.3.2", "12.1". A ref's first number is its priority ("4.3.2" sits under
 * priority 4) and, under a section heading such as "4.3", it starts with the section's numbers.
 * A ref that does not fit is reported, never renumbered: the 2025 plan has "21.5" under section 2.1,
 * which reads like 2.1.5, but only the board can say so.
 */

const REF = /^\d+(?:\.\d+)*\.?$/

/** [4, 3, 2] for "4.3.2" (a trailing dot is allowed); null when it is not dotted numbers. */
export function parseRef(ref: string): number[] | null {
  const text = ref.trim()
  if (!REF.test(text)) return null
  return text
    .replace(/\.$/, '')
    .split('.')
    .map((n) => Number(n))
}

export type RefProblem = 'unparsable' | 'priority_mismatch' | 'section_mismatch'

export interface RefFit {
  parts: number[] | null
  fits: boolean
  problems: RefProblem[]
  /** A ref the numbers may have been meant as ("2.1.5" for "21.5"): a hint for people, never applied. */
  suggestion: string | null
}

export interface RefContext {
  /** The priority the ref sits under; null when not known (then only the section is checked). */
  priority: number | null
  /** The section heading's ref ("2.1") when the ref sits under one. */
  section?: string | null
}

function startsWith(parts: readonly number[], prefix: readonly number[]): boolean {
  return parts.length > prefix.length && prefix.every((n, i) => parts[i] === n)
}

/** "21.5" in priority 2 -> [2, 1, 5]: the first number split after the priority's digits. */
function suggest(parts: readonly number[], priority: number, section: number[] | null): string | null {
  const [first, ...rest] = parts
  const head = String(priority)
  const firstText = String(first)
  if (!firstText.startsWith(head) || firstText.length === head.length) return null
  const candidate = [priority, Number(firstText.slice(head.length)), ...rest]
  if (section !== null && !startsWith(candidate, section)) return null
  return candidate.join('.')
}

export function checkRefFits(ref: string, context: RefContext): RefFit {
  const parts = parseRef(ref)
  if (parts === null) return { parts: null, fits: false, problems: ['unparsable'], suggestion: null }
  const problems: RefProblem[] = []
  if (context.priority !== null && parts[0] !== context.priority) problems.push('priority_mismatch')
  const section = context.section === undefined || context.section === null ? null : parseRef(context.section)
  if (section !== null && !startsWith(parts, section)) problems.push('section_mismatch')
  const suggestion = problems.length > 0 && context.priority !== null ? suggest(parts, context.priority, section) : null
  return { parts, fits: problems.length === 0, problems, suggestion }
}

/** Orders refs by their numbers: "2.2" < "2.10" < "10.1"; refs that do not parse sort last, as text. */
export function compareRefs(a: string, b: string): number {
  const pa = parseRef(a)
  const pb = parseRef(b)
  if (pa === null || pb === null) {
    if (pa !== null) return -1
    if (pb !== null) return 1
    return a < b ? -1 : a > b ? 1 : 0
  }
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (x !== y) return x - y
  }
  return 0
}

/**
 * Why a ref does not fit its priority or section, or null when it fits (or there is none). Never
 * renumbers: "21.5" under section 2.1 is kept and gets "perhaps 2.1.5".
 */
export function refNote(ref: string | null, priority: number | null, section: string | null): string | null {
  if (ref === null) return null
  const fit = checkRefFits(ref, { priority, section })
  if (fit.fits) return null
  if (fit.parts === null) return `ref ${JSON.stringify(ref)} is not dotted numbers; kept as written`
  const where = [
    fit.problems.includes('priority_mismatch') && priority !== null ? `priority ${priority}` : null,
    fit.problems.includes('section_mismatch') && section !== null ? `section ${section}` : null,
  ]
    .filter((w) => w !== null)
    .join(' or ')
  const hint = fit.suggestion === null ? '' : ` (perhaps ${fit.suggestion})`
  return `ref ${ref} does not fit ${where}${hint}; kept as written`
}
