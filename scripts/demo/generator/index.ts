/** Synthetic demo authorities: deterministic children, care histories and partner records. */
export { DEMO_DEFAULTS, generateAuthority } from './generate.ts'
export type {
  CareLeaverEligibility,
  DemoAuthority,
  DemoCareLeaver,
  DemoCareLeaverContact,
  DemoChild,
  DemoHealthCheck,
  DemoPathwayPlan,
  DemoSdqReturn,
  GenerateOptions,
  HealthCheckKind,
  HealthCheckOutcome,
  InTouchCode,
  SdqInformant,
  SdqReasonCode,
} from './types.ts'
export { createRandom, hashString } from './random.ts'
export type { Random, WeightTable } from './random.ts'
export { demoApiRecords, demoEducationRecords } from './api-records.ts'
