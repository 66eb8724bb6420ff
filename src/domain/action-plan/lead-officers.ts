/**
 * Splits a Lead Officer cell into one entry per officer; the caller keeps the cell as written.
 *
 * Always a separator: new line, "/", ";", "&". Only between two names: "and" and "," ("Sarah Green and
 * Kim Wilson" is two officers, "AP and APs from Leaving Care and CiC." is one), because both also occur
 * inside role descriptions ("Service Manager, Fostering"). Enclosing brackets are dropped from an entry
 * ("(Tina Hohn)" -> "Tina Hohn").
 */

// Two to four capitalised words: "Kim Wilson", "Kirsty-Louise Littlewood", "Helen O'Neill".
const PERSON = /^[A-Z][\p{L}'’-]*(?:\s+[A-Z][\p{L}'’-]*){1,3}$/u

function splitBetweenNames(part: string, separator: RegExp): string[] {
  const pieces = part.split(separator).map((p) => p.trim())
  return pieces.length > 1 && pieces.every((p) => PERSON.test(p)) ? pieces : [part]
}

function unbracket(s: string): string {
  const m = /^\((.*)\)$/s.exec(s)
  return m === null ? s : (m[1] ?? '').trim()
}

export function splitLeadOfficers(cell: string): string[] {
  return cell
    .split(/[\n/;&]/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .flatMap((p) => splitBetweenNames(p, /\s+and\s+/))
    .flatMap((p) => splitBetweenNames(p, /\s*,\s*/))
    .map(unbracket)
    .filter((p) => p !== '')
}
