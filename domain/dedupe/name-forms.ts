// The comparison forms of a person's name for dedupe: key parts with legacy damage undone (mojibake, magic quotes,
// "Jr." glued to the surname, a quoted nickname), and the nickname groups of the given name (data: nicknames.json).
import { nameKeyPart } from '../normalize/name';
import nicknameData from './nicknames.json';

export interface NameForm {
  /** Given-name tokens in key form ("robert", "bob" for 'Robert "Bob"'); empty when unknown. */
  first: string[];
  /** Surname in key form without spaces or generational suffix ("o brien jr" → "obrien"); '' when unknown. */
  last: string;
  /** Surname tokens ("garcia perez" → ["garcia", "perez"]), for double-barrelled names. */
  lastTokens: string[];
}

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'junior', 'senior', 'jnr', 'snr']);
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'rev', 'mx']);
/** UTF-8 read as Latin-1: 'Ã' or 'Â' followed by a continuation-range character. */
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf]/;

/** Undoes UTF-8 bytes that were decoded as Latin-1 ("JosÃ©" → "José") when the repaired text is valid. */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return text;
  const repaired = Buffer.from(text, 'latin1').toString('utf8');
  return repaired.includes('\ufffd') ? text : repaired;
}

function keyTokens(raw: string | null): string[] {
  if (raw === null) return [];
  // Magic quotes ("O\'Brien") and backslashes carry no meaning in a name.
  const key = nameKeyPart(repairMojibake(raw.replace(/\\/g, '')));
  return key === '' ? [] : key.split(' ');
}

/** The comparison form of a stored (first_name, last_name). */
export function nameForm(firstName: string | null, lastName: string | null): NameForm {
  const first = keyTokens(firstName).filter((t) => !TITLES.has(t));
  let lastTokens = keyTokens(lastName);
  if (lastTokens.length > 1) lastTokens = lastTokens.filter((t) => !SUFFIXES.has(t));
  return { first, last: lastTokens.join(''), lastTokens };
}

/** The given name as one string (its first token): what initials, codes and blocking keys use. */
export function givenName(form: NameForm): string {
  return form.first[0] ?? '';
}

const NICKNAME_GROUPS: ReadonlyMap<string, readonly number[]> = (() => {
  const groups = new Map<string, number[]>();
  (nicknameData.groups as string[][]).forEach((group, index) => {
    for (const name of group) {
      const list = groups.get(name) ?? [];
      if (!list.includes(index)) list.push(index);
      groups.set(name, list);
    }
  });
  return groups;
})();

/** Every given name the data file knows (in a nickname group or in its list of common names). */
const KNOWN_NAMES: ReadonlySet<string> = new Set([...NICKNAME_GROUPS.keys(), ...((nicknameData as { names?: string[] }).names ?? [])]);

/** True when the name is a known given name (so a one-letter difference to another known name is another name). */
export function knownGivenName(name: string): boolean {
  return KNOWN_NAMES.has(name);
}

const GROUP_NAMES: readonly string[][] = nicknameData.groups as string[][];

/** Every name in a nickname group with `name` (its formal form and its nicknames); empty for an unknown name. */
export function nicknameForms(name: string): string[] {
  const groups = NICKNAME_GROUPS.get(name);
  if (!groups) return [];
  return groups.flatMap((g) => GROUP_NAMES[g]!);
}

/** The formal name of each group (its first entry). */
const FORMAL: readonly string[] = (nicknameData.groups as string[][]).map((g) => g[0]!);

/** True when two given-name tokens are the same name written two ways (Bob/Robert, Peggy/Margaret). */
export function nicknameEquivalent(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = NICKNAME_GROUPS.get(a);
  const gb = NICKNAME_GROUPS.get(b);
  if (!ga || !gb) return false;
  for (const x of ga) if (gb.includes(x)) return true;
  return false;
}

/**
 * The initial a blocking key uses for a given name: the initial of its formal name when it is a known nickname
 * ("bob" → "r", like "robert"), else its own; a name in several groups whose formal names start differently keeps
 * its own initial.
 */
export function canonicalInitial(given: string): string {
  if (given === '') return '';
  const groups = NICKNAME_GROUPS.get(given);
  if (groups) {
    const initials = new Set(groups.map((g) => FORMAL[g]![0]!));
    if (initials.size === 1) return [...initials][0]!;
  }
  return given[0]!;
}
