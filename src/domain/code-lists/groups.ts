/**
 * Groups of codes that care-history, validation and KPI rules test membership of. Plain arrays so
 * they work with `.includes` and as SQL `in` lists.
 */

/** Temporary placements (T0-T4): never a move, never start or end a period of care. */
export const TEMPORARY_PLACEMENTS: readonly string[] = Object.freeze(['T0', 'T1', 'T2', 'T3', 'T4'])

/** Placement types that take no PLACE_PROVIDER (rules 178/213/526). */
export const NO_PROVIDER_PLACEMENTS: readonly string[] = Object.freeze(['T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14'])

/** Placed for adoption (A3-A6). */
export const ADOPTION_PLACEMENTS: readonly string[] = Object.freeze(['A3', 'A4', 'A5', 'A6'])

/** Legal statuses of an agreed series of short-term breaks, left out of "in care" cohorts. */
export const SHORT_BREAK_LEGAL_STATUSES: readonly string[] = Object.freeze(['V3', 'V4'])

/** Foster placements (U1-U6). */
export const FOSTER_PLACEMENTS: readonly string[] = Object.freeze(['U1', 'U2', 'U3', 'U4', 'U5', 'U6'])

/** Care-leaver activities that count as in education, employment or training. */
export const EET_ACTIVITIES: readonly string[] = Object.freeze(['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'])

/**
 * Reasons an episode ended after which the young person is not a care leaver (domain doc 5b): died,
 * care transferred to another authority, adopted, residence/child arrangements order or special
 * guardianship.
 */
export const NOT_CARE_LEAVER_REASONS: readonly string[] = Object.freeze(['E2', 'E3', 'E11', 'E12', 'E41', 'E45', 'E46', 'E47', 'E48'])
