// Generates realistic registry files for tests and benchmarks: numbers of real US area codes, sorted by area code and
// number as the FTC's downloads are, only dialable exchanges, optionally in the `NPA,NNNNNNN` form, with a given
// number of malformed lines mixed in (short numbers, letters, N11 exchanges) at known line numbers.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { areaCodeInfo, knownAreaCodes } from '../domain/compliance/area-codes';
import { Prng } from './prng';

export interface RegistryFileOptions {
  out: string;
  numbers: number;
  /** Area codes to spread the numbers over (default: every US geographic area code). */
  areaCodes?: string[];
  seed?: number;
  format?: '10-digit' | 'npa-comma';
  malformed?: number;
}

export interface RegistryFileResult {
  lines: number;
  numbers: number;
  areaCodes: string[];
  malformedLines: number[];
}

export function usAreaCodes(): string[] {
  return knownAreaCodes().filter((npa) => areaCodeInfo(npa)?.region === 'US');
}

const BAD = ['55512', 'abcdefghij', '2125551', '212,55512345', '2121112345'];

export async function writeRegistryFile(opts: RegistryFileOptions): Promise<RegistryFileResult> {
  const rng = new Prng(opts.seed ?? 1, 7);
  const codes = [...(opts.areaCodes ?? usAreaCodes())].sort();
  const out = createWriteStream(opts.out);
  const perCode = Math.floor(opts.numbers / codes.length);
  let extra = opts.numbers - perCode * codes.length;
  const malformedEvery = opts.malformed ? Math.max(1, Math.floor(opts.numbers / opts.malformed)) : 0;
  const malformedLines: number[] = [];
  let line = 0;
  let numbers = 0;
  let chunk = '';
  const emit = async (text: string) => {
    chunk += text;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  };
  // Dialable exchanges: 200-999 without the N11s (792 of them, 7.92M lines an area code), in order, so the file
  // is sorted by number and has no duplicates.
  const exchanges = Array.from({ length: 800 }, (_, i) => 200 + i).filter((e) => e % 100 !== 11);
  for (const npa of codes) {
    const want = perCode + (extra-- > 0 ? 1 : 0);
    // Walk the dialable lines of the area code with random gaps.
    const space = exchanges.length * 10_000;
    const gap = space / Math.max(want, 1);
    let pos = 0;
    for (let i = 0; i < want; i += 1) {
      pos += Math.max(1, Math.floor(rng.float() * 2 * gap));
      if (pos >= space) break;
      const exchange = exchanges[Math.floor(pos / 10_000)]!;
      const subscriber = pos % 10_000;
      if (exchange === 555 && subscriber >= 100 && subscriber < 200) continue;
      const last = String(subscriber).padStart(4, '0');
      line += 1;
      numbers += 1;
      await emit(opts.format === 'npa-comma' ? `${npa},${exchange}${last}\n` : `${npa}${exchange}${last}\n`);
      if (malformedEvery && numbers % malformedEvery === 0 && malformedLines.length < (opts.malformed ?? 0)) {
        line += 1;
        malformedLines.push(line);
        await emit(`${BAD[malformedLines.length % BAD.length]}\n`);
      }
    }
  }
  if (chunk) out.write(chunk);
  out.end();
  await once(out, 'finish');
  return { lines: line, numbers, areaCodes: codes, malformedLines };
}
