// Aperture macros (AM): parse the body into statements with compiled arithmetic, and evaluate a
// macro with an AD's parameters into exact local polygons (nm, about the macro origin).

import { Clipper, FillRule } from 'clipper2-ts'
import { InputError, LimitError } from '../../errors.ts'
import type { Path } from '../../geometry/types.ts'
import { describeText } from './describe.ts'
import { difference, orientCcw, union } from '../../geometry/boolean.ts'
import { circlePath, rotatePoint } from '../../geometry/polygonize.ts'

/** An arithmetic expression over the macro variables ($1 is vars[1]). */
export type Expression = (vars: number[]) => number

export type MacroStatement =
  | { kind: 'variable'; index: number; value: Expression; line: number }
  | { kind: 'primitive'; code: number; args: Expression[]; line: number }

export interface MacroTemplate {
  name: string
  statements: MacroStatement[]
}

/** Primitive codes we know; 2 and 22 and 6 are deprecated but still written by old CAD. */
const PRIMITIVE_ARITY: Record<number, number> = { 1: 4, 2: 7, 20: 7, 21: 6, 22: 6, 4: 5, 5: 5, 6: 8, 7: 5 }
export const DEPRECATED_PRIMITIVES: Record<number, string> = {
  2: 'macro primitive 2 (vector line, deprecated: read as 20)',
  22: 'macro primitive 22 (lower-left line, deprecated)',
  6: 'macro primitive 6 (moiré, deprecated)',
}

/**
 * Parse one arithmetic expression: + - x X / ( ) unary minus, decimals, $n.
 * Shunting-yard into a postfix program run on an explicit stack, never by recursion, so a million terms
 * or thousands of deep parentheses end in a value or one line, not a stack overflow.
 * Nesting (parentheses and unary signs) beyond `maxDepth` is a LimitError (a runaway or hostile file).
 */
export function parseExpression(text: string, file: string, line: number, maxDepth: number): Expression {
  const fail = (what: string): never => {
    throw new InputError(file, line, `Bad macro expression (${describeText(text, 'expression')}): ${what}`)
  }
  // postfix program: an operand is pushed as its value (CONST) or variable index (VAR); operators pop
  const code: number[] = []
  const operand: number[] = []
  const ops: number[] = [] // operator stack: OPEN, NEG, POS, ADD, SUB, MUL, DIV
  let nesting = 0 // OPEN and NEG/POS entries on `ops`
  let height = 0, maxHeight = 0
  const emit = (op: number) => {
    if (op === NEG || op === POS) { code.push(op); nesting--; return }
    code.push(op)
    height--
  }
  const deeper = () => {
    if (++nesting > maxDepth) throw new LimitError(file, line, `Macro expression nests deeper than ${maxDepth} (raise the depth limit if this file is genuine)`, 'maxDepth')
  }
  let pos = 0
  let wantOperand = true
  for (;;) {
    while (pos < text.length && text.charCodeAt(pos) <= 32) pos++
    if (pos >= text.length) break
    const c = text[pos]!
    if (wantOperand) {
      if (c === '-' || c === '+') { deeper(); ops.push(c === '-' ? NEG : POS); pos++; continue }
      if (c === '(') { deeper(); ops.push(OPEN); pos++; continue }
      if (c === '$') {
        const start = ++pos
        while (pos < text.length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++
        if (pos === start) fail('"$" without a variable number')
        code.push(VAR); operand.push(Number(text.slice(start, pos)))
      } else {
        const start = pos
        while (pos < text.length && /[0-9.]/.test(text[pos]!)) pos++
        if (pos === start) fail(`unexpected character at ${pos + 1}`)
        const value = Number(text.slice(start, pos))
        if (!Number.isFinite(value)) fail(`bad number at ${start + 1}`)
        code.push(CONST); operand.push(value)
      }
      if (++height > maxHeight) maxHeight = height
      wantOperand = false
      continue
    }
    if (c === ')') {
      while (ops.length > 0 && ops[ops.length - 1] !== OPEN) emit(ops.pop()!)
      if (ops.length === 0) fail(`unexpected character at ${pos + 1}`)
      ops.pop(); nesting--; pos++
      continue
    }
    const op = c === '+' ? ADD : c === '-' ? SUB : c === 'x' || c === 'X' ? MUL : c === '/' ? DIV : fail(`unexpected character at ${pos + 1}`)
    // left-associative: pop what binds as tightly or tighter (unary signs bind tightest)
    while (ops.length > 0 && ops[ops.length - 1] !== OPEN && PRECEDENCE[ops[ops.length - 1]!]! >= PRECEDENCE[op]!) emit(ops.pop()!)
    ops.push(op); pos++
    wantOperand = true
  }
  if (wantOperand) fail('unexpected end')
  while (ops.length > 0) {
    const op = ops.pop()!
    if (op === OPEN) fail('missing ")"')
    emit(op)
  }
  return run(code, operand, maxHeight)
}

const CONST = 0, VAR = 1, ADD = 2, SUB = 3, MUL = 4, DIV = 5, NEG = 6, POS = 7, OPEN = 8
const PRECEDENCE = [0, 0, 1, 1, 2, 2, 3, 3, -1]

/** The expression as a function of the macro variables: the postfix program on a stack of `height`. */
function run(code: number[], operand: number[], height: number): Expression {
  if (code.length === 1) {
    const v = operand[0]!
    return code[0] === CONST ? () => v : (vars) => vars[v] ?? 0
  }
  return (vars) => {
    const stack = new Float64Array(height)
    let top = 0, k = 0
    for (const op of code) {
      switch (op) {
        case CONST: stack[top++] = operand[k++]!; break
        case VAR: stack[top++] = vars[operand[k++]!] ?? 0; break // an unset variable reads as 0, as CAD output relies on
        case ADD: top--; stack[top - 1]! += stack[top]!; break
        case SUB: top--; stack[top - 1]! -= stack[top]!; break
        case MUL: top--; stack[top - 1]! *= stack[top]!; break
        case DIV: top--; stack[top - 1]! /= stack[top]!; break
        case NEG: stack[top - 1] = -stack[top - 1]!; break
        default: break // POS
      }
    }
    return stack[0]!
  }
}

/**
 * Parse the blocks of `%AMname*block*block*%`. `blocks[i]` starts on `lines[i]`.
 * Returns the template and the deprecated primitive codes it uses (for diagnostics).
 */
export function parseMacro(name: string, blocks: string[], lines: number[], file: string, maxDepth: number): MacroTemplate {
  const statements: MacroStatement[] = []
  for (let b = 0; b < blocks.length; b++) {
    const raw = blocks[b]!.trim()
    const line = lines[b]!
    if (raw === '') continue
    if (raw[0] === '0' && (raw.length === 1 || raw[1] === ' ' || raw[1] === ',')) continue // comment primitive
    const text = raw.replace(/\s+/g, '')
    if (text[0] === '$') {
      const eq = text.indexOf('=')
      const index = Number(text.slice(1, eq))
      if (eq < 2 || !Number.isInteger(index)) throw new InputError(file, line, `Bad macro variable definition (${describeText(raw, 'definition')}) in macro ${name}`)
      statements.push({ kind: 'variable', index, value: parseExpression(text.slice(eq + 1), file, line, maxDepth), line })
      continue
    }
    const fields = text.split(',')
    const code = Number(fields[0])
    if (!(code in PRIMITIVE_ARITY)) throw new InputError(file, line, `Unknown macro primitive ${fields[0]} in macro ${name}`)
    if (fields.length - 1 < PRIMITIVE_ARITY[code]!) {
      throw new InputError(file, line, `Macro primitive ${code} in macro ${name} needs at least ${PRIMITIVE_ARITY[code]} parameters (got ${fields.length - 1})`)
    }
    statements.push({ kind: 'primitive', code, args: fields.slice(1).map((f) => parseExpression(f, file, line, maxDepth)), line })
  }
  return { name, statements }
}

/** Round a float ring into an integer-nm path, rotated `degrees` CCW about the macro origin. */
function ring(points: [number, number][], degrees: number): Path {
  const out: Path = new Array(points.length)
  for (let k = 0; k < points.length; k++) {
    const [x, y] = rotatePoint(points[k]![0], points[k]![1], degrees)
    out[k] = { x: Math.round(x), y: Math.round(y) }
  }
  return out
}

function rectRing(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
}

function rotatedCircle(cx: number, cy: number, diameter: number, degrees: number, tolerance: number): Path {
  const [x, y] = rotatePoint(cx, cy, degrees)
  return circlePath(x, y, Math.abs(diameter) / 2, tolerance)
}

/** A disc minus a concentric disc: outer CCW, inner CW. */
function annulus(cx: number, cy: number, outer: number, inner: number, degrees: number, tolerance: number): Path[] {
  const rings = [rotatedCircle(cx, cy, outer, degrees, tolerance)]
  if (inner > 0) rings.push(rotatedCircle(cx, cy, inner, degrees, tolerance).reverse())
  return rings
}

/**
 * The exact outline of one primitive in nm (CCW outers, CW holes), `scale` nm per file unit.
 * `exposure` is returned separately; thermal and moiré are always on.
 */
function primitivePaths(code: number, a: number[], scale: number, tolerance: number, maxParts: number): { on: boolean; paths: Path[] } {
  const s = (k: number) => (a[k] ?? 0) * scale
  switch (code) {
    case 1: // exposure, diameter, cx, cy[, rotation]
      return { on: a[0] !== 0, paths: s(1) > 0 ? [rotatedCircle(s(2), s(3), s(1), a[4] ?? 0, tolerance)] : [] }
    case 2:
    case 20: { // exposure, width, x1, y1, x2, y2, rotation
      const w = s(1), x1 = s(2), y1 = s(3), x2 = s(4), y2 = s(5)
      const len = Math.hypot(x2 - x1, y2 - y1)
      if (len === 0 || w <= 0) return { on: a[0] !== 0, paths: [] }
      const nx = (-(y2 - y1) / len) * (w / 2), ny = ((x2 - x1) / len) * (w / 2)
      const pts: [number, number][] = [[x1 - nx, y1 - ny], [x2 - nx, y2 - ny], [x2 + nx, y2 + ny], [x1 + nx, y1 + ny]]
      return { on: a[0] !== 0, paths: [orientCcw(ring(pts, a[6] ?? 0))] }
    }
    case 21: { // exposure, width, height, cx, cy, rotation
      const w = Math.abs(s(1)), h = Math.abs(s(2)), cx = s(3), cy = s(4)
      if (w === 0 || h === 0) return { on: a[0] !== 0, paths: [] }
      return { on: a[0] !== 0, paths: [ring(rectRing(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), a[5] ?? 0)] }
    }
    case 22: { // exposure, width, height, x lower-left, y lower-left, rotation
      const w = Math.abs(s(1)), h = Math.abs(s(2)), x = s(3), y = s(4)
      if (w === 0 || h === 0) return { on: a[0] !== 0, paths: [] }
      return { on: a[0] !== 0, paths: [ring(rectRing(x, y, x + w, y + h), a[5] ?? 0)] }
    }
    case 4: { // exposure, n, x0, y0, ..., xn, yn, rotation
      const n = Math.round(a[1] ?? 0)
      if (n < 1 || a.length < 2 + 2 * (n + 1)) throw new Error(`outline primitive with ${n} points needs ${2 * (n + 1)} coordinates`)
      const pts: [number, number][] = []
      for (let k = 0; k <= n; k++) pts.push([s(2 + 2 * k), s(3 + 2 * k)])
      const last = pts[pts.length - 1]!, first = pts[0]!
      if (last[0] === first[0] && last[1] === first[1]) pts.pop() // the closing point repeats the first
      const path = ring(pts, a[2 + 2 * (n + 1)] ?? 0)
      // an outline may be written either way round and may touch itself: normalise with even-odd
      return { on: a[0] !== 0, paths: Clipper.union([path], FillRule.EvenOdd) }
    }
    case 5: { // exposure, vertices, cx, cy, diameter, rotation
      const n = Math.round(a[1] ?? 0)
      if (n < 3 || n > 12) throw new Error(`polygon primitive needs 3 to 12 vertices (got ${n})`)
      const cx = s(2), cy = s(3), r = Math.abs(s(4)) / 2
      const pts: [number, number][] = []
      for (let k = 0; k < n; k++) pts.push([cx + r * Math.cos((2 * Math.PI * k) / n), cy + r * Math.sin((2 * Math.PI * k) / n)])
      return { on: a[0] !== 0, paths: r > 0 ? [ring(pts, a[5] ?? 0)] : [] }
    }
    case 6: { // cx, cy, outer diameter, ring thickness, gap, max rings, crosshair thickness, crosshair length, rotation
      const cx = s(0), cy = s(1), t = s(3), gap = s(4), maxRings = Math.round(a[5] ?? 0), ct = s(6), cl = s(7), rot = a[8] ?? 0
      const parts: Path[] = []
      let d = s(2)
      // identical rings when the pitch is not positive; otherwise as many as fit, within the limit
      const rings = t + gap > 0 ? Math.min(maxRings, Math.ceil(d / (2 * (t + gap)))) : Math.min(maxRings, 1)
      if (rings > maxParts) throw new RangeError(`moiré primitive with ${rings} rings is beyond the feature limit ${maxParts}`)
      for (let k = 0; k < rings && d > 0; k++, d -= 2 * (t + gap)) parts.push(...annulus(cx, cy, d, d - 2 * t, rot, tolerance))
      if (ct > 0 && cl > 0) {
        parts.push(ring(rectRing(cx - cl / 2, cy - ct / 2, cx + cl / 2, cy + ct / 2), rot))
        parts.push(ring(rectRing(cx - ct / 2, cy - cl / 2, cx + ct / 2, cy + cl / 2), rot))
      }
      return { on: true, paths: union(parts) }
    }
    case 7: { // cx, cy, outer diameter, inner diameter, gap thickness, rotation
      const cx = s(0), cy = s(1), outer = s(2), inner = s(3), gap = s(4), rot = a[5] ?? 0
      if (outer <= inner || gap < 0) throw new Error('thermal primitive needs outer diameter > inner diameter and a gap ≥ 0')
      const ringPaths = annulus(cx, cy, outer, inner, rot, tolerance)
      const cross = [
        ring(rectRing(cx - outer, cy - gap / 2, cx + outer, cy + gap / 2), rot),
        ring(rectRing(cx - gap / 2, cy - outer, cx + gap / 2, cy + outer), rot),
      ]
      return { on: true, paths: gap > 0 ? difference(ringPaths, cross) : ringPaths }
    }
  }
  throw new Error(`unknown primitive ${code}`)
}

/**
 * Evaluate a macro with the AD parameters: primitives in order, exposure on unions, off subtracts
 * what came before. Result in nm about the macro origin; `scale` is nm per file unit.
 */
export function evaluateMacro(macro: MacroTemplate, params: number[], scale: number, file: string, tolerance: number, maxParts: number): Path[] {
  const vars: number[] = [0]
  for (let k = 0; k < params.length; k++) vars[k + 1] = params[k]!
  let image: Path[] = []
  let pending: Path[] = [] // consecutive exposure-on primitives, merged in one union
  for (const st of macro.statements) {
    if (st.kind === 'variable') {
      vars[st.index] = st.value(vars)
      continue
    }
    const args = st.args.map((e) => e(vars))
    if (!args.every(Number.isFinite)) throw new InputError(file, st.line, `Macro ${macro.name}: a parameter evaluates to ${args.find((v) => !Number.isFinite(v))} (division by zero?)`)
    let prim: { on: boolean; paths: Path[] }
    try {
      prim = primitivePaths(st.code, args, scale, tolerance, maxParts)
    } catch (e) {
      if (e instanceof RangeError) throw new LimitError(file, st.line, `Macro ${macro.name}: ${e.message}`)
      throw new InputError(file, st.line, `Macro ${macro.name}: ${(e as Error).message}`)
    }
    if (prim.on) {
      for (const p of prim.paths) pending.push(p)
    } else {
      if (pending.length > 0) image = union([...image, ...pending])
      pending = []
      image = difference(image, prim.paths)
    }
  }
  if (pending.length > 0) {
    // a single convex primitive needs no boolean: keep it as written
    image = image.length === 0 && pending.length === 1 ? [orientCcw(pending[0]!)] : union([...image, ...pending])
  }
  return image.filter((p) => p.length >= 3)
}
