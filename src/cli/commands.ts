// Every subcommand, name → module. Adding one is one line here; help text comes from this map.

import type { Command } from './command.ts'
import { check } from './check.ts'
import { init } from './init.ts'
import { layers } from './layers.ts'
import { rules } from './rules.ts'
import { serve } from './serve.ts'

export const commands: Record<string, Command> = {
  check,
  init,
  layers,
  rules,
  serve,
}
