import { describe, expect, it } from 'vitest'
import { baseElement, bumpMetalFamily, findMaterial, MATERIALS, meltingPoint, padMetalFamily } from '../../src/physics/materials.ts'

describe('meltingPoint', () => {
  it('looks up elements by symbol or name, case-insensitively (CRC / ITS-90 values)', () => {
    expect(meltingPoint('Cu')).toBe(1084.6)
    expect(meltingPoint('copper')).toBe(1084.6)
    expect(meltingPoint(' ALUMINUM ')).toBe(660.3)
    expect(meltingPoint('aluminium')).toBe(660.3)
    expect(meltingPoint('ni')).toBe(1455)
    expect(meltingPoint('Ag')).toBe(961.8)
    expect(meltingPoint('gold')).toBe(1064.2)
    expect(meltingPoint('Cr')).toBe(1907)
    expect(meltingPoint('Mo')).toBe(2623)
    expect(meltingPoint('tungsten')).toBe(3422)
    expect(meltingPoint('Ti')).toBe(1668)
    expect(meltingPoint('Sn')).toBe(231.9)
    expect(meltingPoint('Pb')).toBe(327.5)
  })

  it('gives alloys their solidus, and the range through findMaterial', () => {
    expect(meltingPoint('SAC305')).toBe(217)
    expect(findMaterial('Sn96.5Ag3.0Cu0.5')).toMatchObject({ name: 'SAC305', solidus: 217, liquidus: 220, basis: 'datasheet' })
    expect(meltingPoint('Sn63Pb37')).toBe(183)
    expect(meltingPoint('AuSn20')).toBe(280)
    expect(meltingPoint('AgCu28')).toBe(779)
    expect(findMaterial('TiW')).toMatchObject({ name: 'Ti/W', solidus: 1668, basis: 'lower-bound' })
    expect(findMaterial('moly-manganese')).toMatchObject({ name: 'Mo/Mn', solidus: 1246, basis: 'lower-bound' })
    expect(meltingPoint('unobtainium')).toBeUndefined()
  })

  it('cites a source for every entry and keeps liquidus ≥ solidus', () => {
    for (const material of MATERIALS) {
      expect(material.source.length).toBeGreaterThan(10)
      expect(material.liquidus).toBeGreaterThanOrEqual(material.solidus)
    }
  })

  it('puts the seed\'s process window where the seed says: Al…Au bumps over 350 °C, below Cr/Mo/W pads', () => {
    for (const bump of ['Al', 'Cu', 'Ni', 'Ag', 'Au']) expect(meltingPoint(bump)!).toBeGreaterThan(350)
    for (const pad of ['Cr', 'Mo', 'W']) expect(meltingPoint(pad)!).toBeGreaterThan(findMaterial('Cu')!.liquidus)
    expect(meltingPoint('SAC305')!).toBeLessThan(350) // an ordinary solder is outside the window
  })
})

describe('metal families', () => {
  it('reads base elements from alloy designations', () => {
    expect(baseElement('AgCu28')).toBe('Ag') // Cu 28, Ag the balance 72
    expect(baseElement('CuNi44')).toBe('Cu') // Ni 44, Cu 56
    expect(baseElement('Sn96.5Ag3Cu0.5')).toBe('Sn')
    expect(baseElement('80Au20Sn')).toBe('Au')
    expect(baseElement('Al-Si')).toBe('Al') // no composition: the first named
    expect(baseElement('Pd-Ag')).toBe('Pd')
    expect(baseElement('Ni30Cu70')).toBe('Cu')
    expect(baseElement('stuff')).toBeUndefined()
  })

  it('classifies pad metals: refractory, Group 8, Group 1b', () => {
    for (const name of ['Cr', 'Mo', 'W', 'Ti/W', 'Mo/Mn', 'molybdenum', 'Ta']) expect(padMetalFamily(name)).toBe('refractory')
    for (const name of ['Ni', 'Fe', 'Co', 'Pt', 'Pd', 'Ru', 'Rh', 'Os', 'Ir', 'Pd-Ag']) expect(padMetalFamily(name)).toBe('group8')
    for (const name of ['Cu', 'Ag', 'gold']) expect(padMetalFamily(name)).toBe('group1b')
    expect(padMetalFamily('Al')).toBeNull()
    expect(padMetalFamily('Sn')).toBeNull()
  })

  it('classifies bump metals by their base metal', () => {
    expect(bumpMetalFamily('Cu')).toBe('Cu')
    expect(bumpMetalFamily('Al-Si')).toBe('Al')
    expect(bumpMetalFamily('AgCu28')).toBe('Ag')
    expect(bumpMetalFamily('Au80Sn20')).toBe('Au') // a gold alloy; its 280 °C is the melting-point rule's business
    expect(bumpMetalFamily('nickel')).toBe('Ni')
    expect(bumpMetalFamily('SAC305')).toBeNull()
    expect(bumpMetalFamily('W')).toBeNull()
  })
})

describe('baseElement, designations worked by hand', () => {
  it('reads prefix style with decimals: the largest share wins', () => {
    expect(baseElement('90Ag10Cu')).toBe('Ag') // Ag 90 > Cu 10
    expect(baseElement('40Cu60Ni')).toBe('Ni') // Ni 60 > Cu 40
    expect(baseElement('62.5Cu37.5Zn')).toBe('Cu') // Cu 62.5 > Zn 37.5
  })
  it('takes the unnumbered element as the balance, 100 less the rest', () => {
    expect(baseElement('NiCu70')).toBe('Cu') // Ni is the balance 30 < Cu 70
    expect(baseElement('Zn12.25Cu')).toBe('Cu') // Cu is the balance 87.75 > Zn 12.25
    expect(baseElement('Cu62.5Zn')).toBe('Cu') // Cu 62.5 > Zn the balance 37.5
  })
  it('breaks a tie by the element named first', () => {
    expect(baseElement('Cu50Ni50')).toBe('Cu')
    expect(baseElement('Ni50Cu50')).toBe('Ni')
  })
  it('reads nothing from a name with unread characters or an unknown symbol', () => {
    expect(baseElement('CuXyz')).toBeUndefined() // 'yz' is left unread
    expect(baseElement('80Au20')).toBeUndefined() // the trailing 20 names no element
    expect(baseElement('Qq50Cu')).toBeUndefined() // Qq is no element
  })
  it('finds table entries with spaces inside the name', () => {
    expect(findMaterial('Ti / W')?.name).toBe('Ti/W')
    expect(findMaterial('Sn 63 Pb 37')?.name).toBe('Sn63Pb37')
  })
})
