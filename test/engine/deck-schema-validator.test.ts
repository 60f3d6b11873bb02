import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { deckValidatorSource, VALIDATOR_MODULE } from '../../scripts/gen-deck-validator.ts'
import type { ErrorObject } from 'ajv'
import { validate as compiled } from '../../src/engine/deck-schema-validator.ts'

const validate = compiled as typeof compiled & { errors?: ErrorObject[] | null }

describe('the deck schema compiled ahead (src/engine/deck-schema-validator.ts)', () => {
  it('is what Ajv makes of rules/deck.schema.json today, byte for byte: a schema edit without the script fails here', () => {
    expect(readFileSync(VALIDATOR_MODULE, 'utf8')).toBe(deckValidatorSource())
  })

  it('judges as the schema does: a preset passes, a wrong type fails with its path', () => {
    expect(validate(JSON.parse(readFileSync('rules/pcb-bga.json', 'utf8')))).toBe(true)
    expect(validate({ name: 5, rules: {} })).toBe(false)
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/name', message: 'must be string' })
  })
})
