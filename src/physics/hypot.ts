// Math.hypot(a, b) without its allocation: V8's builtin takes its arguments as a list and
// allocates for each call (~80 bytes), and the grid search asks it millions of times (hundreds of
// MB of garbage at a million pads). This is V8's algorithm (math.tq, MathHypot: the largest
// magnitude factored out, then a Kahan sum of the squares) written for two arguments, so it returns
// the same double for every input; test/physics/hypot.test.ts holds it to Math.hypot.

/** √(a² + b²) exactly as Math.hypot(a, b) computes it. */
export function hypot(a: number, b: number): number {
  const x = Math.abs(a), y = Math.abs(b)
  // Math.hypot: any infinite argument gives Infinity, else any NaN gives NaN
  if (x === Infinity || y === Infinity) return Infinity
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN
  const max = x > y ? x : y
  if (max === 0) return 0
  const first = x / max, second = y / max
  // the Kahan sum of two terms: its compensation after the first term is exactly 0
  return Math.sqrt(first * first + second * second) * max
}
