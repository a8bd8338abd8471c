// Local wall-clock time of an instant in an IANA zone (daylight-saving aware, via Intl's ICU data) and the calling
// window arithmetic on it: is an instant inside a window in every candidate zone, and when does it next open.
import type { CallingWindow } from './rules';

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function localParts(zone: string, atMs: number): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(atMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** 'YYYY-MM-DD HH:MM' local time in `zone`, for explanations. */
export function formatLocal(zone: string, atMs: number): string {
  const p = localParts(zone, atMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** UTC offset of `zone` at `atMs`, in ms (local = UTC + offset). */
function offsetMs(zone: string, atMs: number): number {
  const p = localParts(zone, atMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

/** The instant at which `zone`'s wall clock reads the given local date and time (the later one across a DST gap). */
export function zonedInstant(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - offsetMs(zone, wall);
  guess = wall - offsetMs(zone, guess);
  return guess;
}

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Whether the local time in `zone` is inside [start, end) of the window. */
export function insideWindow(zone: string, atMs: number, window: CallingWindow): boolean {
  const p = localParts(zone, atMs);
  const m = p.hour * 60 + p.minute;
  return m >= minutesOf(window.start) && m < minutesOf(window.end);
}

/** The earliest instant ≥ fromMs at which every zone's local time is inside the window; null if none in 3 days. */
export function nextWindowOpening(zones: readonly string[], fromMs: number, window: CallingWindow): number | null {
  const allInside = (t: number) => zones.every((z) => insideWindow(z, t, window));
  if (allInside(fromMs)) return fromMs;
  // The answer is a moment some zone's window opens: try each zone's next three openings, earliest first.
  const start = minutesOf(window.start);
  const candidates: number[] = [];
  for (const zone of zones) {
    const p = localParts(zone, fromMs);
    for (let d = 0; d <= 3; d += 1) {
      const date = new Date(Date.UTC(p.year, p.month - 1, p.day + d));
      const t = zonedInstant(zone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), Math.floor(start / 60), start % 60);
      if (t >= fromMs) candidates.push(t);
    }
  }
  return candidates.sort((a, b) => a - b).find(allInside) ?? null;
}

/** The strictest window: latest start and earliest end of all. */
export function intersectWindows(windows: readonly CallingWindow[]): CallingWindow {
  return windows.reduce((acc, w) => ({ start: w.start > acc.start ? w.start : acc.start, end: w.end < acc.end ? w.end : acc.end }));
}
