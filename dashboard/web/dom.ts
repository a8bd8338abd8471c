// Tiny DOM builders for the views: elements from a tag, attributes and children; text is always set as text.
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toLocaleString('en-US'));
export const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;

/** A table from column definitions and rows. */
export function table<T>(columns: Array<{ title: string; num?: boolean; cell: (row: T) => Child }>, rows: T[], attrs: Record<string, string> = {}): HTMLTableElement {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', c.num ? { class: 'num' } : {}, c.title)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...columns.map((c) => h('td', c.num ? { class: 'num' } : {}, c.cell(r)))))));
}
