// How reader errors name the text they refuse. A file named as an input may be any file (a deck or a
// path pointing at /etc/shadow), so an error line describes what it found and never echoes its bytes.

/** `a 37-character command starting with G`: the length, and the first letter only when it is a command letter. */
export function describeText(text: string, what = 'command'): string {
  const first = /^[A-Z]/.test(text) ? ` starting with ${text[0]}` : ''
  return `a ${text.length}-character ${what}${first}`
}

/** `%FS…*% (12 characters)`: an extended command named by its two-letter code, which the reader has matched. */
export function describeBlock(block: string): string {
  return `%${block.slice(0, 2)}…*% (${block.length + 3} characters)`
}
