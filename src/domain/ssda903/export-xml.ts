/**
 * A collection year's 903 return as the DfE's XML (<EXPSSDA903>), from the same rows as the CSV set
 * (returnForYear). The shape is the one the DfE's upload takes and its validator reads (and
 * parse903Xml reads back): per child a HEADER holding the child's fields and its child-level tables,
 * then its EPISODEs:
 *
 *   <EXPSSDA903><CHILD>
 *     <HEADER><CHILDID/><UPN/><SEX/><DOB/><ETHNIC/><UASC/><DUC/>?
 *       <IN_TOUCH/><ACTIV/><ACCOM/>?                 OC3, for a care leaver of the year
 *       <DATE_INT/>...<LS_ADOPTR/>?                  AD1, for a child adopted in the year
 *       <AMISSING/>* <AREVIEW/>* <MOTHER/><MC_DOB/> <PERMANENCE/>? <OC2/>? <AD_PLACED/>*
 *     </HEADER>
 *     <EPISODE><DECOM/><RNE/><LS/><CIN/><PL/><PL_POST/><HOME_POST/><URN/><PLACE_PROVIDER/><DEC/><REC/><REASON_PLACE_CHANGE/></EPISODE>*
 *   </CHILD>*</EXPSSDA903>
 *
 * The XML return has no social worker episodes (the DfE collects those in the CSV set only), so
 * sw_episodes are not written. UASC is 1 for a child who is or was UASC and 0 otherwise: the DfE's
 * XML carries the flag for every child and refuses any other value, a blank included (rule 105, XML
 * only). (The validator's reader then makes a UASC row of every child, DUC blank for the 0s; no rule
 * reads a 0 there as UASC.) A blank value is an empty element (<UPN/>), as in the DfE's own files. One
 * CHILD a line, so a diff of two returns reads.
 */
import { joinAccommodation } from '../care-leavers/oc3.ts'
import type { Build903Options, Export903Child } from './export-csv.ts'
import { returnForYear } from './cohorts.ts'
import { format903Date } from './dates.ts'

type Value = string | number | boolean | null | undefined

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function text(v: Value): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? '1' : '0'
  return escapeXml(String(v))
}

const date = (d: string | null | undefined): string | null => (d === null || d === undefined ? null : format903Date(d))

/** Leaf elements in the order given: <TAG>value</TAG>, or <TAG/> when blank. */
function leaves(fields: ReadonlyArray<readonly [string, Value]>): string {
  return fields.map(([tag, v]) => (text(v) === '' ? `<${tag}/>` : `<${tag}>${text(v)}</${tag}>`)).join('')
}

const element = (tag: string, fields: ReadonlyArray<readonly [string, Value]>): string => `<${tag}>${leaves(fields)}</${tag}>`

function childXml(child: Export903Child, options: Build903Options): string {
  const h = child.header
  const t = child.tables ?? {}
  const parts: string[] = []
  const wasUasc = h.uasc || h.uascCeasedOn !== null
  parts.push(
    leaves([
      ['CHILDID', h.childId],
      ['UPN', h.upn],
      ['SEX', h.sex],
      ['DOB', date(h.dateOfBirth)],
      ['ETHNIC', h.ethnicity],
      ['UASC', wasUasc ? '1' : '0'],
    ]),
  )
  if (h.uascCeasedOn !== null) parts.push(leaves([['DUC', date(h.uascCeasedOn)]]))
  if (options.nhsNumber === true) parts.push(leaves([['NHS_NUMBER', h.nhsNumber]]))
  const o3 = child.oc3 ?? null
  if (o3 !== null) {
    parts.push(
      leaves([
        ['IN_TOUCH', o3.inTouch],
        ['ACTIV', o3.activity],
        ['ACCOM', o3.accommodation ?? joinAccommodation({ type: o3.accommodationType, suitable: o3.accommodationSuitable })],
      ]),
    )
  }
  const a = t.adoption ?? null
  if (a !== null) {
    parts.push(
      leaves([
        ['DATE_INT', date(a.dateShouldBePlaced)],
        ['DATE_MATCH', date(a.dateMatched)],
        ['FOSTER_CARE', a.fosterCare],
        ['NB_ADOPTR', a.numberOfAdopters],
        ['SEX_ADOPTR', a.adopterSex],
        ['LS_ADOPTR', a.adopterLegalStatus],
      ]),
    )
  }
  for (const m of t.missingEpisodes ?? []) {
    parts.push(
      element('AMISSING', [
        ['MISSING', m.missingType],
        ['MIS_START', date(m.startDate)],
        ['MIS_END', date(m.endDate)],
      ]),
    )
  }
  for (const r of t.reviews ?? []) {
    parts.push(
      element('AREVIEW', [
        ['REVIEW', date(r.reviewDate)],
        ['REVIEW_CODE', r.reviewCode],
      ]),
    )
  }
  const mother = child.mother ?? null
  parts.push(
    leaves([
      ['MOTHER', mother?.mother],
      ['MC_DOB', date(mother?.motherChildDateOfBirth)],
    ]),
  )
  const p = t.previousPermanence ?? null
  if (p !== null) {
    parts.push(
      element('PERMANENCE', [
        ['PREV_PERM', p.previousPermanence],
        ['LA_PERM', p.permanenceLa],
        ['DATE_PERM', p.permanenceDateAsSent ?? date(p.permanenceDate)],
      ]),
    )
  }
  const o2 = child.oc2 ?? null
  if (o2 !== null) {
    parts.push(
      element('OC2', [
        ['SDQ_SCORE', o2.sdqScore],
        ['SDQ_REASON', o2.sdqReason],
        ['CONVICTED', o2.convicted],
        ['HEALTH_CHECK', o2.healthCheck],
        ['IMMUNISATIONS', o2.immunisations],
        ['TEETH_CHECK', o2.teethCheck],
        ['HEALTH_ASSESSMENT', o2.healthAssessment],
        ['SUBSTANCE_MISUSE', o2.substanceMisuse],
        ['INTERVENTION_RECEIVED', o2.interventionReceived],
        ['INTERVENTION_OFFERED', o2.interventionOffered],
      ]),
    )
  }
  for (const r of t.placedForAdoption ?? []) {
    parts.push(
      element('AD_PLACED', [
        ['DATE_PLACED', date(r.datePlaced)],
        ['DATE_PLACED_CEASED', date(r.datePlacedCeased)],
        ['REASON_PLACED_CEASED', r.reasonPlacedCeased],
      ]),
    )
  }
  const episodes = child.episodes.map((e) =>
    element('EPISODE', [
      ['DECOM', date(e.startDate)],
      ['RNE', e.reasonNewEpisode],
      ['LS', e.legalStatus],
      ['CIN', e.categoryOfNeed],
      ['PL', e.placementType],
      ['PL_POST', e.placementPostcode],
      ['HOME_POST', e.homePostcode],
      ['URN', e.urn],
      ['PLACE_PROVIDER', e.placementProvider],
      ['DEC', date(e.endDate)],
      ['REC', e.reasonEnded],
      ['REASON_PLACE_CHANGE', e.reasonPlaceChange],
    ]),
  )
  return `<CHILD><HEADER>${parts.join('')}</HEADER>${episodes.join('')}</CHILD>`
}

/** The year's return as one XML document. Throws RangeError for a year that is not an integer. */
export function build903Xml(children: Iterable<Export903Child>, year: number, options: Build903Options = {}): string {
  const lines = returnForYear(children, year, options).map((c) => childXml(c, options))
  return `<?xml version="1.0" encoding="UTF-8"?>\n<EXPSSDA903>\n${lines.map((l) => `${l}\n`).join('')}</EXPSSDA903>\n`
}
