import { describe, expect, it } from 'vitest'
import { bumpArrays, type PadsAndCentres } from '../../src/layers/bump-arrays.ts'
import type { Feature } from '../../src/layers/model.ts'

const MM = 1_000_000 // nm

interface Site { pad: Feature; center: { x: number; y: number } }

/** A site as bumpArrays reads it: its pad's component and shape, and its centre. */
function site(x: number, y: number, component?: string): Site {
  const pad = { component, shape: { type: 'circle', cx: x, cy: y, diameter: 0.3 * MM }, bbox: [x - 0.15 * MM, y - 0.15 * MM, x + 0.15 * MM, y + 0.15 * MM] }
  return { pad: pad as unknown as Feature, center: { x, y } }
}

/** The sites as the list bumpArrays reads (a SiteList, or a selection of it). */
function listOf(sites: readonly Site[]): PadsAndCentres {
  return { length: sites.length, pad: (i) => sites[i]!.pad, center: (i) => sites[i]!.center }
}

describe('bumpArrays', () => {
  // U2: 3 pads, U1: 5 pads, then a 2 × 2 grid at 1 mm from (10 mm, 0) with no component
  const sites = listOf([
    ...[0, 1, 2].map((k) => site(k * MM, 5 * MM, 'U2')),
    ...[0, 1, 2, 3, 4].map((k) => site(k * MM, 0, 'U1')),
    ...[0, 1, 2, 3].map((k) => site(10 * MM + (k % 2) * MM, (k >> 1) * MM)),
  ])

  it('lists components by name, then the grids of pads without one, from minArraySize pads', () => {
    expect(bumpArrays(sites, 4).map((a) => [a.name, a.sites, a.from])).toEqual([
      ['U1', [3, 4, 5, 6, 7], 'component'], ['grid@10.000,0.000', [8, 9, 10, 11], 'grid']])
    expect(bumpArrays(sites, 3).map((a) => a.name)).toEqual(['U1', 'U2', 'grid@10.000,0.000'])
    expect(bumpArrays(sites, 5).map((a) => a.name)).toEqual(['U1'])
  })

  it('finds the arrays among some of the sites as in a list of those alone, by their positions in the whole list', () => {
    // sites 3 (U1), 9 and 11 (the grid's right column) left out: U1 keeps 4 pads, the grid's left column is a 2 × 1 array
    const among = [0, 1, 2, 4, 5, 6, 7, 8, 10]
    const alone = listOf(among.map((i) => ({ pad: sites.pad(i), center: sites.center(i) })))
    const expected = bumpArrays(alone, 2).map((a) => ({ ...a, sites: a.sites.map((k) => among[k]!) }))
    expect(bumpArrays(sites, 2, among)).toEqual(expected)
    expect(expected.map((a) => [a.name, a.sites])).toEqual([['U1', [4, 5, 6, 7]], ['U2', [0, 1, 2]], ['grid@10.000,0.000', [8, 10]]])
    // U2, all of whose sites are among them, keeps the list of all the sites' U2: no copy
    expect(bumpArrays(sites, 2, among)[1]!.sites).toBe(bumpArrays(sites, 2).find((a) => a.name === 'U2')!.sites)
  })

  it('groups one sites list once for every rule that asks: its component lists are the same lists', () => {
    const first = bumpArrays(sites, 2)
    expect(bumpArrays(sites, 4)[0]!.sites).toBe(first[0]!.sites)
    // another list of the same sites is grouped afresh
    expect(bumpArrays({ ...sites }, 2)[0]!.sites).not.toBe(first[0]!.sites)
    expect(bumpArrays({ ...sites }, 2)[0]!.sites).toEqual(first[0]!.sites)
  })

  it('reads each pad once for all the calls on one list, with or without a selection', () => {
    let reads = 0
    const counted: PadsAndCentres = { length: sites.length, pad: (i) => (reads++, sites.pad(i)), center: (i) => sites.center(i) }
    bumpArrays(counted, 4)
    bumpArrays(counted, 2, [0, 1, 2, 3])
    expect(reads).toBe(sites.length)
  })
})
