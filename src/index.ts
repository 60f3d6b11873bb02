// The programmatic API: the CLI, the JSON-RPC server and the CAD host adapters are thin shells over this.

export type { Report, Finding, Severity, Summary } from './engine/report.ts'
export type { Layer, Feature, Shape, Role, Side } from './layers/model.ts'
export { InputError, ConfigError, LimitError } from './errors.ts'
