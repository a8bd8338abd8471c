// Accented and non-Latin names (with the Latin spelling people use in email addresses), the Unicode the sources must survive.
import type { Sex } from './names';

/** A name as written, plus the ASCII spelling used to build email addresses. */
export interface NameForm {
  native: string;
  ascii: string;
}

function latin(names: string): NameForm[] {
  return names.split(' ').map((native) => ({ native, ascii: toAscii(native) }));
}

function pairs(list: string): NameForm[] {
  return list.split(' ').map((pair) => {
    const [native, ascii] = pair.split('/');
    return { native: native ?? pair, ascii: ascii ?? pair };
  });
}

/** Strips diacritics and anything that is not a letter or digit: "Ñúñez" → "Nunez", "O'Brien" → "OBrien". */
export function toAscii(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9]/g, '');
}

export const ACCENTED_GIVEN: Readonly<Record<Sex, readonly NameForm[]>> = {
  M: latin('José François André Jürgen Søren Łukasz Ángel Raúl Jérôme Óscar Tomás Håkon Stéphane Joaquín Efraín Björn'),
  F: latin('Zoë Renée Chloé Inés Begoña Anaïs Hélène Noémie Małgorzata Léa Mónica Ángela Sofía Añora Maëlle Zoé'),
};

export const ACCENTED_SURNAMES: readonly NameForm[] = latin(
  'Ñúñez Müller García Pérez Hernández Gómez Rodríguez Lefèvre Dvořák Søndergaard Öztürk Jäger Böhm Fernández ' +
    'Martínez González Sánchez Lévesque Côté Gagné Wójcik Schröder Ibáñez Muñoz Peña Ramírez Brontë Doğan Şahin Nuñez',
);

/** One script's name stock; surnames per sex where the language inflects them (Петров / Петрова). */
export interface ScriptNames {
  script: 'Han' | 'Cyrillic' | 'Arabic' | 'Greek' | 'Japanese' | 'Hangul';
  given: Readonly<Record<Sex, readonly NameForm[]>>;
  surnames: Readonly<Record<Sex, readonly NameForm[]>>;
}

const chineseSurnames = pairs('王/Wang 李/Li 张/Zhang 刘/Liu 陈/Chen 杨/Yang 黄/Huang 赵/Zhao 周/Zhou 吴/Wu');
const arabicSurnames = pairs('حسن/Hassan علي/Ali الخطيب/Alkhatib عبدالله/Abdullah منصور/Mansour حداد/Haddad');
const japaneseSurnames = pairs('佐藤/Sato 鈴木/Suzuki 高橋/Takahashi 田中/Tanaka 渡辺/Watanabe 伊藤/Ito 山本/Yamamoto');
const koreanSurnames = pairs('김/Kim 이/Lee 박/Park 최/Choi 정/Jung');
const greekSurnames = pairs('Οικονόμου/Oikonomou Γεωργίου/Georgiou Νικολάου/Nikolaou Δημητρίου/Dimitriou Ιωάννου/Ioannou');

export const NON_LATIN: readonly ScriptNames[] = [
  {
    script: 'Han',
    given: { M: pairs('伟/Wei 强/Qiang 磊/Lei 军/Jun 洋/Yang 涛/Tao 明/Ming'), F: pairs('娜/Na 静/Jing 敏/Min 丽/Li 婷/Ting 芳/Fang 秀英/Xiuying') },
    surnames: { M: chineseSurnames, F: chineseSurnames },
  },
  {
    script: 'Cyrillic',
    given: {
      M: pairs('Иван/Ivan Дмитрий/Dmitry Сергей/Sergey Алексей/Alexey Андрей/Andrey Михаил/Mikhail'),
      F: pairs('Ольга/Olga Наталья/Natalya Елена/Elena Татьяна/Tatiana Анастасия/Anastasia Юлия/Yulia'),
    },
    surnames: {
      M: pairs('Петров/Petrov Иванов/Ivanov Смирнов/Smirnov Кузнецов/Kuznetsov Соколов/Sokolov Попов/Popov'),
      F: pairs('Петрова/Petrova Иванова/Ivanova Смирнова/Smirnova Кузнецова/Kuznetsova Соколова/Sokolova Попова/Popova'),
    },
  },
  {
    script: 'Arabic',
    given: { M: pairs('محمد/Mohammed أحمد/Ahmed عمر/Omar يوسف/Youssef خالد/Khaled'), F: pairs('فاطمة/Fatima ليلى/Layla مريم/Maryam نور/Nour سارة/Sara') },
    surnames: { M: arabicSurnames, F: arabicSurnames },
  },
  {
    script: 'Greek',
    given: { M: pairs('Γιώργος/Giorgos Νίκος/Nikos Δημήτρης/Dimitris Κώστας/Kostas'), F: pairs('Ελένη/Eleni Μαρία/Maria Κατερίνα/Katerina Σοφία/Sofia') },
    surnames: { M: [...greekSurnames, ...pairs('Παπαδόπουλος/Papadopoulos Βλάχος/Vlachos')], F: [...greekSurnames, ...pairs('Παπαδοπούλου/Papadopoulou')] },
  },
  {
    script: 'Japanese',
    given: { M: pairs('健/Ken 翔太/Shota 大輔/Daisuke 拓也/Takuya'), F: pairs('さくら/Sakura 陽子/Yoko 美咲/Misaki 由美/Yumi') },
    surnames: { M: japaneseSurnames, F: japaneseSurnames },
  },
  {
    script: 'Hangul',
    given: { M: pairs('민준/Minjun 지훈/Jihoon 현우/Hyunwoo'), F: pairs('서연/Seoyeon 지은/Jieun 민지/Minji') },
    surnames: { M: koreanSurnames, F: koreanSurnames },
  },
];
