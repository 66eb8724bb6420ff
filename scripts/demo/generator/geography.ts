/**
 * Where synthetic children live and are placed: postcodes in valid UK format, the placement's
 * authority and the distance from home, and the providers (fostering services, homes, agencies)
 * an authority uses, each with its URN. Nothing here is a real address: postcodes are drawn from
 * real postcode areas with random districts and units.
 */
import type { Random } from './random.ts'

/** Postcode areas whose second letter (if any) is allowed in that position (not I, J or Z). */
const AREAS = [
  'S',
  'DN',
  'LS',
  'WF',
  'HD',
  'HX',
  'BD',
  'YO',
  'HU',
  'B',
  'M',
  'L',
  'NE',
  'SR',
  'DH',
  'TS',
  'NG',
  'DE',
  'LE',
  'CV',
  'WV',
  'ST',
  'BS',
  'PL',
  'EX',
  'SO',
  'BN',
  'CT',
  'ME',
  'RG',
  'OX',
  'MK',
  'LU',
  'NR',
  'IP',
  'CB',
  'PE',
  'LN',
  'CH',
  'WA',
  'PR',
  'BB',
  'BL',
  'OL',
  'SK',
  'CA',
  'LA',
  'GL',
  'HR',
  'WR',
  'TA',
  'BA',
] as const

/** Letters allowed in the two-letter unit of the inward code (no C, I, K, M, O or V). */
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

/** Real English LA codes, used for the authorities placements are made in. */
const LA_CODES = [
  '201',
  '202',
  '203',
  '204',
  '205',
  '206',
  '207',
  '208',
  '209',
  '210',
  '211',
  '212',
  '213',
  '301',
  '302',
  '303',
  '304',
  '305',
  '306',
  '307',
  '308',
  '309',
  '310',
  '311',
  '312',
  '313',
  '314',
  '315',
  '316',
  '317',
  '318',
  '319',
  '320',
  '330',
  '331',
  '332',
  '333',
  '334',
  '335',
  '336',
  '340',
  '341',
  '342',
  '343',
  '344',
  '350',
  '351',
  '352',
  '353',
  '354',
  '355',
  '356',
  '357',
  '358',
  '359',
  '370',
  '371',
  '372',
  '373',
  '380',
  '381',
  '382',
  '383',
  '384',
  '390',
  '391',
  '392',
  '393',
  '394',
  '800',
  '801',
  '802',
  '803',
  '805',
  '806',
  '807',
  '808',
  '810',
  '811',
  '812',
  '813',
  '815',
  '816',
  '821',
  '822',
  '823',
  '825',
  '826',
  '830',
  '831',
  '835',
  '836',
  '837',
  '840',
  '841',
  '850',
  '851',
  '852',
  '855',
  '856',
  '857',
  '860',
  '861',
  '865',
  '866',
  '867',
  '868',
  '869',
  '870',
  '871',
  '872',
  '873',
  '874',
  '876',
  '877',
  '878',
  '879',
  '880',
  '881',
  '882',
  '883',
  '884',
  '885',
  '886',
  '887',
  '888',
  '889',
  '890',
  '891',
  '892',
  '893',
  '894',
  '895',
  '896',
  '908',
  '909',
  '916',
  '919',
  '921',
  '925',
  '926',
  '928',
  '929',
  '931',
  '933',
  '935',
  '936',
  '937',
  '938',
]

/** How far a placement is from the child's home area. */
export type Reach = 'local' | 'neighbour' | 'far'

export interface Geography {
  la: string
  homeArea: string
  neighbourArea: string
  neighbourLas: readonly string[]
  farAreas: readonly string[]
  farLas: readonly string[]
}

export function createGeography(la: string, random: Random): Geography {
  const homeIndex = random.int(0, AREAS.length - 1)
  const homeArea = AREAS[homeIndex] as string
  const neighbourArea = AREAS[(homeIndex + 1) % AREAS.length] as string
  const others = LA_CODES.filter((c) => c !== la)
  const start = random.int(0, others.length - 1)
  const rotated = [...others.slice(start), ...others.slice(0, start)]
  return {
    la,
    homeArea,
    neighbourArea,
    neighbourLas: rotated.slice(0, 4),
    farAreas: AREAS.filter((a) => a !== homeArea && a !== neighbourArea),
    farLas: rotated.slice(4, 40),
  }
}

/** A postcode in an area: district 1-39, then a sector digit and two unit letters. */
export function postcodeIn(area: string, random: Random): string {
  const district = random.int(1, 39)
  const letter = (): string => UNIT_LETTERS.charAt(random.int(0, UNIT_LETTERS.length - 1))
  const unit = `${letter()}${letter()}`
  return `${area}${district} ${random.int(0, 9)}${unit}`
}

/** A home address postcode in the authority's own area. */
export function homePostcode(geo: Geography, random: Random): string {
  return postcodeIn(geo.homeArea, random)
}

export interface Location {
  postcode: string
  la: string
  /** Miles from home, one decimal, as the 903 PL_DISTANCE. */
  distance: number
}

function miles(x: number): number {
  return Math.max(0.1, Math.round(x * 10) / 10)
}

/** A placement address at a given reach from home. */
export function locationAt(geo: Geography, reach: Reach, random: Random): Location {
  if (reach === 'local') {
    return { postcode: postcodeIn(geo.homeArea, random), la: geo.la, distance: miles(Math.min(random.logNormal(3.5, 0.6), 15)) }
  }
  if (reach === 'neighbour') {
    return {
      postcode: postcodeIn(geo.neighbourArea, random),
      la: random.pick(geo.neighbourLas),
      distance: miles(8 + random.float() * 22),
    }
  }
  return {
    postcode: postcodeIn(random.pick(geo.farAreas), random),
    la: random.pick(geo.farLas),
    distance: miles(Math.min(25 + random.logNormal(45, 0.6), 400)),
  }
}

/** Ofsted social-care URN: 'SC' and six digits. */
export function socialCareUrn(random: Random): string {
  return `SC${String(random.int(0, 999_999)).padStart(6, '0')}`
}

/** A seven-digit URN (the form Ofsted gives supported accommodation providers). */
export function sevenDigitUrn(random: Random): string {
  return String(random.int(2_000_000, 2_999_999))
}

/** A registered setting with a fixed address: a children's home, a supported accommodation service. */
export interface Setting {
  provider: string
  urn: string | null
  location: Location
  reach: Reach
}

/** The services an authority places with. Home locations are fixed, foster carers' are drawn per placement. */
export interface Providers {
  /** The council's own fostering service URN (in-house foster and kinship carers). */
  fosteringUrn: string
  /** Independent fostering agencies: provider PR4 (private) or PR5 (voluntary). */
  agencies: readonly { provider: string; urn: string }[]
  /** Children's homes (K2). */
  homes: readonly Setting[]
  /** Secure children's homes (K1), in-house or another authority's. */
  secureHomes: readonly Setting[]
  /** Supported accommodation (K3 from 2024-25; H5 before its registration). */
  supported: readonly Setting[]
  /** The council's short-break unit (V3 breaks). */
  shortBreakUnit: Setting
}

function setting(geo: Geography, random: Random, provider: string, reach: Reach, urn: string | null): Setting {
  return { provider, urn, location: locationAt(geo, reach, random), reach }
}

/** Provider pools sized to the authority (scale 1 is about Rotherham). */
export function createProviders(geo: Geography, scale: number, random: Random): Providers {
  const n = (k: number): number => Math.max(1, Math.round(k * scale))
  const agencies = Array.from({ length: n(6) }, (_, i) => ({
    provider: i % 3 === 2 ? 'PR5' : 'PR4',
    urn: socialCareUrn(random),
  }))
  const homes = [
    ...Array.from({ length: n(4) }, () => setting(geo, random, 'PR1', 'local', socialCareUrn(random))),
    ...Array.from({ length: n(24) }, (_, i) =>
      setting(geo, random, i % 8 === 7 ? 'PR5' : 'PR4', (['local', 'neighbour', 'far'] as const)[i % 3] as Reach, socialCareUrn(random)),
    ),
  ]
  const secureHomes = Array.from({ length: 3 }, (_, i) => setting(geo, random, i === 0 ? 'PR1' : 'PR2', i === 0 ? 'neighbour' : 'far', socialCareUrn(random)))
  const supported = [
    ...Array.from({ length: n(3) }, () => setting(geo, random, 'PR1', 'local', sevenDigitUrn(random))),
    ...Array.from({ length: n(10) }, (_, i) => setting(geo, random, i % 4 === 3 ? 'PR5' : 'PR4', i % 3 === 2 ? 'neighbour' : 'local', sevenDigitUrn(random))),
  ]
  return {
    fosteringUrn: socialCareUrn(random),
    agencies,
    homes,
    secureHomes,
    supported,
    shortBreakUnit: setting(geo, random, 'PR1', 'local', socialCareUrn(random)),
  }
}
