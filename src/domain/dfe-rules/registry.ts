/**
 * Every rule the service implements, and the rule set of a collection year: the rules whose span
 * holds the year (a rule the DfE changed appears once per form, with disjoint spans).
 */
import { ad1Rules } from './rules/ad1.ts'
import { crossRules } from './rules/cross.ts'
import { episodeRules } from './rules/episodes.ts'
import { headerRules } from './rules/header.ts'
import { missingRules } from './rules/missing.ts'
import { oc2Rules } from './rules/oc2.ts'
import { oc3Rules } from './rules/oc3.ts'
import { placedAdoptionRules } from './rules/placed-adoption.ts'
import { adoptionRules } from './rules/previous-year-adoption.ts'
import { careLeaverRules } from './rules/previous-year-care-leavers.ts'
import { episodeHistoryRules } from './rules/previous-year-episodes.ts'
import { motherRules } from './rules/previous-year-mother.ts'
import { previousYearRules } from './rules/previous-year.ts'
import { uascRules } from './rules/previous-year-uasc.ts'
import { reviewRules } from './rules/reviews.ts'
import { swEpisodeRules } from './rules/sw-episodes.ts'
import { valueRules } from './rules/values.ts'
import type { DfeRule } from './types.ts'

export const ALL_RULES: readonly DfeRule[] = Object.freeze([
  ...headerRules,
  ...episodeRules,
  ...reviewRules,
  ...missingRules,
  ...oc2Rules,
  ...oc3Rules,
  ...ad1Rules,
  ...placedAdoptionRules,
  ...swEpisodeRules,
  ...valueRules,
  ...crossRules,
  ...previousYearRules,
  ...uascRules,
  ...motherRules,
  ...adoptionRules,
  ...episodeHistoryRules,
  ...careLeaverRules,
])

/** The collection years the service has rule sets for (2024 = 2023-24). */
export const RULE_YEARS: readonly number[] = Object.freeze([2024, 2025, 2026])

export function rulesForYear(year: number): DfeRule[] {
  return ALL_RULES.filter((r) => r.from <= year && (r.to === null || year <= r.to))
}
