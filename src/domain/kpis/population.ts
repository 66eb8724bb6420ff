/**
 * The child population a rate per 10,000 divides by at a date: the latest ONS mid-year estimate (as
 * at 30 June of its year) on or before the date; before the first one held, the authority's single
 * figure (null when it has none). Pure.
 */
export interface PopulationEstimate {
  year: number
  population: number
}

/** The day an estimate describes: 30 June of its year. */
const estimateDate = (year: number) => `${String(year).padStart(4, '0')}-06-30`

export function populationOn(estimates: readonly PopulationEstimate[], asAt: string, fallback: number | null): number | null {
  let best: PopulationEstimate | null = null
  for (const e of estimates) if (estimateDate(e.year) <= asAt && (best === null || e.year > best.year)) best = e
  return best?.population ?? fallback
}
