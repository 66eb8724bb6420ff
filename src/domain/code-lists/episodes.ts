/**
 * Episode code lists (domain doc 3.1), from the DfE validator rule files, with descriptions from the
 * SSD data model (DfE guide wording). Year bounds are collection years named by their ending year.
 */
import { code } from './define.ts'
import type { CodeDefinition } from './types.ts'

/** RNE, rule 143. */
export const reasonNewEpisode: readonly CodeDefinition[] = [
  code('S', 'Started to be looked after'),
  code('L', 'Change of legal status only'),
  code('P', 'Change of placement and carer(s) only'),
  code('T', 'Change of placement (but same carer(s)) only'),
  code('B', 'Change of legal status and placement and carer(s) at the same time'),
  code('U', 'Change of legal status and change of placement (but same carer(s)) at the same time'),
]

/** LS, rule 144. */
export const legalStatus: readonly CodeDefinition[] = [
  code('C1', 'Interim care order'),
  code('C2', 'Full care order'),
  code('D1', 'Freeing order granted'),
  code('E1', 'Placement order granted'),
  code('V2', 'Single period of accommodation under section 20 (Children Act 1989)'),
  code('V3', 'Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded'),
  code('V4', 'Accommodated under an agreed series of short-term breaks, when agreements are recorded (not individual episodes of care)'),
  code('L1', 'Under police protection and in local authority accommodation'),
  code('L2', 'Emergency protection order (EPO)'),
  code('L3', 'Under child assessment order and in local authority accommodation'),
  code('J1', 'Remanded to local authority accommodation or to youth detention accommodation'),
  code('J2', 'Placed in local authority accommodation under the Police and Criminal Evidence Act 1984'),
  code('J3', 'Sentenced to a youth rehabilitation order with residence or intensive fostering requirement'),
]

/** CIN, rule 145. */
export const categoryOfNeed: readonly CodeDefinition[] = [
  code('N1', 'Abuse or neglect'),
  code('N2', "Child's disability"),
  code('N3', 'Parental illness or disability'),
  code('N4', 'Family in acute stress'),
  code('N5', 'Family dysfunction'),
  code('N6', 'Socially unacceptable behaviour'),
  code('N7', 'Low income'),
  code('N8', 'Absent parenting'),
]

const Z1X_NOTE =
  'No source we hold gives the wording for the 2025-26 split of Z1 (validator rule 146 2025-26 lists the codes only); ' +
  'take it from the DfE "Children looked after return: guide to submitting data" for 2025-26.'

/** PLACE, rule 146 by year: K3 from 2024-25; H5 and P2 end in 2024-25; Z1 becomes Z11-Z14 in 2025-26. */
export const placementType: readonly CodeDefinition[] = [
  code(
    'A3',
    'Placed for adoption with parental/guardian consent with current foster carer(s) (section 19 ACA 2002) or with a freeing order where parental/guardian consent was given (section 18(1)(a) ACA 2002)',
  ),
  code(
    'A4',
    'Placed for adoption with parental/guardian consent not with current foster carer(s) (section 19 ACA 2002) or with a freeing order where parental/guardian consent was given (section 18(1)(a) ACA 2002)',
  ),
  code(
    'A5',
    'Placed for adoption with placement order with current foster carer(s) (section 21 ACA 2002) or with a freeing order where parental/guardian consent was dispensed with (section 18(1)(b) ACA 2002)',
  ),
  code(
    'A6',
    'Placed for adoption with placement order not with current foster carer(s) (section 21 ACA 2002) or with a freeing order where parental/guardian consent was dispensed with (section 18(1)(b) ACA 2002)',
  ),
  code('H5', "Semi-independent living accommodation not subject to children's homes regulations", { validTo: 2025 }),
  code('K1', "Secure children's homes"),
  code('K2', "Children's homes subject to Children's Homes Regulations"),
  code('K3', 'Supported accommodation (Ofsted-registered, young people aged 16 and over)', {
    validFrom: 2025,
    note: 'Wording inferred from the code and validator rule 371 (K3 for ages 16+); check the DfE 2024-25 guide.',
  }),
  code('P1', 'Placed with own parent(s) or other person(s) with parental responsibility'),
  code('P2', 'Independent living, e.g. in a flat, lodgings, bedsit, bed and breakfast (B&B) or with friends, with or without formal support', {
    validTo: 2025,
  }),
  code('P3', 'Residential employment'),
  code('R1', 'Residential care home'),
  code('R2', 'NHS/health trust or other establishment providing medical or nursing care'),
  code('R3', 'Family centre or mother and baby unit'),
  code('R5', 'Young offender institution (YOI)'),
  code('S1', "All residential schools, except where dual-registered as a school and children's home"),
  code('T0', 'All types of temporary move (see T1-T4)'),
  code('T1', 'Temporary periods in hospital'),
  code('T2', 'Temporary absences of the child on holiday'),
  code('T3', "Temporary accommodation whilst child's normal foster carer(s) is/are on holiday"),
  code('T4', 'Temporary accommodation of seven days or less, for any reason, not covered by codes T1 to T3'),
  code('U1', 'Foster placement with relative(s) or friend(s) - long term fostering'),
  code('U2', 'Foster placement with relative(s) or friend(s) who is/are also an approved adopter(s) - fostering for adoption/concurrent planning'),
  code('U3', 'Foster placement with relative(s) or friend(s) who is/are not long-term or fostering for adoption/concurrent planning'),
  code('U4', 'Foster placement with other foster carer(s) - long term fostering'),
  code('U5', 'Foster placement with other foster carer(s) who is/are also an approved adopter(s) - fostering for adoption/concurrent planning'),
  code('U6', 'Foster placement with other foster carer(s) - not long term or fostering for adoption/concurrent planning'),
  code('Z1', 'Other placements (must be listed on a schedule sent to DfE with annual submission)', { validTo: 2025 }),
  code('Z11', 'Other placement (2025-26 split of Z1, subtype 1)', { validFrom: 2026, note: Z1X_NOTE }),
  code('Z12', 'Other placement (2025-26 split of Z1, subtype 2)', {
    validFrom: 2026,
    note: `${Z1X_NOTE} The 2026-27 DoLO rule 709 expects Z12 or Z13 where a deprivation of liberty order applies (inferred).`,
  }),
  code('Z13', 'Other placement (2025-26 split of Z1, subtype 3)', {
    validFrom: 2026,
    note: `${Z1X_NOTE} The 2026-27 DoLO rule 709 expects Z12 or Z13 where a deprivation of liberty order applies (inferred).`,
  }),
  code('Z14', 'Other placement (2025-26 split of Z1, subtype 4)', { validFrom: 2026, note: Z1X_NOTE }),
]

/** PLACE_PROVIDER, rule 178. */
export const placementProvider: readonly CodeDefinition[] = [
  code('PR0', 'Parent(s) or other person(s) with parental responsibility'),
  code(
    'PR1',
    'Own provision (by the local authority), including a regional adoption agency where the child’s responsible local authority is the host authority',
  ),
  code('PR2', 'Other local authority provision, including a regional adoption agency where another local authority is the host authority'),
  code('PR3', 'Other public provision (for example a primary care trust)'),
  code('PR4', 'Private provision'),
  code('PR5', 'Voluntary/third sector provision'),
]

/** REC, rule 149. There is no E1 (a legal status) and no E10. */
export const reasonEnded: readonly CodeDefinition[] = [
  code('X1', 'Episode ceases, and new episode begins on same day, for any reason'),
  code('E11', 'Adopted - application for an adoption order unopposed'),
  code('E12', 'Adopted - consent dispensed with by the court'),
  code('E2', 'Died'),
  code('E3', 'Care taken over by another local authority in the UK'),
  code(
    'E4A',
    'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process (not under a special guardianship order or residence order or child arrangement order)',
  ),
  code(
    'E4B',
    'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process (not under a special guardianship order or residence order or child arrangement order)',
  ),
  code('E13', 'Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility'),
  code('E41', 'Residence order (or, from 22 April 2014, a child arrangement order which sets out with whom the child is to live) granted'),
  code('E45', 'Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)'),
  code('E46', 'Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)'),
  code('E47', 'Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)'),
  code('E48', 'Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)'),
  code('E5', 'Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements'),
  code('E6', 'Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements'),
  code('E7', 'Transferred to residential care funded by adult social care services'),
  code('E8', 'Period of being looked-after ceased for any other reason'),
  code('E9', 'Sentenced to custody'),
  code('E14', 'Accommodation on remand ended'),
  code('E15', 'Age assessment determined child is aged 18 or over'),
  code('E16', 'Child moved abroad'),
  code('E17', 'Aged 18 (or over) and remained with current carers (including staying put)'),
]

/** REASON_PLACE_CHANGE, rule 1009; recorded on the ceasing episode. */
export const reasonPlaceChange: readonly CodeDefinition[] = [
  code('CARPL', 'Change to/implementation of care plan'),
  code('CLOSE', 'Resignation/closure of provision'),
  code('ALLEG', 'Allegation (s47)'),
  code('STAND', 'Standards of care concern'),
  code('APPRR', 'Approval removed'),
  code('CREQB', "Carer(s) requests placement end due to child's behaviour"),
  code('CREQO', 'Carer(s) requests placement end for other reasons'),
  code('CHILD', 'Child requests placement end'),
  code('LAREQ', 'Responsible/area authority requests placement end'),
  code('PLACE', 'Change in the status of placement only (same carer, e.g. carer moves house or transfers from local authority to IFA)'),
  code('CUSTOD', 'Custody arrangement'),
  code('OTHER', 'Other (exceptional)'),
]
