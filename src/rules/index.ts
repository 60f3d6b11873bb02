// The rule registry: id → module, sorted by id. Adding a rule is one line here.

import type { Rule } from '../engine/rule.ts'
import bumpCoplanarity from './bump-coplanarity.ts'
import depositOverhang from './deposit-overhang.ts'
import depositPrintability from './deposit-printability.ts'
import filmWeb from './film-web.ts'
import maskWeb from './mask-web.ts'
import padDeposit from './pad-deposit.ts'
import padWettableArea from './pad-wettable-area.ts'
import processMaterials from './process-materials.ts'
import viaPitch from './via-pitch.ts'

export const rules: ReadonlyMap<string, Rule> = new Map(
  [bumpCoplanarity, depositOverhang, depositPrintability, filmWeb, maskWeb, padDeposit, padWettableArea, processMaterials, viaPitch].map((r) => [r.meta.id, r]),
)
