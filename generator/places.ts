// US cities with their real area codes and ZIP ranges, states and time zones, and street names, for plausible addresses.
import { type Prng, Weighted } from './prng';

export interface City {
  name: string;
  /** Spellings legacy clerks used for the same city ("NYC", "St Louis"). */
  aliases: readonly string[];
  state: string;
  areaCodes: readonly string[];
  zipFrom: number;
  zipTo: number;
}

export interface StateInfo {
  name: string;
  /** Standard-time UTC offset in hours. */
  utcOffset: number;
  observesDst: boolean;
}

export const STATES: Readonly<Record<string, StateInfo>> = {
  AZ: { name: 'Arizona', utcOffset: -7, observesDst: false },
  CA: { name: 'California', utcOffset: -8, observesDst: true },
  CO: { name: 'Colorado', utcOffset: -7, observesDst: true },
  CT: { name: 'Connecticut', utcOffset: -5, observesDst: true },
  DC: { name: 'District of Columbia', utcOffset: -5, observesDst: true },
  FL: { name: 'Florida', utcOffset: -5, observesDst: true },
  GA: { name: 'Georgia', utcOffset: -5, observesDst: true },
  HI: { name: 'Hawaii', utcOffset: -10, observesDst: false },
  IL: { name: 'Illinois', utcOffset: -6, observesDst: true },
  LA: { name: 'Louisiana', utcOffset: -6, observesDst: true },
  MA: { name: 'Massachusetts', utcOffset: -5, observesDst: true },
  MD: { name: 'Maryland', utcOffset: -5, observesDst: true },
  MI: { name: 'Michigan', utcOffset: -5, observesDst: true },
  MN: { name: 'Minnesota', utcOffset: -6, observesDst: true },
  MO: { name: 'Missouri', utcOffset: -6, observesDst: true },
  NC: { name: 'North Carolina', utcOffset: -5, observesDst: true },
  NJ: { name: 'New Jersey', utcOffset: -5, observesDst: true },
  NV: { name: 'Nevada', utcOffset: -8, observesDst: true },
  NY: { name: 'New York', utcOffset: -5, observesDst: true },
  OH: { name: 'Ohio', utcOffset: -5, observesDst: true },
  OR: { name: 'Oregon', utcOffset: -8, observesDst: true },
  PA: { name: 'Pennsylvania', utcOffset: -5, observesDst: true },
  TN: { name: 'Tennessee', utcOffset: -6, observesDst: true },
  TX: { name: 'Texas', utcOffset: -6, observesDst: true },
  UT: { name: 'Utah', utcOffset: -7, observesDst: true },
  VA: { name: 'Virginia', utcOffset: -5, observesDst: true },
  WA: { name: 'Washington', utcOffset: -8, observesDst: true },
  WI: { name: 'Wisconsin', utcOffset: -6, observesDst: true },
};

/** [name, state, area codes, first ZIP, last ZIP, relative population, aliases]. */
type CityRow = [string, string, string, number, number, number, string?];

const CITY_ROWS: CityRow[] = [
  ['New York', 'NY', '212 646 917 332', 10001, 10040, 84, 'NYC|New York City|Manhattan'],
  ['Brooklyn', 'NY', '718 347 929', 11201, 11239, 26],
  ['Buffalo', 'NY', '716', 14201, 14227, 3],
  ['Rochester', 'NY', '585', 14604, 14626, 2],
  ['Albany', 'NY', '518', 12202, 12210, 1],
  ['Los Angeles', 'CA', '213 310 323 818', 90001, 90089, 39, 'LA|L.A.'],
  ['San Diego', 'CA', '619 858', 92101, 92130, 14],
  ['San Jose', 'CA', '408 669', 95110, 95139, 10],
  ['San Francisco', 'CA', '415 628', 94102, 94134, 9, 'SF|San Fran'],
  ['Sacramento', 'CA', '916 279', 95814, 95838, 5],
  ['Oakland', 'CA', '510 341', 94601, 94621, 4],
  ['Fresno', 'CA', '559', 93701, 93728, 5],
  ['Houston', 'TX', '713 281 832 346', 77002, 77099, 23],
  ['Dallas', 'TX', '214 469 972', 75201, 75254, 13],
  ['Austin', 'TX', '512 737', 78701, 78759, 10],
  ['San Antonio', 'TX', '210 726', 78201, 78260, 15, 'San Antonio Tx'],
  ['El Paso', 'TX', '915', 79901, 79938, 7],
  ['Miami', 'FL', '305 786', 33125, 33199, 4],
  ['Orlando', 'FL', '407 689', 32801, 32839, 3],
  ['Tampa', 'FL', '813 656', 33602, 33629, 4],
  ['Jacksonville', 'FL', '904', 32202, 32258, 9],
  ['Chicago', 'IL', '312 773 872', 60601, 60661, 27, 'Chgo'],
  ['Springfield', 'IL', '217', 62701, 62712, 1],
  ['Naperville', 'IL', '630 331', 60540, 60565, 1],
  ['Philadelphia', 'PA', '215 267 445', 19102, 19154, 16, 'Phila|Philly'],
  ['Pittsburgh', 'PA', '412 878', 15201, 15243, 3],
  ['Columbus', 'OH', '614 380', 43201, 43235, 9],
  ['Cleveland', 'OH', '216', 44101, 44135, 4],
  ['Cincinnati', 'OH', '513', 45202, 45248, 3],
  ['Atlanta', 'GA', '404 678 470 770', 30303, 30363, 5],
  ['Savannah', 'GA', '912', 31401, 31419, 1],
  ['Charlotte', 'NC', '704 980', 28202, 28277, 9],
  ['Raleigh', 'NC', '919 984', 27601, 27617, 5],
  ['Detroit', 'MI', '313', 48201, 48235, 6],
  ['Grand Rapids', 'MI', '616', 49503, 49548, 2],
  ['Seattle', 'WA', '206', 98101, 98199, 7],
  ['Spokane', 'WA', '509', 99201, 99224, 2],
  ['Boston', 'MA', '617 857', 2108, 2136, 7],
  ['Worcester', 'MA', '508 774', 1602, 1610, 2],
  ['Phoenix', 'AZ', '602 480 623', 85003, 85054, 16],
  ['Tucson', 'AZ', '520', 85701, 85750, 5],
  ['Denver', 'CO', '303 720', 80202, 80249, 7],
  ['Colorado Springs', 'CO', '719', 80903, 80951, 5, 'Colo Springs'],
  ['Newark', 'NJ', '973 862', 7102, 7114, 3],
  ['Jersey City', 'NJ', '201 551', 7302, 7310, 3],
  ['Trenton', 'NJ', '609 640', 8608, 8638, 1],
  ['Richmond', 'VA', '804', 23219, 23237, 2],
  ['Virginia Beach', 'VA', '757', 23451, 23464, 5, 'Va Beach'],
  ['Nashville', 'TN', '615 629', 37201, 37221, 7],
  ['Memphis', 'TN', '901', 38103, 38141, 6],
  ['Minneapolis', 'MN', '612', 55401, 55455, 4, 'Mpls'],
  ['Saint Paul', 'MN', '651', 55101, 55130, 3, 'St. Paul|St Paul'],
  ['Portland', 'OR', '503 971', 97201, 97236, 6],
  ['Las Vegas', 'NV', '702 725', 89101, 89183, 6],
  ['St. Louis', 'MO', '314', 63101, 63147, 3, 'Saint Louis|St Louis'],
  ['Kansas City', 'MO', '816', 64101, 64157, 5],
  ['New Orleans', 'LA', '504', 70112, 70131, 4],
  ['Hartford', 'CT', '860 959', 6101, 6120, 1],
  ['New Haven', 'CT', '203 475', 6510, 6519, 1],
  ['Honolulu', 'HI', '808', 96813, 96826, 3],
  ['Salt Lake City', 'UT', '801 385', 84101, 84121, 2, 'SLC|Salt Lake'],
  ['Milwaukee', 'WI', '414', 53202, 53233, 6],
  ['Baltimore', 'MD', '410 443', 21201, 21239, 6],
  ['Washington', 'DC', '202', 20001, 20020, 7, 'Washington DC|Washington, D.C.'],
];

const CITIES: readonly City[] = CITY_ROWS.map(([name, state, codes, zipFrom, zipTo, , aliases]) => ({
  name,
  state,
  areaCodes: codes.split(' '),
  zipFrom,
  zipTo,
  aliases: aliases ? aliases.split('|') : [],
}));

const cityTable = new Weighted(CITIES.map((city, i) => [city, CITY_ROWS[i]?.[5] ?? 1] as const));

export function pickCity(rng: Prng): City {
  return cityTable.pick(rng);
}

/** Another city in the same state when there is one (a local move), else any city. */
export function pickCityInState(rng: Prng, state: string): City {
  const local = CITIES.filter((c) => c.state === state);
  return local.length > 0 ? rng.pick(local) : pickCity(rng);
}

export function zipFor(rng: Prng, city: City): string {
  return String(rng.between(city.zipFrom, city.zipTo)).padStart(5, '0');
}

export const STREET_NAMES: readonly string[] = [
  'Main', 'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park',
  '2nd', '3rd', '4th', '5th', 'Sunset', 'Lincoln', 'Jackson', 'Franklin', 'Highland', 'Church',
  'Walnut', 'Spring', 'Ridge', 'Mill', 'Madison', 'Adams', 'Jefferson', 'Chestnut', 'Willow', 'Meadow',
  'Forest', 'River', 'Valley', 'Broadway', 'Cherry', 'Dogwood', 'Magnolia', 'Martin Luther King Jr', 'Peachtree', 'Mission',
  'Sycamore', 'Hickory', 'Birch', 'Lakeview', 'Center', 'Union', 'Prospect', 'Summit', 'Fairview', 'El Camino',
];

/** Street types as [full, abbreviation]; legacy forms used either, with or without a period. */
export const STREET_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['Street', 'St'], ['Avenue', 'Ave'], ['Road', 'Rd'], ['Drive', 'Dr'], ['Lane', 'Ln'], ['Boulevard', 'Blvd'],
  ['Court', 'Ct'], ['Place', 'Pl'], ['Way', 'Way'], ['Terrace', 'Ter'], ['Circle', 'Cir'], ['Parkway', 'Pkwy'],
];

/** Fictional employers; colleagues share the main line and the email domain. */
export const COMPANIES: readonly string[] = [
  'acme-corp.com', 'globex.com', 'initech.com', 'umbrella-health.org', 'hooli.com', 'piedpiper.com',
  'dundermifflin.com', 'contoso.com', 'fabrikam.com', 'northwind-traders.com', 'vandelay-industries.com',
  'wonka-foods.com', 'massive-dynamic.com', 'blue-sun.com', 'stark-logistics.com', 'wayne-financial.com',
];
