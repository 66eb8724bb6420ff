/**
 * The KPI catalogue: one definition per KPI. The SQL that computes each one lives in
 * src/modules/kpis/queries/, keyed by the same id; a test checks the two lists match.
 *
 * Rules referred to: the domain doc (shared/domain/ssda903-and-kpis.md) sections 5, 5a and 5b.
 * Where those are silent the definition says what was chosen ("Choice: ...").
 */
import { sdqBandRange, sdqBandsText } from '../health/sdq.ts'
import type { Dimension, KpiDefinition } from './types.ts'

const CHILD_DIMENSIONS: readonly Dimension[] = ['ageBand', 'sex', 'ethnicityGroup', 'uasc']
const IN_CARE_DIMENSIONS: readonly Dimension[] = [...CHILD_DIMENSIONS, 'legalStatus', 'placementType', 'provider']

const IN_CARE_AT =
  '5a "in care at D": an episode with DECOM on or before D and DEC empty or after D; a child whose care ended on D ' +
  'is not in care on D; children whose episode on D has legal status V3 or V4 (short breaks) are left out.'
const TIME_IN_CARE =
  '5b time in care: it starts at the latest admission by 5a, which is the start of the period of care, or, for a ' +
  'child who moved from V3/V4 short breaks into other care inside one period of care, that change; short-break time ' +
  'never counts.'
const HEALTH_COHORT =
  '5b health cohort: in care at D (5a), whose current time in care started on or before D minus 12 months (month ' +
  `arithmetic, day clamped to the month end). ${TIME_IN_CARE}`
const TWELVE_MONTHS = '"The 12 months" is from D minus 12 months (exclusive) to D (inclusive); records dated after D are never used.'
const COMPLETED = 'Only health records with outcome "completed" count (did not attend, cancelled and declined never count).'
const CARE_LEAVER_ON =
  '5b care leaver on a day X: not in care on X; 91 days or more in care on or after the 14th birthday (periods added ' +
  'up, V3/V4 episodes ignored), some of it on or after the 16th birthday; the latest cessation on or before X is not ' +
  'E2, E3, E11, E12, E41 or E45-E48. A 29 February birthday falls on 1 March in other years.'
const BIRTHDAY_CONTACT =
  '5b: the contact used is the one nearest the birthday from 3 months before it to 1 month after it (both inclusive, ' +
  'and on or before D); on a tie the later one (Choice: two contacts on the same day, the one with the greater record ' +
  'id). A contact recording death (DIED) or return home (RHOM) removes the young person from the denominator; no ' +
  'contact in the window counts as not in touch, not suitably accommodated and not in education, employment or ' +
  'training. Choice: whether the young person is a care leaver is judged on the birthday itself (the DfE return ' +
  'excludes young people still looked after on their birthday).'
const LEAVERS_17_21 =
  '5b pathway plan and personal adviser cohort: care leavers on D aged 17 to 21 at D (age in whole years), less those ' +
  'whose latest contact on or before D records death (DIED) or return home (RHOM).'

const SCHOOL_YEARS =
  '5c school years: a national curriculum year is the age on the 31 August before the academic year (1 September to ' +
  '31 August), less 4 (4: Reception, 5: Year 1 ... 15: Year 11); terms autumn 1 September-31 December, spring 1 ' +
  'January-31 March, summer 1 April-31 August.'
const IN_CARE_DURING =
  '5c "in care during the 12 months": in care by 5a (V3/V4 short breaks left out) on at least one day from D minus 12 ' +
  'months plus a day to D; a child whose care ended on that first day is out (the DEC day is not in care).'
const WORKING_DAYS = 'Working days are Monday to Friday less England and Wales bank holidays, substitute and one-off days included.'

const def = (d: Omit<KpiDefinition, 'version' | 'details' | 'defaultBreakdown' | 'lookBackMonths' | 'periodKind'> & Partial<KpiDefinition>): KpiDefinition => ({
  version: 1,
  details: [],
  defaultBreakdown: null,
  lookBackMonths: null,
  periodKind: 'at-date',
  ...d,
})

const careLeaverOutcome = (ages: '17-18' | '19-21', what: 'in-touch' | 'suitable-accommodation' | 'eet'): KpiDefinition => {
  const birthdays = ages === '17-18' ? '17th or 18th' : '19th, 20th or 21st'
  const titles = {
    'in-touch': 'in touch',
    'suitable-accommodation': 'in suitable accommodation',
    eet: 'in education, employment or training',
  }
  const numerators = {
    'in-touch': 'The contact records in touch (YES).',
    'suitable-accommodation': 'The contact records accommodation with suitability 1 (suitable).',
    eet: 'The contact records activity F1, P1, F2, P2, F4, P4, F5 or P5.',
  }
  return def({
    id: `care-leavers-${ages}-${what}`,
    title: `Care leavers aged ${ages} ${titles[what]}`,
    description: `Of the care leavers whose ${birthdays} birthday fell in the 12 months to the date, the percentage ${titles[what]} around that birthday.`,
    rule: `${CARE_LEAVER_ON} ${BIRTHDAY_CONTACT} ${TWELVE_MONTHS}`,
    cohort: `Young people whose ${birthdays} birthday falls in the 12 months and who were care leavers on that birthday.`,
    numerator: numerators[what],
    denominator: 'The cohort less those whose contact records death or return home.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: CHILD_DIMENSIONS,
    headline: true,
    details: [
      { key: 'noContact', description: 'In the denominator with no contact in the window around the birthday.' },
      { key: 'diedOrReturnedHome', description: 'Left out of the denominator: the contact records death or return home.' },
    ],
    sources: ['care-history', 'care-leavers'],
  })
}

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  // Children in care and care leavers: the numbers.
  def({
    id: 'children-in-care',
    title: 'Children in care',
    description: 'The number of children looked after on the date.',
    rule: IN_CARE_AT,
    cohort: 'Children in care at D.',
    numerator: 'Every child in the cohort.',
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'children-in-care-rate',
    title: 'Children in care per 10,000 children',
    description: "Children looked after on the date per 10,000 children under 18 living in the authority's area.",
    rule: `${IN_CARE_AT} The population is the authority's child population (0-17): the latest ONS mid-year estimate (as at 30 June) on or before the date set with PUT /v1/authorities/{la}/populations, else the figure set on the authority; without either the value is null.`,
    cohort: 'Children in care at D.',
    numerator: 'Children in care at D.',
    denominator: "The authority's population aged under 18.",
    unit: 'rate-per-10000',
    higherIsBetter: null,
    breakdowns: [],
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'uasc-in-care',
    title: 'Unaccompanied asylum-seeking children in care',
    description: 'The number of children in care on the date who are unaccompanied asylum-seeking children.',
    rule: `${IN_CARE_AT} UASC on D: the child is recorded as UASC and the UASC status had not ceased on or before D.`,
    cohort: 'Children in care at D.',
    numerator: 'Children in the cohort who are UASC on D.',
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    breakdowns: ['ageBand', 'sex', 'ethnicityGroup', 'legalStatus', 'placementType', 'provider'],
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'care-leavers',
    title: 'Care leavers aged 17 to 21',
    description: 'The number of care leavers (relevant and former relevant) aged 17 to 21 on the date.',
    rule: `${CARE_LEAVER_ON} ${LEAVERS_17_21} Choice: the count uses the same cohort as the pathway plan and personal adviser KPIs (the ages the DfE collects care leavers at).`,
    cohort: 'Care leavers on D aged 17 to 21 at D.',
    numerator: 'The cohort, less those whose latest contact records death or return home.',
    details: [{ key: 'diedOrReturnedHome', description: 'Left out: the latest contact on or before D records death or return home.' }],
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    breakdowns: CHILD_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'care-leavers'],
  }),

  // Flows.
  def({
    id: 'admissions',
    title: 'Children who came into care',
    description: 'The number of admissions to care in the period (a child admitted twice counts twice).',
    rule:
      '5a admission: an episode with RNE S, dated DECOM, not a V3/V4 short break; a change from a short break to other ' +
      'care inside one period of care also counts, so that children in care at the end = at the start + admissions - ' +
      'cessations. Period: from..to inclusive; asAt alone means the 12 months to asAt; year means the collection year.',
    cohort: 'Admissions dated in the period.',
    numerator: 'Every admission in the cohort.',
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    periodKind: 'period',
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'cessations',
    title: 'Children who left care, by reason',
    description: 'The number of cessations from care in the period, split by the reason the episode ended.',
    rule:
      '5a cessation: an episode whose REC is set and is not X1, dated DEC, not a V3/V4 short break; a change from care ' +
      'to a short break inside one period of care also counts (its REC is X1). Period as for admissions.',
    cohort: 'Cessations dated in the period.',
    numerator: 'Every cessation in the cohort.',
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    periodKind: 'period',
    breakdowns: [...IN_CARE_DIMENSIONS, 'reasonEnded'],
    defaultBreakdown: 'reasonEnded',
    headline: true,
    sources: ['care-history'],
  }),

  // Placements at the date.
  def({
    id: 'placement-type-mix',
    title: 'Children in care by placement type',
    description: 'Children in care on the date, split by the placement type (PLACE) of the episode open that day.',
    rule: `${IN_CARE_AT} Each breakdown row carries its share of the total.`,
    cohort: 'Children in care at D.',
    numerator: 'Every child in the cohort.',
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    breakdowns: IN_CARE_DIMENSIONS,
    defaultBreakdown: 'placementType',
    headline: false,
    sources: ['care-history'],
  }),
  def({
    id: 'provider-mix',
    title: 'Children in care by placement provider',
    description:
      'Children in care on the date, split by the placement provider (PLACE_PROVIDER) of the episode open that day; "none" for temporary and Z placements.',
    rule: `${IN_CARE_AT} Each breakdown row carries its share of the total.`,
    cohort: 'Children in care at D.',
    numerator: 'Every child in the cohort.',
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    breakdowns: IN_CARE_DIMENSIONS,
    defaultBreakdown: 'provider',
    headline: false,
    sources: ['care-history'],
  }),
  def({
    id: 'foster-placement-share',
    title: 'Children in care placed in foster care',
    description: 'The percentage of children in care on the date whose placement that day is a foster placement (U1-U6).',
    rule: `${IN_CARE_AT} Choice: a child in a temporary placement (T0-T4) on D is counted by that temporary placement, so is not in foster care that day.`,
    cohort: 'Children in care at D.',
    numerator: 'Those whose episode on D has PLACE U1-U6.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: [...CHILD_DIMENSIONS, 'legalStatus', 'provider'],
    headline: true,
    sources: ['care-history'],
  }),

  // Stability.
  def({
    id: 'short-term-stability',
    title: 'Children with 3 or more placements in 12 months',
    description: 'The percentage of children in care on the date who had three or more placements in the 12 months to the date.',
    rule:
      `5a short-term stability. ${IN_CARE_AT} Window: D minus 12 months plus one day, to D. Placements = 1 if the child was ` +
      "in care on the window's first day (whatever the episode then), plus each move whose DECOM is after the window's " +
      'first day and on or before D. A move (5a) is an episode with RNE S, P or B whose PLACE is not T0-T4 and which is ' +
      'not the return from a temporary placement; RNE L, T and U are never moves. Choice: episodes with legal status ' +
      'V3/V4 are never counted as placements (the DfE leaves short breaks out of its figures).',
    cohort: 'Children in care at D.',
    numerator: 'Those with 3 or more placements in the window.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: false,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'short-term-stability-2-year',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Children in care 2 years with 3 or more placements in 2 years',
    description: 'The percentage of children in care continuously for 2 years on the date who had three or more placements in those 2 years.',
    rule:
      '5a short-term stability, 2-year variant: as the 12-month measure with a 24-month window (D minus 24 months plus ' +
      'one day, to D). Cohort: in care at D (5a) whose current time in care started on or before D minus 24 months ' +
      '(Choice: "continuously for 2 years" read as the current time in care starting on or before D minus 24 ' +
      `months, the same form 5a uses for long-term stability). ${TIME_IN_CARE} V3/V4 episodes are never placements.`,
    cohort: 'Children in care at D whose current time in care started on or before D minus 24 months.',
    numerator: 'Those with 3 or more placements in the 24-month window.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: false,
    lookBackMonths: 24,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'long-term-stability',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Long-term placement stability',
    description:
      'Of children under 16 in care for 2.5 years or more, the percentage who have lived in the same placement for 2 years or more, or are placed for adoption and their adoptive placement together with the one before it has lasted 2 years.',
    rule:
      `5a long-term stability. ${IN_CARE_AT} Cohort: in care at D, aged under 16 at D (whole years), whose current time ` +
      `in care started on or before D minus 30 months (month arithmetic, day clamped to the month end). ${TIME_IN_CARE} ` +
      'Numerator: the current placement spell (from a move to the next move, 5a; it cannot begin before the time in ' +
      'care) started on or before D minus 24 months, or the child is placed for adoption (PLACE A3-A6 on D) and the ' +
      'placement spell before the adoptive one, in the same period of care, started on or before D minus 24 months.',
    cohort: 'Children in care at D, under 16, whose time in care started on or before D minus 30 months.',
    numerator: 'Those in the same placement spell since D minus 24 months, or placed for adoption as above.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history'],
  }),

  // Where children live.
  def({
    id: 'in-house-share',
    title: "Children placed in the council's own provision",
    description: "The percentage of children in care on the date with a placement provider who are placed in the council's own provision (PR1).",
    rule: `5a in-house share. ${IN_CARE_AT} Cohort: those whose episode on D has a PLACE_PROVIDER (temporary and Z placements have none). Numerator: provider PR1.`,
    cohort: 'Children in care at D whose episode on D has a placement provider.',
    numerator: 'Provider PR1.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: [...CHILD_DIMENSIONS, 'legalStatus', 'placementType'],
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'in-house-fostering-share',
    title: "Children in foster care placed with the council's own foster carers",
    description: "Of children in foster placements (U1-U6) on the date, the percentage placed in the council's own provision (PR1).",
    rule: `5a in-house share, fostering variant. ${IN_CARE_AT} Cohort: episode on D with PLACE U1-U6 and a provider. Numerator: provider PR1.`,
    cohort: 'Children in care at D in a foster placement (U1-U6).',
    numerator: 'Provider PR1.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: [...CHILD_DIMENSIONS, 'legalStatus', 'placementType'],
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'in-house-residential-share',
    title: "Children in residential care placed in the council's own homes",
    description:
      "Of children in secure or children's homes or residential care homes (K1, K2, R1) on the date, the percentage placed in the council's own provision (PR1).",
    rule: `5a in-house share, residential variant. ${IN_CARE_AT} Cohort: episode on D with PLACE K1, K2 or R1 and a provider. Numerator: provider PR1.`,
    cohort: 'Children in care at D placed in K1, K2 or R1.',
    numerator: 'Provider PR1.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: [...CHILD_DIMENSIONS, 'legalStatus', 'placementType'],
    headline: true,
    sources: ['care-history'],
  }),
  def({
    id: 'placed-inside-authority',
    title: "Children placed inside the authority's area",
    description: "Of children in care on the date whose placement's local authority is known, the percentage placed inside the council's own area.",
    rule:
      `${IN_CARE_AT} The placement's authority is the one on the episode open on D (placementLa: as sent, else derived from the postcodes). Children ` +
      'whose episode on D has no placement authority are left out of the denominator and reported as unknown.',
    cohort: 'Children in care at D.',
    numerator: "Placement authority equal to the council's own code.",
    denominator: 'The cohort whose placement authority is known.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    details: [{ key: 'unknown', description: 'Children in the cohort whose placement authority is not recorded.' }],
    sources: ['care-history'],
  }),
  def({
    id: 'placed-over-20-miles',
    title: 'Children placed more than 20 miles from home',
    description: 'Of children in care on the date whose placement distance is known, the percentage placed more than 20 miles from home.',
    rule:
      `${IN_CARE_AT} Distance is the one on the episode open on D (placementDistance, miles: as sent, else derived from the postcodes). Following section 5 ` +
      '(the DfE measure), UASC on D are left out of the cohort, and a distance of 999.9 means unknown. Children with no ' +
      'known distance are left out of the denominator and reported as unknown.',
    cohort: 'Children in care at D who are not UASC on D.',
    numerator: 'Distance greater than 20 miles.',
    denominator: 'The cohort whose distance is known.',
    unit: 'percent',
    higherIsBetter: false,
    breakdowns: ['ageBand', 'sex', 'ethnicityGroup', 'legalStatus', 'placementType', 'provider'],
    headline: true,
    details: [{ key: 'unknown', description: 'Children in the cohort whose distance is not recorded (or is 999.9).' }],
    sources: ['care-history'],
  }),

  // Health of children in care 12 months or more.
  def({
    id: 'health-assessments',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Annual health assessment',
    description: 'Of children in care for 12 months or more on the date, the percentage with a health assessment in the 12 months to the date.',
    rule: `${HEALTH_COHORT} A health assessment is an initial (IHA) or review (RHA) health assessment. ${COMPLETED} ${TWELVE_MONTHS}`,
    cohort: 'The health cohort at D.',
    numerator: 'At least one completed health assessment in the 12 months.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'health'],
  }),
  def({
    id: 'dental-checks',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Dental check in the last 12 months',
    description: 'Of children in care for 12 months or more on the date, the percentage whose teeth were checked by a dentist in the 12 months to the date.',
    rule: `${HEALTH_COHORT} ${COMPLETED} ${TWELVE_MONTHS}`,
    cohort: 'The health cohort at D.',
    numerator: 'At least one completed dental check in the 12 months.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'health'],
  }),
  def({
    id: 'immunisations-up-to-date',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Immunisations up to date',
    description: 'Of children in care for 12 months or more on the date, the percentage whose immunisations are up to date.',
    rule:
      `${HEALTH_COHORT} 5b: the latest immunisation-status record in the 12 months says up to date; none means not up ` +
      `to date. An immunisation-status record is any completed health record that states whether immunisations are ` +
      `up to date. Choice: when several such records share the latest date, any of them saying up to date counts. ${COMPLETED} ${TWELVE_MONTHS}`,
    cohort: 'The health cohort at D.',
    numerator: 'The latest immunisation status in the 12 months is up to date.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'health'],
  }),
  def({
    id: 'development-assessments',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Development assessments up to date (under 5s)',
    description: 'Of children under 5 in care for 12 months or more on the date, the percentage with a development assessment in the 12 months to the date.',
    rule: `${HEALTH_COHORT} Cohort members under 5 at D (whole years). ${COMPLETED} ${TWELVE_MONTHS}`,
    cohort: 'The health cohort at D, aged under 5.',
    numerator: 'At least one completed development assessment in the 12 months.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'health'],
  }),

  // Health timeliness.
  def({
    id: 'iha-on-time',
    title: 'Initial health assessments within 20 working days',
    description:
      'Of children who came into care in the 12 months to the date and whose assessment was due by then, the percentage whose initial health assessment was done within 20 working days.',
    rule:
      '5b IHA on time. Admissions (5a, not V3/V4) dated in the 12 months whose deadline is on or before D; the rest are ' +
      'reported as not yet due. Deadline: the 20th working day after the admission date (day 0); working days are ' +
      'Monday to Friday less England and Wales bank holidays, substitute and one-off days included. On time: a ' +
      'completed IHA dated from the admission date to the deadline inclusive. An admission that ended before its ' +
      `deadline still counts. ${TWELVE_MONTHS}`,
    cohort: 'Admissions dated in the 12 months to D.',
    numerator: 'A completed IHA on or before the deadline.',
    denominator: 'Admissions whose deadline is on or before D.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    details: [{ key: 'notYetDue', description: 'Admissions in the 12 months whose deadline is after D.' }],
    sources: ['care-history', 'health'],
  }),
  def({
    id: 'rha-on-time',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Review health assessments by their due date',
    description: 'Of review health assessments that fell due in the 12 months to the date, the percentage done by the due date.',
    rule:
      '5b RHA due date: after a completed assessment (IHA or RHA; several on one day are one) on day A within a time ' +
      'in care, the next is due at A plus 6 months when the child is under 5 on that date, otherwise at A plus 12 ' +
      'months; dues chain from assessments actually done within one time in care (an assessment during V3/V4 short ' +
      'breaks starts no chain). A due counts when it falls in the 12 months and the child is still in that time in care ' +
      `on the due date; on time when the next assessment is dated after A and on or before the due date. ${TIME_IN_CARE} ${TWELVE_MONTHS}`,
    cohort: 'Review health assessments due in the 12 months to D.',
    numerator: 'The next assessment was done on or before the due date.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'health'],
  }),
  def({
    id: 'health-assessment-overdue',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Children whose health assessment is overdue',
    description: 'The percentage of children in care on the date whose next health assessment was due before the date and has not been done.',
    rule:
      `5b overdue at D. ${IN_CARE_AT} The next due date comes from the latest completed assessment (IHA or RHA) in the ` +
      'current time in care on or before D, however old (A plus 6 months when under 5 on that date, otherwise A plus 12 ' +
      'months), or is the IHA deadline (20 working days after the time in care started) when there is none. Overdue: ' +
      `the due date is before D. ${TIME_IN_CARE} The drill-down shows that latest assessment and the due date.`,
    cohort: 'Children in care at D.',
    numerator: 'Next health assessment due before D.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: false,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'health'],
  }),

  // SDQ.
  def({
    id: 'sdq-completion',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'SDQ completed in the last 12 months',
    description:
      'Of children aged 4 to 16 in care for 12 months or more, the percentage with a strengths and difficulties questionnaire score in the 12 months to the date.',
    rule: `5b SDQ: the health cohort (${HEALTH_COHORT}) aged 4 to 16 at D (whole years). Completion: a score dated in the 12 months (a return with only a reason code is not a score). Choice: only the carer's questionnaire counts (the SDQ the DfE collects; teacher and self-report questionnaires have their own norms and bands). ${TWELVE_MONTHS}`,
    cohort: 'The health cohort at D aged 4 to 16.',
    numerator: 'A score dated in the 12 months.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'sdq'],
  }),
  def({
    id: 'sdq-average',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'Average SDQ score',
    description:
      'The average of the latest strengths and difficulties questionnaire score in the 12 months of each child aged 4 to 16 in care for 12 months or more (lower is better).',
    rule:
      "5b SDQ: over each cohort member's latest score in the 12 months (cohort as for SDQ completion). Choice: when a " +
      'child has several scores on their latest day, the highest is used. ' +
      "Choice: only the carer's questionnaire counts (the SDQ the DfE collects).",
    cohort: 'The SDQ cohort at D.',
    numerator: 'The sum of the latest scores.',
    denominator: 'Cohort members with a score in the 12 months.',
    unit: 'average',
    higherIsBetter: false,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'sdq'],
  }),
  ...(
    [
      ['sdq-normal', `normal (${sdqBandRange('normal')})`, sdqBandRange('normal', ' to '), true, false],
      ['sdq-borderline', `borderline (${sdqBandRange('borderline')})`, sdqBandRange('borderline', ' to '), null, false],
      ['sdq-concern', `a cause for concern (${sdqBandRange('concern')})`, sdqBandRange('concern', ' to '), false, true],
    ] as const
  ).map(([id, band, range, higherIsBetter, headline]) =>
    def({
      id,
      // 2: the cohort counts from the time in care (5b, decided 2026-12-04).
      version: 2,
      title: `SDQ score ${band}`,
      description: `Of children aged 4 to 16 in care for 12 months or more with an SDQ score in the 12 months, the percentage whose latest score is ${band}.`,
      rule: `5b SDQ bands: ${sdqBandsText()}, over each cohort member's latest score in the 12 months (the highest when several share the latest day). Choice: only the carer's questionnaire counts (the SDQ the DfE collects).`,
      cohort: 'The SDQ cohort at D.',
      numerator: `Latest score ${range}.`,
      denominator: 'Cohort members with a score in the 12 months.',
      unit: 'percent',
      higherIsBetter,
      lookBackMonths: 12,
      breakdowns: IN_CARE_DIMENSIONS,
      headline,
      sources: ['care-history', 'sdq'],
    }),
  ),
  def({
    id: 'sdq-scores-17-plus',
    // 2: counted from the time in care (5b, decided 2026-12-04).
    version: 2,
    title: 'SDQ scores of 17 or more',
    description:
      "The number of carers' strengths and difficulties questionnaire returns scored 17 or more (cause for concern) dated in the 12 months to the date: the managers' high-score list for that period.",
    rule:
      '5b SDQ scores of 17 or more (decided 2026-12-04): every carer return scored 17-40 and dated in the 12 months, ' +
      "whatever the child's cohort at D (out of care since, admitted less than 12 months ago, aged 17): the same " +
      "returns, and so the same number, as the managers' high-score list (GET .../sdq/high-scores, carer returns) for " +
      "that period. Only the carer's questionnaire counts (the DfE's SDQ). The drill-down lists those returns (one row " +
      `per return, dated the return's date). ${TWELVE_MONTHS}`,
    cohort: 'Every carer return scored 17 or more dated in the 12 months.',
    numerator: 'The same returns (each scored 17 or more).',
    denominator: null,
    unit: 'count',
    higherIsBetter: null,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'sdq'],
  }),

  // Care leavers.
  careLeaverOutcome('17-18', 'in-touch'),
  careLeaverOutcome('17-18', 'suitable-accommodation'),
  careLeaverOutcome('17-18', 'eet'),
  careLeaverOutcome('19-21', 'in-touch'),
  careLeaverOutcome('19-21', 'suitable-accommodation'),
  careLeaverOutcome('19-21', 'eet'),
  def({
    id: 'care-leavers-pathway-plan-current',
    title: 'Care leavers with a pathway plan reviewed in the last 6 months',
    description: 'Of care leavers aged 17 to 21 on the date, the percentage whose pathway plan was made or reviewed in the 6 months to the date.',
    rule: `${CARE_LEAVER_ON} ${LEAVERS_17_21} Plan current: a pathway plan dated, or a review of one dated, after D minus 6 ` + 'months and on or before D.',
    cohort: 'Care leavers on D aged 17 to 21.',
    numerator: 'A pathway plan or review dated in the 6 months to D.',
    details: [{ key: 'diedOrReturnedHome', description: 'Left out: the latest contact on or before D records death or return home.' }],
    denominator: 'The cohort less those whose latest contact records death or return home.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 6,
    breakdowns: CHILD_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'care-leavers'],
  }),
  def({
    id: 'care-leavers-personal-adviser',
    title: 'Care leavers with a personal adviser',
    description: 'Of care leavers aged 17 to 21 on the date, the percentage with a personal adviser allocated on the date.',
    rule: `${CARE_LEAVER_ON} ${LEAVERS_17_21} Personal adviser at D: an allocation from on or before D to on or after D (open-ended allowed).`,
    cohort: 'Care leavers on D aged 17 to 21.',
    numerator: 'A personal adviser allocated on D.',
    details: [{ key: 'diedOrReturnedHome', description: 'Left out: the latest contact on or before D records death or return home.' }],
    denominator: 'The cohort less those whose latest contact records death or return home.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: CHILD_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'care-leavers'],
  }),
  // Education (5c): the virtual school's returns.
  def({
    id: 'pep-this-term',
    title: 'Personal education plan this term',
    description:
      'Of children of school age in care on the date for 20 working days or more, the percentage with a completed personal education plan (PEP) this term.',
    rule:
      `5c PEP this term. ${IN_CARE_AT} ${SCHOOL_YEARS} School age on D: Reception to Year 11. In care 20 working days: the ` +
      `20th working day after the current time in care began (day 0) is on or before D. ${TIME_IN_CARE} ${WORKING_DAYS} ` +
      'Numerator: a completed PEP (drafts never count) dated from the first day of the term that holds D up to D.',
    cohort: 'Children in care at D, Reception to Year 11 on D, in care 20 working days or more by D.',
    numerator: 'A completed PEP dated this term, on or before D.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'education'],
  }),
  def({
    id: 'pep-new-entrants-on-time',
    title: 'Personal education plans within 20 working days of coming into care',
    description:
      'Of school-age children who came into care in the 12 months to the date and whose PEP was due by then, the percentage with a completed PEP within 20 working days.',
    rule:
      `5c PEP on time for new entrants. Admissions (5a, not V3/V4) dated in the 12 months of children of school age ` +
      `(Reception to Year 11) on the admission day. ${SCHOOL_YEARS} Deadline: the 20th working day after the admission ` +
      `date (day 0). ${WORKING_DAYS} Admissions whose deadline is after D are reported as not yet due. On time: a ` +
      `completed PEP dated from the admission date to the deadline inclusive. ${TWELVE_MONTHS}`,
    cohort: 'Admissions in the 12 months to D of children of school age on the admission day.',
    numerator: 'A completed PEP on or before the deadline.',
    denominator: 'Admissions whose deadline is on or before D.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    details: [{ key: 'notYetDue', description: 'Admissions in the 12 months whose deadline is after D.' }],
    sources: ['care-history', 'education'],
  }),
  def({
    id: 'school-attendance',
    title: 'School attendance',
    description:
      'Sessions attended as a percentage of possible sessions, in the terms ending in the 12 months to the date, for children in Years 1 to 11 in care for 12 months or more.',
    rule:
      `5c attendance. ${HEALTH_COHORT} Years 1 to 11 on D. ${SCHOOL_YEARS} Terms: a record belongs to the term it names ` +
      '(terms end 31 December, 31 March and 31 August); those ending in the 12 months count. Attendance: sessions ' +
      "attended over possible sessions, summed over the cohort's records (a child whose possible sessions add up to 0 " +
      "adds nothing). The numerator and denominator are sessions; the cohort's size is children.",
    cohort: 'The health cohort at D in Years 1 to 11.',
    numerator: 'Sessions attended in the terms ending in the 12 months.',
    denominator: 'Possible sessions in the same terms.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'education'],
  }),
  def({
    id: 'persistent-absence',
    title: 'Persistently absent from school',
    description:
      'Of children in Years 1 to 11 in care for 12 months or more with possible sessions in the terms ending in the 12 months to the date, the percentage who attended fewer than 90% of them.',
    rule:
      `5c persistent absence: the attendance cohort and terms (${HEALTH_COHORT} Years 1 to 11 on D; terms ending in the ` +
      "12 months). Persistent absentee: the child's own sessions attended over possible sessions, summed over their " +
      'records, is below 90% (strictly: exactly 90% is not); a child whose possible sessions add up to 0 is in neither count.',
    cohort: 'The health cohort at D in Years 1 to 11.',
    numerator: 'Attended under 90% of their possible sessions.',
    denominator: 'Cohort members with possible sessions above 0.',
    unit: 'percent',
    higherIsBetter: false,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'education'],
  }),
  ...(
    [
      [
        'suspended-children',
        'Children suspended from school',
        'percent',
        'the percentage with at least one suspension starting in the 12 months to the date',
        'At least one suspension starting in the 12 months.',
      ],
      [
        'suspensions',
        'Suspensions',
        'count',
        'the number of suspensions starting in the 12 months to the date',
        'The number of suspensions starting in the 12 months.',
      ],
      [
        'suspension-days-lost',
        'School days lost to suspensions',
        'count',
        'the school days lost to suspensions starting in the 12 months to the date',
        'The days of the suspensions starting in the 12 months (half days count).',
      ],
      [
        'permanent-exclusions',
        'Permanent exclusions',
        'count',
        'the number of permanent exclusions starting in the 12 months to the date',
        'The number of permanent exclusions starting in the 12 months.',
      ],
    ] as const
  ).map(([id, title, unit, what, numerator]) =>
    def({
      id,
      title,
      description: `Of children of school age in care for 12 months or more on the date, ${what}.`,
      rule:
        `5c suspensions and exclusions. ${HEALTH_COHORT} School age on D (Reception to Year 11). ${SCHOOL_YEARS} Suspension ` +
        'counts (children, suspensions, days lost) use suspensions only; permanent exclusions are counted apart. An exclusion ' +
        `counts when its start date is in the 12 months. ${TWELVE_MONTHS}` +
        (unit === 'count' ? ' The cohort size is children; the value is the number counted.' : ''),
      cohort: 'The health cohort at D of school age on D.',
      numerator,
      denominator: unit === 'percent' ? 'The cohort.' : null,
      unit,
      higherIsBetter: unit === 'percent' ? false : null,
      lookBackMonths: 12,
      breakdowns: IN_CARE_DIMENSIONS,
      headline: true,
      sources: ['care-history', 'education'],
    }),
  ),
  ...(
    [
      [
        'eyfs-good-level-of-development',
        'Good level of development (EYFS)',
        'percent',
        'EYFS',
        'the percentage who reached a good level of development',
        'A good level of development.',
      ],
      [
        'ks2-rwm-expected',
        'Key stage 2 reading, writing and maths at the expected standard',
        'percent',
        'key stage 2',
        'the percentage at the expected standard in all of reading, writing and maths',
        'Reading, writing and maths all at the expected standard.',
      ],
      ['ks4-attainment8', 'Key stage 4 average Attainment 8', 'average', 'key stage 4', 'the average Attainment 8 score', 'The sum of Attainment 8 scores.'],
      [
        'ks4-english-maths-4',
        'Key stage 4 English and maths at grade 4 or above',
        'percent',
        'key stage 4',
        'the percentage with English and maths at grade 4 or above',
        'English and maths at grade 4 or above.',
      ],
    ] as const
  ).map(([id, title, unit, stage, what, numerator]) =>
    def({
      id,
      title,
      description: `Of children in care for 12 months or more at 31 March with a ${stage} result in the academic year ending in the 12 months to the date, ${what}.`,
      rule:
        '5c attainment. The academic year (1 September to 31 August) whose 31 August is in the 12 months to D. Cohort: ' +
        "the health cohort at that year's 31 March (in care then, by 5a, the current time in care begun on or before 31 " +
        `March a year earlier; ${TIME_IN_CARE}) with a ${stage} result for that academic year. One result per child and ` +
        'key stage: the latest (Choice: the one received last, then the greatest record id).' +
        (id === 'ks2-rwm-expected' ? ' All three subjects must be at the expected standard.' : ''),
      cohort: `The health cohort at the 31 March of the academic year, with a ${stage} result that year.`,
      numerator,
      denominator: unit === 'average' ? 'Children with a result.' : 'The cohort.',
      unit,
      higherIsBetter: true,
      lookBackMonths: 12,
      breakdowns: IN_CARE_DIMENSIONS,
      headline: true,
      sources: ['care-history', 'education'],
    }),
  ),
  // CAMHS (5c): referrals of children in care at D.
  ...(
    [
      [
        'camhs-waiting',
        'Children in care waiting for a first CAMHS appointment',
        'count',
        null,
        'The number of accepted CAMHS referrals of children in care on the date still waiting for a first appointment.',
        'Accepted referrals made on or before D with no first appointment and no discharge on or before D (closed unseen is not waiting).',
        'Accepted referrals of children in care at D, referred on or before D, not seen and not discharged by D.',
        'Every referral in the cohort.',
        null,
      ],
      [
        'camhs-referrals',
        'CAMHS referrals',
        'count',
        null,
        'The number of CAMHS referrals made in the 12 months to the date of children in care on the date.',
        'Referrals dated in the 12 months.',
        'Referrals in the 12 months of children in care at D.',
        'Every referral in the cohort.',
        null,
      ],
      [
        'camhs-declined',
        'CAMHS referrals declined',
        'percent',
        false,
        'Of CAMHS referrals made in the 12 months to the date of children in care on the date, the percentage declined by the service.',
        'Referrals dated in the 12 months; declined: the decision recorded is declined (Choice: a referral still awaiting a decision stays in the denominator).',
        'Referrals in the 12 months of children in care at D.',
        'Referrals declined.',
        'The cohort.',
      ],
      [
        'camhs-days-to-first-appointment',
        'Median days from CAMHS referral to first appointment',
        'median',
        false,
        'The median number of days from referral to first appointment, for first appointments in the 12 months to the date of children in care on the date.',
        'First appointments dated in the 12 months (and on or before D); days = first appointment minus referral date. A median of an even count is the mean of the middle two.',
        'Referrals of children in care at D whose first appointment is in the 12 months.',
        'Days from referral to first appointment (the median is taken).',
        'Referrals in the cohort.',
      ],
      [
        'camhs-seen-within-28-days',
        'CAMHS first appointments within 28 days',
        'percent',
        true,
        'Of first CAMHS appointments in the 12 months to the date of children in care on the date, the percentage within 28 days of referral.',
        'First appointments dated in the 12 months (and on or before D); within 28 days = 28 days or fewer from the referral date.',
        'Referrals of children in care at D whose first appointment is in the 12 months.',
        'First appointment 28 days or fewer after referral.',
        'The cohort.',
      ],
    ] as const
  ).map(([id, title, unit, higherIsBetter, description, rule, cohort, numerator, denominator]) =>
    def({
      id,
      title,
      description,
      rule: `5c CAMHS: cohort = in care at D. ${IN_CARE_AT} One row per referral. ${rule} ${TWELVE_MONTHS}`,
      cohort,
      numerator,
      denominator,
      unit,
      higherIsBetter,
      lookBackMonths: id === 'camhs-waiting' ? null : 12,
      breakdowns: IN_CARE_DIMENSIONS,
      headline: true,
      sources: ['care-history', 'mental-health'],
    }),
  ),

  // Advocacy (5c).
  def({
    id: 'advocacy-uptake',
    title: 'Advocacy uptake',
    description:
      'Of children looked after on at least one day of the 12 months to the date, the percentage referred to the advocacy service in those 12 months.',
    rule: `5c advocacy uptake. ${IN_CARE_DURING} Numerator: a referral dated in the 12 months. ${TWELVE_MONTHS}`,
    cohort: 'Children in care on at least one day of the 12 months to D.',
    numerator: 'At least one advocacy referral in the 12 months.',
    denominator: 'The cohort.',
    unit: 'percent',
    higherIsBetter: true,
    lookBackMonths: 12,
    breakdowns: IN_CARE_DIMENSIONS,
    headline: true,
    sources: ['care-history', 'advocacy'],
  }),
  ...(
    [
      [
        'advocacy-issues-raised',
        'Advocacy issues raised',
        'count',
        null,
        'The number of issues raised with the advocacy service in the 12 months to the date.',
        'Every issue in the cohort.',
        null,
      ],
      [
        'advocacy-issues-resolved',
        'Advocacy issues resolved',
        'percent',
        true,
        'Of issues raised with the advocacy service in the 12 months to the date, the percentage resolved by the date.',
        'Issues resolved on or before D.',
        'The cohort.',
      ],
      [
        'advocacy-days-to-resolve',
        'Median days to resolve an advocacy issue',
        'median',
        false,
        'The median number of days from raising to resolving, for issues raised in the 12 months to the date and resolved by the date.',
        'Days from raised to resolved (the median is taken).',
        'Issues resolved on or before D.',
      ],
    ] as const
  ).map(([id, title, unit, higherIsBetter, description, numerator, denominator]) =>
    def({
      id,
      title,
      description,
      rule:
        "5c advocacy issues: every issue raised in the 12 months (Choice: whatever the child's care status, as 5c names no " +
        'cohort for issues; the advocacy service works with children in care and care leavers); resolved = a resolution ' +
        'dated on or before D; days to resolve = resolved minus raised, over the issues resolved by D (a median of an even ' +
        `count is the mean of the middle two). One row per issue. ${TWELVE_MONTHS}`,
      cohort: 'Issues raised in the 12 months to D.',
      numerator,
      denominator,
      unit,
      higherIsBetter,
      lookBackMonths: 12,
      breakdowns: CHILD_DIMENSIONS,
      headline: true,
      sources: ['care-history', 'advocacy'],
    }),
  ),

  // Missing from care (5c). Not on the scorecard: the annual report's headline indicators leave them out.
  ...(
    [
      [
        'missing-children',
        'Children who went missing',
        'percent',
        false,
        'Of children looked after on at least one day of the 12 months to the date, the percentage with a missing (M) episode starting in those 12 months.',
        'At least one M episode starting in the 12 months.',
        'The cohort.',
      ],
      [
        'away-children',
        'Children away without authorisation',
        'percent',
        false,
        'Of children looked after on at least one day of the 12 months to the date, the percentage with an away (A) episode starting in those 12 months.',
        'At least one A episode starting in the 12 months.',
        'The cohort.',
      ],
      [
        'missing-episodes',
        'Missing episodes',
        'count',
        null,
        'The number of missing (M) episodes starting in the 12 months to the date of children looked after in those 12 months.',
        'The number of M episodes starting in the 12 months (A episodes count only as children away).',
        null,
      ],
      [
        'missing-episodes-per-child',
        'Missing episodes per child who went missing',
        'average',
        false,
        'The average number of missing (M) episodes starting in the 12 months to the date, per child looked after in them who went missing.',
        'The M episodes starting in the 12 months.',
        'Children in the cohort with at least one.',
      ],
    ] as const
  ).map(([id, title, unit, higherIsBetter, description, numerator, denominator]) =>
    def({
      id,
      title,
      description,
      rule: `5c missing: ${IN_CARE_DURING} Missing episodes are the 903 Missing table (MISSING M or A, MIS_START, MIS_END) from the nightly import; an episode counts when MIS_START is in the 12 months. ${TWELVE_MONTHS}`,
      cohort: 'Children in care on at least one day of the 12 months to D.',
      numerator,
      denominator,
      unit,
      higherIsBetter,
      lookBackMonths: 12,
      breakdowns: IN_CARE_DIMENSIONS,
      headline: false,
      sources: ['care-history'],
    }),
  ),
  ...(
    [
      [
        'return-interviews-offered-72-hours',
        'Return home interviews offered within 72 hours',
        'Of missing episodes that ended in the 12 months to the date, the percentage whose return home interview was offered within 72 hours.',
        'Offered on or before the third day after MIS_END, and on or before D.',
        'The cohort.',
      ],
      [
        'return-interviews-accepted',
        'Return home interviews accepted',
        'Of missing episodes that ended in the 12 months to the date with an interview offered by the date, the percentage whose interview was accepted.',
        'The interview was accepted.',
        'Episodes with an offer dated on or before D.',
      ],
    ] as const
  ).map(([id, title, description, numerator, denominator]) =>
    def({
      id,
      title,
      description,
      rule:
        '5c return home interviews: missing (M) episodes whose MIS_END is in the 12 months (open ones never count), matched ' +
        'to their interview by the child and MIS_START. Offered within 72 hours: the offer is dated on or before the third ' +
        'day after MIS_END and on or before D. Accepted: of the episodes with an offer on or before D. One row per episode. ' +
        TWELVE_MONTHS,
      cohort: 'Missing (M) episodes ended in the 12 months to D.',
      numerator,
      denominator,
      unit: 'percent',
      higherIsBetter: true,
      lookBackMonths: 12,
      breakdowns: CHILD_DIMENSIONS,
      headline: false,
      sources: ['care-history', 'missing'],
    }),
  ),
]

const BY_ID = new Map(KPI_DEFINITIONS.map((d) => [d.id, d]))

/** The definition with this id, or undefined. */
export function kpiById(id: string): KpiDefinition | undefined {
  return BY_ID.get(id)
}

/** The KPIs on the board's scorecard, in catalogue order. */
export function headlineKpis(): KpiDefinition[] {
  return KPI_DEFINITIONS.filter((d) => d.headline)
}
