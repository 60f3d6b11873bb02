// Gerber X2 attributes: TF (file), TA (aperture), TO (object), TD (delete), also when written
// inside G04 comments (`G04 #@! TF.FileFunction,...*`, as KiCad 5 does).

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
