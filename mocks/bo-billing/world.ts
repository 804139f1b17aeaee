/**
 * How bo-billing's customers, contracts and bills derive from the seeded world and fixtures. Customers in
 * fixtures exist as written; besides them, every CLIENT_NUMBER from 70000000 to 79999999 is a generated
 * customer with one contract, 8 followed by the same seven digits (70001234 → 80001234). Anything else
 * is 404.
 */
import type { WorldContext } from '../../src/engine/define-mock.js'
import { memoize } from '../../src/world/cache.js'
import { addMonths, isoDate, isoMonth, parseMonth } from '../../src/world/calendar.js'
import { checked, fake, seededFaker } from '../../src/world/fake.js'
import { entitySeed } from '../../src/world/seed.js'
import { BOLIVIAN_CITIES, CITY_NAMES, type BolivianCity } from './geography.js'
import { AddressSchema, BillsCollectionSchema, InvoiceSchema, type BillsCollection, type BoFixtures } from './schemas.js'

export const GENERATED_CLIENTS = { min: 70_000_000, max: 79_999_999 } as const
/** The month of the latest bill: the world's fixed "today", so answers never depend on the clock. */
export const REFERENCE_MONTH = '2026-10'

interface ContractSpec { bills: number, city?: BolivianCity }

export type ContractLookup =
  | { found: true, collection: BillsCollection }
  | { found: false, missing: 'customer' | 'contract' }

export interface BoWorld {
  /** The contract's bills collection (all bills, newest first), or which part of the request is unknown. */
  contract: (idType: string, id: number, contractNumber: number) => ContractLookup
  /** The scenario the fixtures tag the customer with. */
  scenarioOf: (idType: string, id: number) => string | undefined
}

export function createBoWorld ({ seed, fixtures }: WorldContext<BoFixtures>): BoWorld {
  const pinned = new Map<string, Map<number, ContractSpec>>()
  const tags = new Map<string, string>()
  for (const customer of fixtures?.customers ?? []) {
    const contracts = pinned.get(`${customer.idType}:${customer.id}`) ?? new Map<number, ContractSpec>()
    for (const contract of customer.contracts) contracts.set(contract.contractNumber, { bills: contract.bills, city: contract.city })
    pinned.set(`${customer.idType}:${customer.id}`, contracts)
    if (customer.scenario !== undefined) tags.set(`${customer.idType}:${customer.id}`, customer.scenario)
  }

  const collection = memoize(10_000, (key: string) => {
    const [contractNumber = '0', bills = '0', city = ''] = key.split('|')
    return buildCollection(seed, Number(contractNumber), Number(bills), city === '' ? undefined : city as BolivianCity)
  })

  const contractsOf = (idType: string, id: number): Map<number, ContractSpec> | undefined => {
    const fixed = pinned.get(`${idType}:${id}`)
    if (fixed !== undefined) return fixed
    if (idType !== 'CLIENT_NUMBER' || id < GENERATED_CLIENTS.min || id > GENERATED_CLIENTS.max) return undefined
    const contractNumber = 80_000_000 + (id - GENERATED_CLIENTS.min)
    const faker = seededFaker(entitySeed(seed, 'bo-billing', `customer:${idType}:${id}`))
    return new Map([[contractNumber, { bills: faker.number.int({ min: 6, max: 24 }) }]])
  }

  return {
    scenarioOf: (idType, id) => tags.get(`${idType}:${id}`),
    contract (idType, id, contractNumber) {
      const contracts = contractsOf(idType, id)
      if (contracts === undefined) return { found: false, missing: 'customer' }
      const spec = contracts.get(contractNumber)
      if (spec === undefined) return { found: false, missing: 'contract' }
      return { found: true, collection: collection(`${contractNumber}|${spec.bills}|${spec.city ?? ''}`) }
    }
  }
}

function buildCollection (seed: number, contractNumber: number, bills: number, city: BolivianCity | undefined): BillsCollection {
  const contractSeed = entitySeed(seed, 'bo-billing', `contract:${contractNumber}`)
  const faker = seededFaker(contractSeed)
  const addressCount = faker.number.int({ min: 1, max: 2 })
  const billingAddress = Array.from({ length: addressCount }, (_, index) => {
    const generated = fake(AddressSchema, entitySeed(seed, 'bo-billing', `address:${contractNumber}:${index}`), `bo-billing address ${index} of contract ${contractNumber}`)
    const name = index === 0 && city !== undefined ? city : faker.helpers.arrayElement(CITY_NAMES)
    const place = BOLIVIAN_CITIES[name]
    return {
      ...generated,
      // Bolivian streets mostly carry a person's name: "Av. Arce Nº 2519".
      street: `${faker.helpers.arrayElement(['Av.', 'Calle', 'Calle', 'Pasaje'])} ${generated.street} Nº ${faker.number.int({ min: 1, max: 3999 })}`,
      neighborhood: faker.helpers.arrayElement(place.neighborhoods),
      city: name,
      state: place.state,
      zipCode: place.zipCode
    }
  })

  // A monthly plan in bolivianos; each bill varies a little with usage. The latest bill is still pending.
  const plan = faker.helpers.arrayElement([99, 149, 199, 249, 299, 399, 499, 699])
  const latest = parseMonth(REFERENCE_MONTH)
  const invoiceCollection = Array.from({ length: bills }, (_, age) => {
    const month = addMonths(latest, -age)
    const billSeed = entitySeed(seed, 'bo-billing', `bill:${contractNumber}:${isoMonth(month)}`)
    const generated = fake(InvoiceSchema, billSeed, `bo-billing bill of contract ${contractNumber} for ${isoMonth(month)}`)
    return {
      ...generated,
      invoiceContractNo: String(contractNumber),
      billPeriod: isoMonth(month),
      invoiceAmount: plan + (billSeed % Math.ceil(plan * 0.25)),
      invoiceStatus: age > 0
    }
  })

  return checked(BillsCollectionSchema, {
    contractNo: String(contractNumber),
    billingAddress,
    dueDate: isoDate(addMonths(latest, 1), 20),
    invoiceCollection
  }, `bo-billing bills collection of contract ${contractNumber}`)
}
