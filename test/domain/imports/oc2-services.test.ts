import t from 'tap'
import { mergeOc2, oc2Facts, oc2ServiceInput, type Oc2Input, type Oc2ServiceFacts } from '../../../src/domain/imports/return-facts.ts'
import type { Oc2Facts } from '../../../src/domain/ssda903/index.ts'

// CONVICTED, SUBSTANCE_MISUSE and the INTERVENTION fields from the youth justice service's and the
// health trust's records (issue #16), as the DfE's rules 542/543, 191, 182, 158, 159, 192 and 193 read them.
const base: Oc2Input = {
  dateOfBirth: '2012-06-01',
  healthAssessment: true,
  dentalCheck: true,
  developmentAssessment: false,
  immunisationsUpToDate: true,
  sdqScore: 12,
  sdqReason: null,
  convicted: null,
  substanceMisuse: null,
}
const services = (over: Partial<Oc2ServiceFacts>): Oc2ServiceFacts => ({
  convictionsReported: false,
  substanceMisuseReported: false,
  convicted: new Set(),
  substanceMisuse: new Map(),
  ...over,
})
const pick = ({ convicted, substanceMisuse, interventionReceived, interventionOffered }: Oc2Facts) => ({
  convicted,
  substanceMisuse,
  interventionReceived,
  interventionOffered,
})

t.test('a service that has posted nothing for the authority leaves its fields blank; one that has makes nothing a 0', async (t) => {
  const none = services({})
  t.same(pick(oc2Facts(2025, { ...base, ...oc2ServiceInput(none, 'C1') })), {
    convicted: null,
    substanceMisuse: null,
    interventionReceived: null,
    interventionOffered: null,
  })
  const reporting = services({ convictionsReported: true, substanceMisuseReported: true })
  t.same(pick(oc2Facts(2025, { ...base, ...oc2ServiceInput(reporting, 'C1') })), {
    convicted: false,
    substanceMisuse: false,
    interventionReceived: null,
    interventionOffered: null,
  })
})

t.test('CONVICTED only from 10 at 31 March (rules 542/543)', async (t) => {
  const s = services({ convictionsReported: true, convicted: new Set(['C1']) })
  const input = { ...base, ...oc2ServiceInput(s, 'C1') }
  t.equal(oc2Facts(2025, { ...input, dateOfBirth: '2015-03-31' }).convicted, true, '10 on 31 March 2025')
  t.equal(oc2Facts(2025, { ...input, dateOfBirth: '2015-04-01' }).convicted, null, '9 on 31 March 2025: blank')
})

t.test('INTERVENTION_RECEIVED after a 1 only; INTERVENTION_OFFERED after a received 0 only', async (t) => {
  const misuse = (received: boolean, refused: boolean) =>
    pick(
      oc2Facts(2025, {
        ...base,
        ...oc2ServiceInput(services({ substanceMisuseReported: true, substanceMisuse: new Map([['C1', { identified: true, received, refused }]]) }), 'C1'),
      }),
    )
  t.same(misuse(true, false), { convicted: null, substanceMisuse: true, interventionReceived: true, interventionOffered: null })
  t.same(misuse(true, true), { convicted: null, substanceMisuse: true, interventionReceived: true, interventionOffered: null }, 'refused, then received')
  t.same(misuse(false, true), { convicted: null, substanceMisuse: true, interventionReceived: false, interventionOffered: true })
  t.same(misuse(false, false), { convicted: null, substanceMisuse: true, interventionReceived: false, interventionOffered: false })
})

t.test('mergeOc2: the integration wins CONVICTED when given, and the substance misuse three whole when it gave SUBSTANCE_MISUSE', async (t) => {
  const derived = oc2Facts(2025, {
    ...base,
    convicted: true,
    substanceMisuse: { identified: true, received: false, refused: true },
  })
  const blank = { ...derived, convicted: null, substanceMisuse: null, interventionReceived: null, interventionOffered: null }
  t.same(pick(mergeOc2(blank, derived) as Oc2Facts), pick(derived), 'the integration left them blank: the services')
  const sent = { ...blank, convicted: false, substanceMisuse: true, interventionReceived: true }
  t.same(
    pick(mergeOc2(sent, derived) as Oc2Facts),
    { convicted: false, substanceMisuse: true, interventionReceived: true, interventionOffered: null },
    "the integration's three, never mixed with the trust's OFFERED",
  )
})
