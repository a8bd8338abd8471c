// `review`: the open pairs of the review queue (scored between the review and match thresholds, left apart by the
// pass), strongest first, with their evidence; answer each with `merge A B` or `keep-apart A B`.
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../../config/env';
import { createDbPool } from '../../workers/clients';
import { type Command, numberFlag, parseCommandArgs } from '../command';

const usage = `Usage: npm run cli -- review [--limit N] [--json]

Lists the open pairs of the review queue, strongest first: the two contacts, the score and the evidence field by
field. Decide each with \`npm run cli -- merge A B\` or \`npm run cli -- keep-apart A B\`; the decision carries your
actor, is journaled, and no later pass overrides it.`;

export const reviewCommand: Command = {
  name: 'review',
  summary: 'list the dedupe review queue (pairs to decide with merge / keep-apart)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { limit: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const limit = numberFlag(values.limit as string | undefined, 'limit', 20, 1, 10_000);
    const pool = createDbPool(loadConfig(), { connectionLimit: 1 });
    try {
      const [[open]] = await pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM review_queue WHERE status = 'open'") as unknown as [RowDataPacket[]];
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT q.contact_a, q.contact_b, q.score, q.evidence, a.first_name AS af, a.last_name AS al, b.first_name AS bf, b.last_name AS bl
         FROM review_queue q JOIN contacts a ON a.id = q.contact_a JOIN contacts b ON b.id = q.contact_b
         WHERE q.status = 'open' ORDER BY q.score DESC, q.id LIMIT ?`, [limit]);
      if (values.json) {
        console.log(JSON.stringify({ open: Number(open!.n), pairs: rows }));
        return 0;
      }
      console.log(`review queue: ${Number(open!.n)} open pair(s)${rows.length < Number(open!.n) ? `, the ${rows.length} strongest:` : ''}`);
      for (const r of rows) {
        console.log(`  ${r.contact_a} (${[r.af, r.al].filter(Boolean).join(' ')}) ~ ${r.contact_b} (${[r.bf, r.bl].filter(Boolean).join(' ')})  score ${r.score}: ${r.evidence}`);
      }
      return 0;
    } finally {
      await pool.end();
    }
  },
};
