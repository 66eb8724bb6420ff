/**
 * Placements for synthetic children: which kind of placement a child of a given age goes to, with
 * which provider, URN and address, and which codes are in force on the day (H5 and P2 until 2024-25,
 * K3 from 2024-25, Z1 until 2024-25 then Z11-Z14). Mix roughly as an English authority: most children
 * fostered (about 60% with the council's own carers, 40% with agencies), kinship carers, some in
 * children's homes (mostly private), supported accommodation at 16 and over.
 */
import { toDayNumber } from '../../../src/domain/dates/calendar.ts'
import { locationAt } from './geography.ts'
import type { Geography, Location, Providers, Reach, Setting } from './geography.ts'
import type { Random, WeightTable } from './random.ts'

/** The placement fields of an episode, plus where it is. */
export interface Place {
  type: string
  provider: string | null
  postcode: string | null
  urn: string | null
  la: string | null
  distance: number | null
}

/** K3 (supported accommodation) exists from 2024-25. */
export const K3_FROM = toDayNumber('2024-04-01')
/** Supported accommodation for 16-17s had to be registered with Ofsted by 28 October 2024 (H5 became K3). */
export const REGISTRATION_DAY = toDayNumber('2024-10-28')
/** Z1 is split into Z11-Z14 from 2025-26. */
export const Z_SPLIT_DAY = toDayNumber('2025-04-01')
/** Unregulated independent living (P2) was banned for under-16s from 9 September 2021; we stop using it then. */
const P2_UNTIL = toDayNumber('2021-09-09')

export interface PlaceContext {
  random: Random
  geo: Geography
  providers: Providers
  /** The child's home postcode (null for UASC), for placements with parents. */
  homePostcode: string | null
  /** UASC: distance from home is not known. */
  distanceKnown: boolean
}

const FOSTER = new Set(['U1', 'U2', 'U3', 'U4', 'U5', 'U6'])
const KINSHIP = new Set(['U1', 'U2', 'U3'])

export function isFoster(type: string): boolean {
  return FOSTER.has(type)
}

export function isKinship(type: string): boolean {
  return KINSHIP.has(type)
}

/** The placement types a child in supported or independent accommodation is in. */
export function isSemiIndependent(type: string): boolean {
  return type === 'H5' || type === 'K3' || type === 'P2'
}

function at(ctx: PlaceContext, type: string, provider: string | null, urn: string | null, where: Location): Place {
  return {
    type,
    provider,
    urn,
    postcode: where.postcode,
    la: where.la,
    distance: ctx.distanceKnown ? where.distance : null,
  }
}

function reach(ctx: PlaceContext, table: WeightTable<Reach>): Location {
  return locationAt(ctx.geo, ctx.random.weighted(table), ctx.random)
}

function inSetting(ctx: PlaceContext, type: string, s: Setting, urn: string | null): Place {
  return at(ctx, type, s.provider, urn, s.location)
}

/** A foster placement: kinship carers are the council's; others in-house (60%) or with an agency. */
export function fosterPlace(ctx: PlaceContext, type: string): Place {
  const { random, providers } = ctx
  if (isKinship(type)) {
    return at(
      ctx,
      type,
      'PR1',
      providers.fosteringUrn,
      reach(ctx, [
        ['local', 75],
        ['neighbour', 20],
        ['far', 5],
      ]),
    )
  }
  if (random.chance(0.6)) {
    return at(
      ctx,
      type,
      'PR1',
      providers.fosteringUrn,
      reach(ctx, [
        ['local', 90],
        ['neighbour', 10],
      ]),
    )
  }
  const agency = random.pick(providers.agencies)
  return at(
    ctx,
    type,
    agency.provider,
    agency.urn,
    reach(ctx, [
      ['local', 50],
      ['neighbour', 35],
      ['far', 15],
    ]),
  )
}

/** A children's home (K2): a quarter in-house, the rest private or voluntary. */
export function homePlace(ctx: PlaceContext): Place {
  const inHouse = ctx.providers.homes.filter((h) => h.provider === 'PR1')
  const external = ctx.providers.homes.filter((h) => h.provider !== 'PR1')
  const home = ctx.random.chance(0.25) ? ctx.random.pick(inHouse) : ctx.random.pick(external)
  return inSetting(ctx, 'K2', home, home.urn)
}

export function securePlace(ctx: PlaceContext): Place {
  const home = ctx.random.pick(ctx.providers.secureHomes)
  return inSetting(ctx, 'K1', home, home.urn)
}

/**
 * Supported or semi-independent accommodation for a 16-17 year old on a day: P2 (rarely, before its
 * ban), H5 until registration, K3 after it (either during 2024-25's transition months).
 */
export function supportedPlace(ctx: PlaceContext, day: number): Place {
  const { random } = ctx
  const s = random.pick(ctx.providers.supported)
  if (day < P2_UNTIL && random.chance(0.12)) {
    return at(
      ctx,
      'P2',
      random.chance(0.7) ? 'PR4' : 'PR1',
      null,
      reach(ctx, [
        ['local', 80],
        ['neighbour', 20],
      ]),
    )
  }
  const k3 = day >= REGISTRATION_DAY || (day >= K3_FROM && random.chance(0.3))
  return k3 ? inSetting(ctx, 'K3', s, s.urn) : inSetting(ctx, 'H5', s, null)
}

/** The same setting after it registered with Ofsted: now K3, with its URN. */
export function registeredAsK3(ctx: PlaceContext, h5: Place): Place {
  const s = ctx.providers.supported.find((x) => x.location.postcode === h5.postcode)
  return { ...h5, type: 'K3', urn: s?.urn ?? String(ctx.random.int(2_000_000, 2_999_999)) }
}

/** An "other" placement (Z1, or Z11-Z14 from 2025-26): no provider, no URN. */
export function otherPlace(ctx: PlaceContext, day: number): Place {
  const type = day >= Z_SPLIT_DAY ? ctx.random.pick(['Z11', 'Z12', 'Z13', 'Z14']) : 'Z1'
  return {
    ...at(
      ctx,
      type,
      null,
      null,
      reach(ctx, [
        ['local', 50],
        ['neighbour', 30],
        ['far', 20],
      ]),
    ),
  }
}

/** The same Z1 placement recoded in 2025-26. */
export function recodedZ1(ctx: PlaceContext, z1: Place): Place {
  return { ...z1, type: ctx.random.pick(['Z11', 'Z12', 'Z13', 'Z14']) }
}

/** Placed with parents (P1): at home, provider PR0. */
export function parentsPlace(ctx: PlaceContext): Place {
  return {
    type: 'P1',
    provider: 'PR0',
    urn: null,
    postcode: ctx.homePostcode,
    la: ctx.geo.la,
    distance: ctx.distanceKnown ? 0 : null,
  }
}

/** A parent and baby unit (R3). */
export function parentAndBabyPlace(ctx: PlaceContext): Place {
  const home = ctx.random.pick(ctx.providers.homes)
  return at(ctx, 'R3', 'PR4', null, home.location)
}

/**
 * Placed for adoption. A3/A5 are with the current foster carers (same address); A4/A6 with new
 * adopters. The provider is the regional adoption agency (PR1 when the council hosts it, else PR2) or a
 * voluntary agency; the URN is XXXXXXX, as for agencies Ofsted does not give a setting URN.
 */
export function adoptionPlace(ctx: PlaceContext, type: 'A3' | 'A4' | 'A5' | 'A6', current: Place): Place {
  const provider = ctx.random.weighted<string>([
    ['PR1', 55],
    ['PR2', 30],
    ['PR5', 15],
  ])
  if (type === 'A3' || type === 'A5') return { ...current, type, provider, urn: 'XXXXXXX' }
  return at(
    ctx,
    type,
    provider,
    'XXXXXXX',
    reach(ctx, [
      ['local', 40],
      ['neighbour', 35],
      ['far', 25],
    ]),
  )
}

/** The short-break unit, for V3 breaks. */
export function shortBreakPlace(ctx: PlaceContext): Place {
  const unit = ctx.providers.shortBreakUnit
  return inSetting(ctx, 'K2', unit, unit.urn)
}

/** A temporary placement (T0-T4): no provider, URN, address or authority recorded. */
export function temporaryPlace(type: string): Place {
  return { type, provider: null, urn: null, postcode: null, la: null, distance: null }
}

/** Where a child is placed on coming into care, by age (and for UASC). */
export function firstPlace(ctx: PlaceContext, age: number, day: number, options: { uasc: boolean; forAdoption: boolean; remand: boolean }): Place {
  const { random } = ctx
  if (options.remand) {
    const kind = random.weighted<string>([
      ['K1', 30],
      ['K2', 40],
      ['U6', 30],
    ])
    return kind === 'K1' ? securePlace(ctx) : kind === 'K2' ? homePlace(ctx) : fosterPlace(ctx, 'U6')
  }
  if (options.uasc) {
    const kind = random.weighted<string>(
      age < 16
        ? [
            ['U6', 85],
            ['K2', 15],
          ]
        : [
            ['supported', 55],
            ['U6', 30],
            ['K2', 15],
          ],
    )
    return kind === 'supported' ? supportedPlace(ctx, day) : kind === 'K2' ? homePlace(ctx) : fosterPlace(ctx, 'U6')
  }
  if (options.forAdoption) return fosterPlace(ctx, age < 1 && random.chance(0.3) ? 'U5' : random.chance(0.15) ? 'U3' : 'U6')
  if (age < 1) {
    if (random.chance(0.05)) return parentAndBabyPlace(ctx)
    return fosterPlace(ctx, random.chance(0.16) ? 'U3' : 'U6')
  }
  return movePlace(ctx, age, day)
}

/** Where a child moves to (a change of carer), by age. */
export function movePlace(ctx: PlaceContext, age: number, day: number): Place {
  const { random } = ctx
  let table: WeightTable<string>
  if (age < 10)
    table = [
      ['U3', 18],
      ['U6', 80],
      ['K2', 2],
    ]
  else if (age < 14)
    table = [
      ['U3', 12],
      ['U6', 70],
      ['K2', 18],
    ]
  else if (age < 16)
    table = [
      ['U3', 10],
      ['U6', 55],
      ['K2', 32],
      ['K1', 1.5],
      ['Z', 1.5],
    ]
  else
    table = [
      ['U3', 8],
      ['U6', 35],
      ['K2', 17],
      ['supported', 38],
      ['Z', 2],
    ]
  const kind = random.weighted(table)
  switch (kind) {
    case 'K2':
      return homePlace(ctx)
    case 'K1':
      return securePlace(ctx)
    case 'supported':
      return supportedPlace(ctx, day)
    case 'Z':
      return otherPlace(ctx, day)
    default:
      return fosterPlace(ctx, kind)
  }
}

/** True when two placements differ in a field the 903 compares (type, postcode, URN, provider). */
export function differs(a: Place, b: Place): boolean {
  return a.type !== b.type || a.postcode !== b.postcode || a.urn !== b.urn || a.provider !== b.provider
}

/** A new placement that is not the current one (a move must change something the 903 can see). */
export function anotherPlace(ctx: PlaceContext, current: Place, draw: () => Place): Place {
  for (let i = 0; i < 8; i++) {
    const next = draw()
    if (differs(next, current)) return next
  }
  // Every draw matched (a one-home pool): a different carer address in the same area.
  const where = locationAt(ctx.geo, 'local', ctx.random)
  return { ...current, postcode: where.postcode === current.postcode ? `${ctx.geo.homeArea}1 1AA` : where.postcode }
}
