// DATETIME(3) values as the pool returns them (strings, UTC sessions) to epoch ms and back.

/** '2026-03-03 14:00:00.000' (UTC) → epoch ms. */
export function msOfSql(value: string | Date): number {
  if (value instanceof Date) return value.getTime();
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}

/** epoch ms → '2026-03-03 14:00:00.000' for a DATETIME(3) parameter. */
export function sqlOfMs(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
