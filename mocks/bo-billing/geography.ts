/**
 * Bolivian cities with their department, a few real neighbourhoods each, and a four-digit area code
 * used as zipCode (Bolivia has no postal codes in everyday use; the upstream field is free text).
 */
export const BOLIVIAN_CITIES = {
  'La Paz': { state: 'La Paz', zipCode: '0201', neighborhoods: ['Sopocachi', 'Miraflores', 'Calacoto', 'San Pedro', 'Obrajes', 'Achumani'] },
  'El Alto': { state: 'La Paz', zipCode: '0202', neighborhoods: ['Ciudad Satélite', 'Villa Adela', 'Río Seco', '16 de Julio'] },
  'Santa Cruz de la Sierra': { state: 'Santa Cruz', zipCode: '0701', neighborhoods: ['Equipetrol', 'Urbarí', 'Las Palmas', 'Plan Tres Mil', 'Villa Primero de Mayo'] },
  Cochabamba: { state: 'Cochabamba', zipCode: '0301', neighborhoods: ['Queru Queru', 'Cala Cala', 'Sarco', 'Tupuraya', 'Muyurina'] },
  Sucre: { state: 'Chuquisaca', zipCode: '0101', neighborhoods: ['San Roque', 'Villa Armonía', 'Barrio Petrolero', 'El Tejar'] },
  Oruro: { state: 'Oruro', zipCode: '0401', neighborhoods: ['Barrio Norte', 'Villa Challacollo', 'San José'] },
  Tarija: { state: 'Tarija', zipCode: '0601', neighborhoods: ['El Molino', 'San Roque', 'Las Panosas'] },
  Potosí: { state: 'Potosí', zipCode: '0501', neighborhoods: ['San Clemente', 'Villa Copacabana', 'Ciudad Satélite'] },
  Trinidad: { state: 'Beni', zipCode: '0801', neighborhoods: ['Pompeya', 'San Vicente', 'Villa Vecinal'] },
  Cobija: { state: 'Pando', zipCode: '0901', neighborhoods: ['Mapajo', 'Villa Busch', 'Junín'] }
} as const

export type BolivianCity = keyof typeof BOLIVIAN_CITIES

export const CITY_NAMES = Object.keys(BOLIVIAN_CITIES) as BolivianCity[]
