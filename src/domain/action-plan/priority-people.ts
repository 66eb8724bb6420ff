/**
 * The row under a priority heading names its champions and leads in one cell: "Councillor Cusworth -
 * Cabinet Member for Children and Young People  Stuart Williams - Assistant Director ...". Entries are
 * separated by a line break or a run of two or more spaces (how the report's table lays them out).
 * Elected members (Councillor, Cllr) are the priority's champions; everyone else is a lead. The cell
 * is stored as written beside the split, so a wrong split loses nothing.
 */
const SEPARATOR = /\n|\s{2,}/
const ELECTED = /^(?:councillor|cllr\.?)\s/i

export function splitPriorityPeople(cell: string | null): { champions: string[]; leads: string[] } {
  const champions: string[] = []
  const leads: string[] = []
  for (const entry of (cell ?? '').split(SEPARATOR)) {
    const person = entry.trim()
    if (person === '') continue
    if (ELECTED.test(person)) champions.push(person)
    else leads.push(person)
  }
  return { champions, leads }
}
