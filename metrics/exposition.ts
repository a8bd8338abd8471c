// Reads the Prometheus text exposition format (ours from prom-client and the Temporal SDK's), so one exporter can
// forward both to CloudWatch.

export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, `x_count` for a histogram `x`). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: FamilyType;
  samples: Sample[];
}

const LABEL = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(v: string): string {
  return v.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(v: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
}

/** The families of an exposition text, in order; samples without a TYPE line form untyped families. */
export function parseExposition(text: string): Family[] {
  const families = new Map<string, Family>();
  const familyOf = (sampleName: string): Family => {
    const direct = families.get(sampleName);
    if (direct) return direct;
    for (const suffix of ['_bucket', '_sum', '_count', '_total', '_created']) {
      if (sampleName.endsWith(suffix)) {
        const f = families.get(sampleName.slice(0, -suffix.length));
        if (f) return f;
      }
    }
    const created: Family = { name: sampleName, type: 'untyped', samples: [] };
    families.set(sampleName, created);
    return created;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const m = /^# TYPE ([A-Za-z_:][A-Za-z0-9_:]*) (\w+)/.exec(line);
      if (m && !families.has(m[1]!)) families.set(m[1]!, { name: m[1]!, type: (m[2] as FamilyType), samples: [] });
      continue;
    }
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(LABEL)) labels[l[1]!] = unescape(l[2]!);
    familyOf(m[1]!).samples.push({ name: m[1]!, labels, value: parseValue(m[4]!) });
  }
  return [...families.values()];
}

/** A stable key for one series: its name and its labels in name order. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}
