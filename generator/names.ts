// Common US given names, surnames and nickname pairs, ordered roughly by frequency so skewed picks look realistic.

export type Sex = 'F' | 'M';

export const MALE_NAMES: readonly string[] = [
  'James', 'Robert', 'John', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua',
  'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan',
  'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon',
  'Benjamin', 'Samuel', 'Gregory', 'Alexander', 'Frank', 'Patrick', 'Raymond', 'Jack', 'Dennis', 'Jerry',
  'Tyler', 'Aaron', 'Jose', 'Adam', 'Nathan', 'Henry', 'Douglas', 'Zachary', 'Peter', 'Kyle',
  'Ethan', 'Walter', 'Noah', 'Jeremy', 'Christian', 'Keith', 'Roger', 'Terry', 'Gerald', 'Harold',
  'Sean', 'Austin', 'Carl', 'Arthur', 'Lawrence', 'Dylan', 'Jesse', 'Jordan', 'Bryan', 'Billy',
  'Joe', 'Bruce', 'Gabriel', 'Logan', 'Albert', 'Willie', 'Alan', 'Juan', 'Wayne', 'Elijah',
  'Randy', 'Roy', 'Vincent', 'Ralph', 'Eugene', 'Russell', 'Bobby', 'Mason', 'Philip', 'Louis',
  'Carlos', 'Luis', 'Miguel', 'Francisco', 'Frederick', 'Theodore', 'Ignacio', 'Guillermo',
];

export const FEMALE_NAMES: readonly string[] = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Lisa', 'Nancy', 'Betty', 'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
  'Carol', 'Amanda', 'Dorothy', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Sharon', 'Laura', 'Cynthia',
  'Kathleen', 'Amy', 'Angela', 'Shirley', 'Anna', 'Brenda', 'Pamela', 'Emma', 'Nicole', 'Helen',
  'Samantha', 'Katherine', 'Christine', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Catherine', 'Maria', 'Heather',
  'Diane', 'Ruth', 'Julie', 'Olivia', 'Joyce', 'Virginia', 'Victoria', 'Kelly', 'Lauren', 'Christina',
  'Joan', 'Evelyn', 'Judith', 'Megan', 'Andrea', 'Cheryl', 'Hannah', 'Jacqueline', 'Martha', 'Gloria',
  'Teresa', 'Ann', 'Sara', 'Madison', 'Frances', 'Kathryn', 'Janice', 'Jean', 'Abigail', 'Alice',
  'Judy', 'Sophia', 'Grace', 'Denise', 'Amber', 'Doris', 'Marilyn', 'Danielle', 'Beverly', 'Isabella',
  'Theresa', 'Diana', 'Natalie', 'Brittany', 'Charlotte', 'Marie', 'Kayla', 'Alexis', 'Lori', 'Alexandra',
];

export const SURNAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes',
  'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson',
  'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens',
  'Harrison', 'Fernandez', 'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen',
  'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter',
  'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon', 'Munoz', 'Hunt', 'Hicks',
  'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar', 'Fox',
  'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens',
  'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne', 'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins',
  'Arnold', 'Pierce', 'Vazquez', 'Hansen', 'Peters', 'Santos', 'Hart', 'Bradley', 'Knight', 'Elliott',
  "O'Brien", "O'Connor", "O'Neil", 'McCarthy', 'MacDonald', 'Smith-Jones', 'De La Cruz', 'St. John', 'Van Buren', "D'Angelo",
];

/** Formal given name → the nicknames people actually write on forms. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Robert: ['Bob', 'Rob', 'Bobby', 'Robbie'],
  William: ['Bill', 'Will', 'Billy', 'Liam'],
  Elizabeth: ['Liz', 'Beth', 'Betty', 'Lizzie'],
  Katherine: ['Kate', 'Kathy', 'Katie'],
  Catherine: ['Cathy', 'Cat', 'Kate'],
  Kathleen: ['Kathy', 'Kate'],
  Kathryn: ['Kate', 'Kathy'],
  James: ['Jim', 'Jimmy', 'Jamie'],
  Michael: ['Mike', 'Mikey', 'Mick'],
  Richard: ['Rick', 'Rich', 'Dick', 'Richie'],
  Thomas: ['Tom', 'Tommy'],
  Joseph: ['Joe', 'Joey'],
  Charles: ['Charlie', 'Chuck'],
  Christopher: ['Chris'],
  Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'],
  Anthony: ['Tony'],
  Edward: ['Ed', 'Eddie', 'Ted'],
  Steven: ['Steve'],
  Stephen: ['Steve'],
  Andrew: ['Andy', 'Drew'],
  Joshua: ['Josh'],
  Kenneth: ['Ken', 'Kenny'],
  Timothy: ['Tim', 'Timmy'],
  Ronald: ['Ron', 'Ronnie'],
  Jonathan: ['Jon', 'Jonny'],
  Nicholas: ['Nick', 'Nicky'],
  Benjamin: ['Ben', 'Benny'],
  Samuel: ['Sam', 'Sammy'],
  Gregory: ['Greg'],
  Alexander: ['Alex', 'Xander'],
  Lawrence: ['Larry'],
  Raymond: ['Ray'],
  Gerald: ['Jerry'],
  Zachary: ['Zach', 'Zack'],
  Frederick: ['Fred', 'Freddie'],
  Theodore: ['Ted', 'Teddy', 'Theo'],
  Patrick: ['Pat'],
  Douglas: ['Doug'],
  Peter: ['Pete'],
  Philip: ['Phil'],
  Francisco: ['Paco', 'Pancho'],
  Jose: ['Pepe'],
  Ignacio: ['Nacho'],
  Guillermo: ['Memo'],
  Jennifer: ['Jen', 'Jenny'],
  Margaret: ['Maggie', 'Peggy', 'Meg'],
  Patricia: ['Pat', 'Patty', 'Trish'],
  Susan: ['Sue', 'Susie'],
  Deborah: ['Deb', 'Debbie'],
  Debra: ['Deb', 'Debbie'],
  Rebecca: ['Becky', 'Becca'],
  Victoria: ['Vicky', 'Tori'],
  Jessica: ['Jess', 'Jessie'],
  Christine: ['Chris', 'Chrissy'],
  Christina: ['Tina', 'Chris'],
  Abigail: ['Abby'],
  Alexandra: ['Alex', 'Sasha'],
  Pamela: ['Pam'],
  Cynthia: ['Cindy'],
  Kimberly: ['Kim'],
  Samantha: ['Sam', 'Sammy'],
  Dorothy: ['Dot', 'Dottie'],
  Barbara: ['Barb'],
  Jacqueline: ['Jackie'],
  Judith: ['Judy'],
  Sandra: ['Sandy'],
  Stephanie: ['Steph'],
  Amanda: ['Mandy'],
  Melissa: ['Missy', 'Mel'],
  Nicole: ['Nikki'],
  Theresa: ['Terry', 'Tess'],
  Teresa: ['Terry', 'Tess'],
  Frances: ['Fran'],
  Virginia: ['Ginny'],
  Danielle: ['Dani'],
  Natalie: ['Nat'],
  Madison: ['Maddie'],
  Isabella: ['Bella', 'Izzy'],
  Olivia: ['Liv'],
};

/** Name suffixes that legacy forms glued onto the surname field ("Smith, Jr."). */
export const SURNAME_SUFFIXES: readonly string[] = [', Jr.', ' Jr', ', Sr.', ' III', ' II'];

/** Nicknames of a formal name (empty when it has none). */
export function nicknamesOf(formal: string): readonly string[] {
  return nicknameIndex.get(formal) ?? NONE;
}

const NONE: readonly string[] = [];
const nicknameIndex = new Map(Object.entries(NICKNAMES));

/** True when two given names could be written the same way: same name, or sharing a nickname (Christine ~ Chris ~ Christopher). */
export function sameGivenName(a: string, b: string): boolean {
  if (a === b) return true;
  const aForms = relatedNames(a);
  for (const form of relatedNames(b)) if (aForms.has(form)) return true;
  return false;
}

let formalIndex: Map<string, string[]> | undefined;

/** The name, its nicknames, the formal names it is a nickname of, and their nicknames. */
function relatedNames(name: string): Set<string> {
  if (!formalIndex) {
    formalIndex = new Map();
    for (const [formal, nicks] of Object.entries(NICKNAMES)) {
      for (const nick of nicks) formalIndex.set(nick, [...(formalIndex.get(nick) ?? []), formal]);
    }
  }
  const related = new Set([name, ...nicknamesOf(name)]);
  for (const formal of formalIndex.get(name) ?? []) {
    related.add(formal);
    for (const nick of nicknamesOf(formal)) related.add(nick);
  }
  return related;
}
