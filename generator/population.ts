// Who the next row is about: a brand-new person (sometimes a housemate or colleague of someone known) or a known one again.
import { createHouseholdMember, createPerson, type PeopleContext, type Person } from './people';
import { PersonPool } from './plan';
import type { Prng } from './prng';
import { SeenFilter } from './seen-filter';
import { SOURCE_NAMES, type SourceName } from './source-profiles';

/** Share of new persons who live with an earlier person (same surname, address, landline). */
const HOUSEHOLD_RATE = 0.05;
/** Share of new persons who work with an earlier person (same main line, own extension). */
const COLLEAGUE_RATE = 0.03;

export interface PersonStats {
  total: number;
  householdMembers: number;
  colleagues: number;
  /** Persons with more than one record, and with records in more than one source. */
  withDuplicates: number;
  inSeveralSources: number;
  maxRecordsPerPerson: number;
}

export interface DuplicateStats {
  sameSource: number;
  otherSource: number;
}

export class Population {
  private readonly pool: PersonPool<Person>;
  private readonly ctx: PeopleContext;
  private nextId = 1;
  private readonly stats: PersonStats = { total: 0, householdMembers: 0, colleagues: 0, withDuplicates: 0, inSeveralSources: 0, maxRecordsPerPerson: 0 };
  readonly duplicates: DuplicateStats = { sameSource: 0, otherSource: 0 };

  constructor(private readonly rng: Prng, poolSize: number) {
    this.pool = new PersonPool(poolSize);
    this.ctx = { rng, seen: new SeenFilter() };
  }

  /** A person never seen before; joins the pool that later duplicates are drawn from. */
  newPerson(): Person {
    const person = this.related() ?? createPerson(this.ctx, this.nextId);
    this.nextId++;
    this.stats.total++;
    if (person.kind === 'household-member') this.stats.householdMembers++;
    if (person.kind === 'colleague') this.stats.colleagues++;
    const evicted = this.pool.add(person);
    if (evicted) this.retire(evicted);
    return person;
  }

  /** A recent person again: the next record is a duplicate of them. */
  knownPerson(): Person {
    return this.pool.pick(this.rng);
  }

  /** Notes that `person` got a record in `source` (for the statistics). */
  recorded(person: Person, source: SourceName): void {
    const bit = 1 << SOURCE_NAMES.indexOf(source);
    if (person.records > 0) {
      if (person.sources & bit) this.duplicates.sameSource++;
      else this.duplicates.otherSource++;
    }
    person.sources |= bit;
    person.records++;
  }

  summary(): PersonStats {
    const stats = { ...this.stats };
    for (const person of this.pool.values()) tally(stats, person);
    return stats;
  }

  private related(): Person | null {
    if (this.pool.size === 0) return null;
    const roll = this.rng.float();
    for (let attempt = 0; attempt < 3; attempt++) {
      const anchor = this.pool.pick(this.rng);
      if (roll < HOUSEHOLD_RATE) {
        const member = createHouseholdMember(this.ctx, this.nextId, anchor);
        if (member) return member;
      } else if (roll < HOUSEHOLD_RATE + COLLEAGUE_RATE) {
        if (anchor.office) return createPerson(this.ctx, this.nextId, anchor.office);
      } else return null;
    }
    return null;
  }

  private retire(person: Person): void {
    tally(this.stats, person);
  }
}

function tally(stats: PersonStats, person: Person): void {
  if (person.records > 1) stats.withDuplicates++;
  if (person.sources & (person.sources - 1)) stats.inSeveralSources++;
  stats.maxRecordsPerPerson = Math.max(stats.maxRecordsPerPerson, person.records);
}
