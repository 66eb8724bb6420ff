/**
 * Leaving-care eligibility categories (Children (Leaving Care) Act 2000): eligible (16-17, still looked
 * after), relevant (16-17, left care), former relevant (18 and over), qualifying (entitled to advice and
 * assistance without being eligible or relevant, e.g. looked after at 16 for less than 13 weeks).
 */
export const ELIGIBILITY_CATEGORIES = ['eligible', 'relevant', 'former_relevant', 'qualifying'] as const
export type Eligibility = (typeof ELIGIBILITY_CATEGORIES)[number]
