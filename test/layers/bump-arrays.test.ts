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

  it('groups one sites list once for every rule that asks: its component lists are the same lists', () => {
    const first = bumpArrays(sites, 2)
    expect(bumpArrays(sites, 4)[0]!.sites).toBe(first[0]!.sites)
    // another list of the same sites is grouped afresh
    expect(bumpArrays({ ...sites }, 2)[0]!.sites).not.toBe(first[0]!.sites)
    expect(bumpArrays({ ...sites }, 2)[0]!.sites).toEqual(first[0]!.sites)
  })
})
