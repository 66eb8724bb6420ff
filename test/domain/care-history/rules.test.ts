import t from 'tap'
import { checkEpisodes, EPISODE_RULES } from '../../../src/domain/care-history/index.ts'
import type { Episode, ChildFinding } from '../../../src/domain/care-history/index.ts'
import { ep, holidayAndMove, temp, withEpisode } from './fixtures.ts'

const header = { dateOfBirth: '2012-03-14' }

/** The findings as [rule, episodeIndex, fields], the part each test pins down exactly. */
function summary(episodes: Episode[], dob = header.dateOfBirth): [string, number | null, string[]][] {
  return checkEpisodes({ dateOfBirth: dob }, episodes).map((f) => [f.rule, f.episodeIndex, f.fields])
}

/** One closed episode with valid codes: admitted 01/01/2024, returned home 01/03/2024. */
const single = (fields: Partial<Episode> = {}): Episode[] => [ep('2024-01-01', '2024-03-01', { reasonEnded: 'E4A', ...fields })]

t.test('valid histories give no findings, whatever the submitted order', async (t) => {
  t.same(checkEpisodes(header, holidayAndMove()), [])
  const [a, b, c, d] = holidayAndMove() as [Episode, Episode, Episode, Episode]
  t.same(checkEpisodes(header, [d, c, b, a]), [])
  t.same(checkEpisodes(header, single()), [])
  t.same(checkEpisodes(header, []), [])
})

t.test('severity follows the catalogue, and every finding has a message', async (t) => {
  const findings = checkEpisodes(header, [ep('2024-01-01', '2024-02-01', { categoryOfNeed: 'N9' }), ep('2024-02-01', null, { reasonNewEpisode: 'L' })])
  t.same(
    findings.map((f) => [f.rule, f.severity]),
    [
      ['145', 'error'],
      ['434', 'warning'],
      ['504', 'warning'],
    ],
  )
  for (const f of findings) t.equal(f.severity, EPISODE_RULES[f.rule as keyof typeof EPISODE_RULES].severity)
  t.ok(findings.every((f) => f.message.length > 20))
})

t.test('messages name the episode by its start date, as DD/MM/YYYY', async (t) => {
  const [finding] = checkEpisodes(header, single({ reasonNewEpisode: 'P' }))
  t.same(finding, {
    rule: '357',
    severity: 'warning',
    episodeIndex: 0,
    fields: ['reasonNewEpisode'],
    message:
      "The episode starting 01/01/2024 is the child's first episode, so its reason for new episode must be S (started to be looked after), not 'P'. Check whether an earlier episode is missing.",
  } satisfies ChildFinding)
})

t.test('dates', async (t) => {
  t.same(summary(single({ startDate: '2024-02-30' })), [['141', 0, ['startDate']]])
  t.same(summary(single({ endDate: '2024-13-01' })), [['147', 0, ['endDate']]])
  t.same(summary(single({ endDate: '2023-12-31' })), [['356', 0, ['startDate', 'endDate']]])
  t.same(summary(single({ endDate: '2024-01-01' })), [['355', 0, ['startDate', 'endDate']]])
  t.same(summary(holidayAndMove(), '2023-05-01'), [['302', 0, ['startDate', 'dateOfBirth']]])
  // An unusable date of birth is the header's problem (rule 102), not the episodes'.
  t.same(summary(single(), 'unknown'), [])
})

t.test('end date and reason ended both set or both blank (148)', async (t) => {
  const episodes = holidayAndMove()
  t.same(summary(withEpisode(episodes, 3, { endDate: '2024-05-01' })), [['148', 3, ['endDate', 'reasonEnded']]])
  t.same(summary(withEpisode(episodes, 3, { reasonEnded: 'E4A' })), [['148', 3, ['endDate', 'reasonEnded']]])
  // The next episode is then judged on its own: after a gap, S is fine.
  t.same(summary([ep('2024-01-01', '2024-03-01', { reasonEnded: null }), ep('2024-04-01', null)]), [['148', 0, ['endDate', 'reasonEnded']]])
  const messages = checkEpisodes(header, withEpisode(episodes, 3, { reasonEnded: 'E4A' })).map((f) => f.message)
  t.match(messages[0], /reason episode ceased \('E4A'\) but no end date/)
})

t.test('codes must be valid for the episode date, one finding per field', async (t) => {
  t.same(summary(single({ legalStatus: 'C9' })), [['144', 0, ['legalStatus']]])
  t.same(summary(single({ legalStatus: '' })), [['144', 0, ['legalStatus']]])
  t.same(summary(single({ categoryOfNeed: 'N9' })), [['145', 0, ['categoryOfNeed']]])
  t.same(summary(single({ placementType: 'Q1' })), [['146', 0, ['placementType']]])
  t.same(summary(single({ placementProvider: 'PR9' })), [['178', 0, ['placementProvider']]])
  t.same(summary(single({ reasonEnded: 'E10' })), [['149', 0, ['reasonEnded']]])
  t.same(summary(single({ reasonPlaceChange: 'MOVED' })), [['1009', 0, ['reasonPlaceChange']]])
  t.same(summary(withEpisode(holidayAndMove(), 3, { reasonNewEpisode: 'Q' })), [['143', 3, ['reasonNewEpisode']]])
  t.same(summary(single({ legalStatus: 'C9', categoryOfNeed: 'N0' })), [
    ['144', 0, ['legalStatus']],
    ['145', 0, ['categoryOfNeed']],
  ])
  // K3 (supported accommodation) exists from 2024-25; H5 ended with 2024-25.
  t.same(summary(single({ startDate: '2023-06-01', endDate: '2023-09-01', placementType: 'K3' })), [['146', 0, ['placementType']]])
  t.same(summary(single({ startDate: '2024-06-01', endDate: '2024-09-01', placementType: 'K3' })), [])
  t.same(summary(single({ startDate: '2025-04-01', endDate: '2025-09-01', placementType: 'H5' })), [['146', 0, ['placementType']]])
})

t.test('placement provider: required, except for temporary and Z placements, which take none', async (t) => {
  t.same(summary(withEpisode(holidayAndMove(), 3, { placementProvider: null })), [['526', 3, ['placementProvider']]])
  t.same(summary(withEpisode(holidayAndMove(), 1, { placementProvider: 'PR1' })), [['213', 1, ['placementProvider']]])
  t.same(summary(single({ placementType: 'Z1', placementProvider: null })), [])
})

t.test('the first episode is RNE S (357)', async (t) => {
  t.same(summary(single({ reasonNewEpisode: 'P' })), [['357', 0, ['reasonNewEpisode']]])
  const blank = checkEpisodes(header, single({ reasonNewEpisode: '' }))
  t.same(
    blank.map((f) => f.rule),
    ['143', '357'],
  )
  t.match(blank[1]?.message, /not blank\./)
})

t.test('episodes must not overlap (501) or start while another is open (142)', async (t) => {
  t.same(summary([ep('2024-01-01', '2024-03-01', { reasonEnded: 'E4A' }), ep('2024-02-01', null)]), [['501', 1, ['startDate']]])
  // Overlapping an earlier, longer episode, not just the one before.
  t.same(summary([ep('2024-01-01', '2024-06-01', { reasonEnded: 'E4A' }), ep('2024-02-01', '2024-03-01', { reasonEnded: 'E4A' }), ep('2024-04-01', null)]), [
    ['501', 1, ['startDate']],
    ['501', 2, ['startDate']],
  ])
  t.same(summary([ep('2024-01-01', null), ep('2024-02-01', null), ep('2024-03-01', null)]), [['142', 0, ['endDate', 'reasonEnded']]])
})

t.test('X1 must be followed by an episode starting the same day (388, 433)', async (t) => {
  t.same(summary(withEpisode(holidayAndMove(), 3, { endDate: '2024-06-01', reasonEnded: 'X1' })), [['388', 3, ['reasonEnded']]])
  // A gap, then a new admission: the X1 should have been a cessation.
  t.same(summary([ep('2024-01-01', '2024-03-01'), ep('2024-04-01', null)]), [['388', 0, ['reasonEnded']]])
  // A gap, then a continuation: the continuation starts on the wrong day.
  t.same(summary([ep('2024-01-01', '2024-03-01', { reasonPlaceChange: 'CARPL' }), ep('2024-03-05', null, { reasonNewEpisode: 'P', placementType: 'U6' })]), [
    ['433', 1, ['reasonNewEpisode', 'startDate']],
  ])
})

t.test('RNE S only after a gap or a cessation (431), and after a cessation only S (432)', async (t) => {
  t.same(summary([ep('2024-01-01', '2024-03-01'), ep('2024-03-01', null)]), [['431', 1, ['reasonNewEpisode']]])
  t.same(summary([ep('2024-01-01', '2024-03-01', { reasonEnded: 'E4A' }), ep('2024-03-01', null)]), [['431', 1, ['reasonNewEpisode', 'startDate']]])
  t.same(summary([ep('2024-01-01', '2024-03-01', { reasonEnded: 'E4A' }), ep('2024-04-01', null, { reasonNewEpisode: 'P' })]), [
    ['432', 1, ['reasonNewEpisode']],
  ])
  // A gap after a cessation, then S: a second period of care, fine.
  t.same(summary([ep('2024-01-01', '2024-03-01', { reasonEnded: 'E4A' }), ep('2024-04-01', null)]), [])
})

t.test('RNE must match what changed (434, 435, 436)', async (t) => {
  const before = ep('2024-01-01', '2024-03-01', { legalStatus: 'C1', reasonPlaceChange: 'CARPL' })
  const after = (fields: Partial<Episode>) => [before, ep('2024-03-01', null, { legalStatus: 'C1', ...fields })]
  // Valid forms first.
  t.same(summary(after({ reasonNewEpisode: 'L', legalStatus: 'C2' })), [])
  t.same(summary(after({ reasonNewEpisode: 'P', placementType: 'U6', placementProvider: 'PR4' })), [])
  t.same(summary(after({ reasonNewEpisode: 'T', urn: 'SC123456' })), [])
  t.same(summary(after({ reasonNewEpisode: 'B', legalStatus: 'C2', placementPostcode: 'S61 2BB' })), [])
  t.same(summary(after({ reasonNewEpisode: 'U', legalStatus: 'C2', placementPostcode: 'S61 2BB' })), [])
  // A postcode written differently is the same postcode.
  t.same(summary(after({ reasonNewEpisode: 'L', legalStatus: 'C2', placementPostcode: 's601aa' })), [])

  t.same(summary(after({ reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'U6' })), [['434', 1, ['reasonNewEpisode', 'placementType']]])
  t.same(summary(after({ reasonNewEpisode: 'L' })), [['434', 1, ['reasonNewEpisode', 'legalStatus']]])
  t.same(summary(after({ reasonNewEpisode: 'P', legalStatus: 'C2', placementType: 'U6' })), [['435', 1, ['reasonNewEpisode', 'legalStatus']]])
  t.same(summary(after({ reasonNewEpisode: 'T' })), [['435', 1, ['reasonNewEpisode', 'placementType', 'placementPostcode', 'urn', 'placementProvider']]])
  t.same(summary(after({ reasonNewEpisode: 'B', placementType: 'U6' })), [['436', 1, ['reasonNewEpisode', 'legalStatus']]])
  t.same(summary(after({ reasonNewEpisode: 'U', legalStatus: 'C2' })), [
    ['436', 1, ['reasonNewEpisode', 'placementType', 'placementPostcode', 'urn', 'placementProvider']],
  ])
  const [finding] = checkEpisodes(header, after({ reasonNewEpisode: 'L', legalStatus: 'C2', placementType: 'U6', urn: 'SC1' }))
  t.match(finding?.message, /the legal status changed \(C1 to C2\) and the placement type \(PLACE\) and Ofsted URN changed/)
})

t.test('a temporary placement returns to the normal placement with RNE P (383)', async (t) => {
  const episodes = holidayAndMove()
  t.same(summary(withEpisode(episodes, 2, { placementType: 'U6', placementPostcode: 'S61 2BB' })), [['383', 2, ['placementType', 'placementPostcode']]])
  t.same(summary(withEpisode(episodes, 2, { reasonNewEpisode: 'T' })), [['383', 2, ['reasonNewEpisode']]])
  // Two temporary placements in a row, then home: fine.
  t.same(
    summary([
      ep('2024-01-01', '2024-02-01'),
      temp('2024-02-01', '2024-02-05', 'T1'),
      temp('2024-02-05', '2024-02-09', 'T4'),
      ep('2024-02-09', null, { reasonNewEpisode: 'P' }),
    ]),
    [],
  )
})

t.test('a period of care neither starts (380) nor ends (381) with a temporary placement', async (t) => {
  t.same(summary([temp('2024-01-01', '2024-01-05', 'T1', { reasonNewEpisode: 'S' }), ep('2024-01-05', null, { reasonNewEpisode: 'P' })]), [
    ['380', 0, ['placementType']],
  ])
  t.same(summary([ep('2024-01-01', '2024-02-01'), temp('2024-02-01', '2024-02-10', 'T2', { reasonEnded: 'E4A' })]), [['381', 1, ['placementType']]])
  // Open and on holiday now: not an ending.
  t.same(summary([ep('2024-01-01', '2024-02-01'), temp('2024-02-01', null)]), [])
})

t.test('reason for placement change: on the episode a placement change ends (225), not around temporary placements (226)', async (t) => {
  const episodes = holidayAndMove()
  t.same(summary(withEpisode(episodes, 2, { reasonPlaceChange: null })), [['225', 2, ['reasonPlaceChange']]])
  // A T change (same carer, new house) needs one too (DfE rule 225 covers P, B, T and U).
  t.same(summary([ep('2024-01-01', '2024-03-01'), ep('2024-03-01', null, { reasonNewEpisode: 'T', placementPostcode: 'S61 2BB' })]), [
    ['225', 0, ['reasonPlaceChange']],
  ])
  t.same(summary(withEpisode(episodes, 1, { reasonPlaceChange: 'OTHER' })), [['226', 1, ['reasonPlaceChange']]])
  t.same(summary(withEpisode(episodes, 0, { reasonPlaceChange: 'CARPL' })), [['226', 0, ['reasonPlaceChange']]])
})

t.test('category of need stays the same within a period of care (504)', async (t) => {
  t.same(summary(withEpisode(holidayAndMove(), 3, { categoryOfNeed: 'N2' })), [['504', 3, ['categoryOfNeed']]])
  // A new period may have a new category.
  t.same(summary([ep('2024-01-01', '2024-03-01', { reasonEnded: 'E4A' }), ep('2024-05-01', null, { categoryOfNeed: 'N2' })]), [])
})

t.test('findings come ordered by submitted episode index', async (t) => {
  const episodes = withEpisode(withEpisode(holidayAndMove(), 2, { reasonPlaceChange: null }), 3, { categoryOfNeed: 'N3' })
  const [a, b, c, d] = episodes as [Episode, Episode, Episode, Episode]
  // Submitted newest first: the moved-to episode is index 0, the episode ending in the move index 1.
  t.same(summary([d, c, b, a]), [
    ['504', 0, ['categoryOfNeed']],
    ['225', 1, ['reasonPlaceChange']],
  ])
})

t.test('a provider that cannot provide the placement type (527-531, 550) is a warning', async (t) => {
  const clash = (placementProvider: string, placementType: string) => summary(single({ placementProvider, placementType }))
  t.same(clash('PR1', 'R2'), [['527', 0, ['placementProvider', 'placementType']]])
  t.same(clash('PR2', 'R5'), [['528', 0, ['placementProvider', 'placementType']]])
  t.same(clash('PR3', 'U1'), [['529', 0, ['placementProvider', 'placementType']]])
  t.same(clash('PR4', 'P1'), [['530', 0, ['placementProvider', 'placementType']]])
  t.same(clash('PR5', 'P1'), [['531', 0, ['placementProvider', 'placementType']]])
  t.same(clash('PR0', 'U1'), [['550', 0, ['placementProvider', 'placementType']]])
  for (const [provider, type] of [
    ['PR0', 'P1'],
    ['PR1', 'U1'],
    ['PR3', 'R2'],
    ['PR4', 'K2'],
    ['PR5', 'R1'],
  ])
    t.same(clash(provider as string, type as string), [], `${provider} with ${type}`)
  t.same(
    checkEpisodes(header, single({ placementProvider: 'PR4', placementType: 'P1' })).map((f) => f.severity),
    ['warning'],
  )
})

t.test('youth-justice legal statuses (J1-J3) do not apply under 10 (358)', async (t) => {
  // Born 14/03/2012: 10 on 14/03/2022.
  const remand = (start: string) => [ep(start, null, { legalStatus: 'J1' })]
  t.same(summary(remand('2022-03-13')), [['358', 0, ['legalStatus', 'dateOfBirth']]])
  t.same(summary(remand('2022-03-14')), [], 'on the 10th birthday')
  t.same(summary([ep('2020-01-01', null, { legalStatus: 'C2' })]), [], 'other legal statuses at any age')
})
