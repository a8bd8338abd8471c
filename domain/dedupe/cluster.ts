// Clusters one connected component of linked contacts, guarded against chaining: links are taken strongest first
// and two clusters join only when no member of one clearly differs from a member of the other (A~B and B~C do not
// put A with C when A and C are different people), and never across a reviewer's "keep apart".

export interface ClusterLink {
  a: number;
  b: number;
  score: number;
  /** `match`: scored at or above the match threshold; `must`: a person merged them (review decision or merge). */
  kind: 'match' | 'must';
}

export interface ClusterInput {
  /** Member contact ids of the component. */
  members: readonly number[];
  links: readonly ClusterLink[];
  /** Pairs a person decided to keep apart (either order). */
  keepApart: ReadonlyArray<readonly [number, number]>;
  /** False when two members clearly differ (computed on demand, e.g. from the pair's score). */
  compatible: (a: number, b: number) => boolean;
  /** Cross pairs checked when two clusters would join; beyond it each member of the smaller is checked against a sample. */
  maxChecks?: number;
}

export interface ClusterOutcome {
  /** Clusters, each sorted by id, ordered by their smallest id. */
  clusters: number[][];
  /** The links that joined clusters (a spanning forest): what dedupe_log records as the evidence of each merge. */
  accepted: ClusterLink[];
  /** Links not taken because the guard or a keep-apart decision stopped them. */
  refused: Array<ClusterLink & { reason: 'keep-apart' | 'clearly-different' }>;
}

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

export function clusterComponent(input: ClusterInput): ClusterOutcome {
  const maxChecks = input.maxChecks ?? 400;
  const parent = new Map<number, number>();
  const members = new Map<number, number[]>();
  for (const id of input.members) {
    parent.set(id, id);
    members.set(id, [id]);
  }
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y)! !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const apart = new Set(input.keepApart.map(([a, b]) => pairKey(a, b)));
  const compatibleCache = new Map<string, boolean>();
  const compatible = (a: number, b: number) => {
    const k = pairKey(a, b);
    let v = compatibleCache.get(k);
    if (v === undefined) {
      v = input.compatible(a, b);
      compatibleCache.set(k, v);
    }
    return v;
  };

  const crossPairs = (x: number[], y: number[]): Array<[number, number]> => {
    const [small, large] = x.length <= y.length ? [x, y] : [y, x];
    if (small.length * large.length <= maxChecks) return small.flatMap((s) => large.map((l) => [s, l] as [number, number]));
    const step = Math.max(1, Math.floor((small.length * large.length) / maxChecks));
    const out: Array<[number, number]> = [];
    for (let i = 0; i < small.length * large.length; i += step) out.push([small[i % small.length]!, large[Math.floor(i / small.length)]!]);
    return out;
  };

  const links = [...input.links].filter((l) => parent.has(l.a) && parent.has(l.b) && l.a !== l.b).sort((p, q) =>
    p.kind !== q.kind ? (p.kind === 'must' ? -1 : 1) : q.score - p.score || Math.min(p.a, p.b) - Math.min(q.a, q.b) || Math.max(p.a, p.b) - Math.max(q.a, q.b));
  const accepted: ClusterLink[] = [];
  const refused: ClusterOutcome['refused'] = [];
  for (const link of links) {
    const ra = find(link.a);
    const rb = find(link.b);
    if (ra === rb) continue;
    const ma = members.get(ra)!;
    const mb = members.get(rb)!;
    // Keep-apart decisions are checked in full: a person's decision is never sampled away.
    if (apart.size > 0 && ma.some((x) => mb.some((y) => apart.has(pairKey(x, y))))) {
      refused.push({ ...link, reason: 'keep-apart' });
      continue;
    }
    if (link.kind === 'match' && crossPairs(ma, mb).some(([x, y]) => !compatible(x, y))) {
      refused.push({ ...link, reason: 'clearly-different' });
      continue;
    }
    // Union by size; the merged list lives on the new root.
    const [root, child] = ma.length >= mb.length ? [ra, rb] : [rb, ra];
    parent.set(child, root);
    members.get(root)!.push(...members.get(child)!);
    members.delete(child);
    accepted.push(link);
  }
  const clusters = [...members.values()].map((m) => [...m].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
  return { clusters, accepted, refused };
}
