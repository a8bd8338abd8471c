// Gregorian calendar checks and digit reading shared by the date-of-birth and timestamp parsers.

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real Gregorian calendar date. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The number written by `count` ASCII digits at `start`, or -1 if any of them is not a digit. */
export function readDigits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** True when `text` is shaped 'YYYY-MM-DD' in its first 10 characters (digits and dashes only; not validated). */
export function hasIsoDateShape(text: string): boolean {
  return (
    text.length >= 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 &&
    readDigits(text, 0, 4) >= 0 && readDigits(text, 5, 2) >= 0 && readDigits(text, 8, 2) >= 0
  );
}
