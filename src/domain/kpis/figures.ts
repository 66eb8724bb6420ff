/**
 * From counts to the figures a client sees: the value by the KPI's unit, and small-number
 * suppression for clients that must not see counts of 1 to 4.
 */
import { isSmall } from '../suppression.ts'
import type { KpiCounts, KpiUnit } from './types.ts'

export interface KpiFigures {
  value: number | null
  numerator: number | null
  denominator: number | null
  cohortSize: number | null
  details: Record<string, number | null>
}

/** One decimal place, half away from zero, computed from integers where it can be. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10
}

/**
 * The value of a KPI from its counts. Percentages and rates are rounded to one decimal place (the
 * exact numerator and denominator travel with them); an empty denominator gives null.
 */
export function figuresFrom(unit: KpiUnit, counts: KpiCounts, population: number | null): KpiFigures {
  const base = { cohortSize: counts.cohortSize, details: { ...counts.details } }
  switch (unit) {
    case 'count':
      return { ...base, value: counts.numerator, numerator: counts.numerator, denominator: null }
    case 'percent':
      return {
        ...base,
        value: counts.denominator > 0 ? round1((counts.numerator * 100) / counts.denominator) : null,
        numerator: counts.numerator,
        denominator: counts.denominator,
      }
    case 'rate-per-10000':
      return {
        ...base,
        value: population !== null && population > 0 ? round1((counts.numerator * 10000) / population) : null,
        numerator: counts.numerator,
        denominator: population,
      }
    case 'average':
      return {
        ...base,
        value: counts.measureCount > 0 && counts.measureSum !== null ? round1(counts.measureSum / counts.measureCount) : null,
        numerator: counts.measureSum,
        denominator: counts.measureCount,
      }
    case 'median':
      // A median has no numerator: the denominator is how many values it is the middle of.
      return {
        ...base,
        value: counts.measureCount > 0 && counts.measureMedian !== null ? round1(counts.measureMedian) : null,
        numerator: null,
        denominator: counts.measureCount,
      }
  }
}

/**
 * Small-number suppression: every count from 1 to 4 becomes null, and so does any value built on it.
 * For a percentage the complement (denominator - numerator) is a count too: 97 of 100 discloses the
 * 3 who are not counted, so a small complement withholds the numerator and value as well. An
 * average or a median is withheld when fewer than 5 values contribute to it; a rate when its count is small
 * (the population is public). Zero is shown: "none" discloses no one.
 */
export function suppressFigures(unit: KpiUnit, f: KpiFigures): { figures: KpiFigures; suppressed: boolean } {
  const small = (n: number | null) => n !== null && isSmall(n)
  const out: KpiFigures = { ...f, details: { ...f.details } }
  let suppressed = false
  const hide = <K extends 'value' | 'numerator' | 'denominator' | 'cohortSize'>(k: K) => {
    if (out[k] !== null) {
      out[k] = null
      suppressed = true
    }
  }
  if (small(f.cohortSize)) hide('cohortSize')
  for (const [k, v] of Object.entries(f.details)) {
    if (small(v)) {
      out.details[k] = null
      suppressed = true
    }
  }
  switch (unit) {
    case 'count':
    case 'rate-per-10000':
      if (small(f.numerator)) {
        hide('numerator')
        hide('value')
      }
      break
    case 'percent': {
      const complement = f.numerator !== null && f.denominator !== null ? f.denominator - f.numerator : null
      if (small(f.denominator)) hide('denominator')
      if (small(f.numerator) || small(complement) || small(f.denominator)) {
        hide('numerator')
        hide('value')
      }
      break
    }
    case 'average':
    case 'median':
      if (small(f.denominator)) {
        hide('denominator')
        hide('numerator')
        hide('value')
      }
      break
  }
  return { figures: out, suppressed }
}

/** A breakdown group's figures before suppression (raw) and after it (shown). */
export interface SuppressedGroup {
  raw: KpiFigures
  shown: KpiFigures
  suppressed: boolean
}

/**
 * Secondary suppression of a breakdown. When one group's count is withheld but the total and the
 * other groups are shown, the total minus the others gives it back; so while exactly one group
 * withholds a count that the total shows, the smallest other group showing a non-zero count withholds
 * it too (and the value built on it). Done for numerators, then denominators (a rate's denominator is
 * the public population: left alone). Groups are not changed in place.
 */
export function suppressSecondary(unit: KpiUnit, groups: readonly SuppressedGroup[], total: KpiFigures): SuppressedGroup[] {
  const out = groups.map((g) => ({ ...g, shown: { ...g.shown } }))
  const measures: Array<'numerator' | 'denominator'> = unit === 'rate-per-10000' ? ['numerator'] : ['numerator', 'denominator']
  for (const m of measures) {
    if (total[m] === null) continue
    const counted = (g: SuppressedGroup) => (g.raw[m] ?? 0) > 0
    if (out.filter((g) => counted(g) && g.shown[m] === null).length !== 1) continue
    let next: SuppressedGroup | undefined
    for (const g of out) if (counted(g) && g.shown[m] !== null && (next === undefined || (g.raw[m] ?? 0) < (next.raw[m] ?? 0))) next = g
    if (!next) continue
    next.shown[m] = null
    next.shown.value = null
    next.suppressed = true
  }
  return out
}
