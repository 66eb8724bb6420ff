/** The DfE's SSDA903 validation rules as pure functions over a return as given, by collection year. */
export type { Cell, DfeRule, Finding, Flags, ReturnTable, ReturnTables, Row } from './types.ts'
export { ReturnContext } from './context.ts'
export { ALL_RULES, RULE_YEARS, rulesForYear } from './registry.ts'
export { readReturnFiles, returnTables, validateReturn, validateUpload, xmlReturnTables } from './validate.ts'
export type { ReadReturn, ReturnValidation, RuleResult, UploadValidation } from './validate.ts'
