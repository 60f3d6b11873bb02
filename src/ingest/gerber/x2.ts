// Gerber X2 attributes: TF (file), TA (aperture), TO (object), TD (delete), also when written
// inside G04 comments (`G04 #@! TF.FileFunction,...*`, as KiCad 5 does).

import { InputError } from '../../errors.ts'
import type { DiagnosticLog } from './parse.ts'
import type { Attribute } from './tree.ts'

/** Standard attribute names per command; other names starting with "." are reported as unknown. */
export const KNOWN_ATTRIBUTES: Record<'TF' | 'TA' | 'TO', ReadonlySet<string>> = {
  TF: new Set(['.Part', '.FileFunction', '.FilePolarity', '.SameCoordinates', '.CreationDate', '.GenerationSoftware', '.ProjectId', '.MD5']),
  TA: new Set(['.AperFunction', '.DrillTolerance', '.FlashText']),
  TO: new Set(['.N', '.P', '.C', '.CRot', '.CMfr', '.CMPN', '.CVal', '.CMnt', '.CFtp', '.CPgN', '.CPgD', '.CHgt', '.CLbN', '.CLbD', '.CSup']),
}

/** `TO.P,U1,A7` → { command: 'TO', name: '.P', values: ['U1', 'A7'] }. */
export function parseAttribute(block: string, line: number): Attribute {
  const command = block.slice(0, 2) as Attribute['command']
  const body = block.slice(2)
  const fields = body.length === 0 ? [] : body.split(',')
  const name = (fields[0] ?? '').trim()
  return { type: 'attribute', line, command, name, values: fields.slice(1) }
}

/** The attribute a `G04 #@! ...` comment carries, if any (text is the comment after G04). */
export function attributeFromComment(comment: string, line: number): Attribute | undefined {
  const at = comment.indexOf('#@!')
  if (at < 0) return undefined
  const rest = comment.slice(at + 3).trim()
  const command = rest.slice(0, 2)
  if (command !== 'TF' && command !== 'TA' && command !== 'TO' && command !== 'TD') return undefined
  return parseAttribute(rest, line)
}

/**
 * The X2 dictionaries while a file is plotted: file attributes (TF) for the whole file, aperture attributes
 * (TA) attached to each aperture at its definition, object attributes (TO) to each feature as it is made;
 * TD deletes one name, or every aperture and object attribute.
 */
export class X2Attributes {
  readonly file: Record<string, string[]> = {}
  /** Replaced, never changed in place: an aperture keeps the dictionary in force at its definition. */
  aperture: Record<string, string[]> = {}
  // of the object attributes only .P, .C and .N reach the features: the rest are checked and dropped
  private objectP: string[] | undefined
  private objectC: string[] | undefined
  private objectN: string[] | undefined
  /** From TO.C (else TO.P's first field), TO.P's second field and TO.N, for the features made now. */
  component: string | undefined
  pin: string | undefined
  net: string | undefined
  // a run of one object attribute (`%TO.P…%` before each pad) is looked up in KNOWN_ATTRIBUTES once
  private lastObjectName = ''

  constructor(private readonly fileName: string, private readonly log: DiagnosticLog) {}

  /** The dictionaries in force, as a checkpoint keeps them (resume.ts): only `file` is changed in place, so only it is copied. */
  snapshot(): Record<string, unknown> {
    const { fileName: _, log: __, ...fields } = this as unknown as Record<string, unknown>
    return { ...fields, file: { ...this.file } }
  }

  restore(fields: Record<string, unknown>): void {
    const { file, ...rest } = fields
    Object.assign(this, rest)
    Object.assign(this.file, file)
  }

  apply(node: Attribute): void {
    const { command, name, values, line } = node
    if (command !== 'TD' && name === '') throw new InputError(this.fileName, line, `%${command}*% without an attribute name`)
    if (command !== 'TD' && name.startsWith('.') && !(command === 'TO' && name === this.lastObjectName) && !KNOWN_ATTRIBUTES[command].has(name)) {
      this.log.warnOnce(`attr${name}`, line, `Unknown standard attribute ${command}${name}: kept but not interpreted`)
    }
    switch (command) {
      case 'TF':
        this.file[name] = values
        return
      case 'TA':
        this.aperture = { ...this.aperture, [name]: values }
        return
      case 'TO':
        this.lastObjectName = name
        if (name === '.P') this.objectP = values
        else if (name === '.C') this.objectC = values
        else if (name === '.N') this.objectN = values
        else return
        this.refreshObject()
        return
      case 'TD':
        if (name === '') {
          this.aperture = {}
          this.objectP = this.objectC = this.objectN = undefined
        } else {
          if (name in this.aperture) { this.aperture = { ...this.aperture }; delete this.aperture[name] }
          if (name === '.P') this.objectP = undefined
          else if (name === '.C') this.objectC = undefined
          else if (name === '.N') this.objectN = undefined
        }
        this.refreshObject()
    }
  }

  private refreshObject(): void {
    const p = this.objectP
    this.component = this.objectC?.[0] ?? p?.[0]
    this.pin = p?.[1]
    this.net = this.objectN?.[0]
  }
}
