// `explain C`: the golden record of a contact, its members, and the evidence of each link that holds them together
// (score and field levels), plus people's decisions and the log of merges and splits.
import type { RowDataPacket } from 'mysql2';
import { loadConfig } from '../../config/env';
import { createDbPool } from '../../workers/clients';
import { type Command, UsageError, parseCommandArgs } from '../command';

const usage = `Usage: npm run cli -- explain CONTACT_ID [--json]

Prints the contact's golden record (its survivorship values), every member contact, the links between members with
their score and the evidence field by field (rule, levels, weights), people's merge / keep-apart decisions, and the
dedupe_log history of the members. Read-only.`;

export const explainCommand: Command = {
  name: 'explain',
  summary: 'show a contact\'s golden record, its members and the evidence of each link',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const id = Number(positionals[0]);
    if (!Number.isSafeInteger(id) || id < 1) throw new UsageError(`CONTACT_ID must be a positive integer (got ${JSON.stringify(positionals[0])})`);
    const pool = createDbPool(loadConfig(), { connectionLimit: 1 });
    try {
      const [[contact]] = await pool.query<RowDataPacket[]>('SELECT id, golden_id FROM contacts WHERE id = ?', [id]) as unknown as [RowDataPacket[]];
      if (!contact) throw new UsageError(`contact ${id} does not exist`);
      if (contact.golden_id === null) {
        console.log(`contact ${id} has no golden record yet: run npm run cli -- dedupe`);
        return 0;
      }
      const golden = Number(contact.golden_id);
      const [[g]] = await pool.query<RowDataPacket[]>('SELECT * FROM golden_records WHERE id = ?', [golden]) as unknown as [RowDataPacket[]];
      const [members] = await pool.query<RowDataPacket[]>(
        `SELECT id, is_original, first_name, last_name, email, phone_e164, address_line, city, postal_code, dob, source_updated_at
         FROM contacts WHERE golden_id = ? ORDER BY id LIMIT 1000`, [golden]);
      const ids = members.map((m) => Number(m.id));
      const [links] = await pool.query<RowDataPacket[]>(
        'SELECT contact_a, contact_b, band, score, rule, evidence FROM dedupe_links WHERE contact_a IN (?) AND contact_b IN (?) ORDER BY score DESC', [ids, ids]);
      const [decisions] = await pool.query<RowDataPacket[]>(
        'SELECT contact_a, contact_b, decision, origin, actor, reason, decided_at FROM review_decisions WHERE contact_a IN (?) OR contact_b IN (?) ORDER BY id', [ids, ids]);
      const [log] = await pool.query<RowDataPacket[]>(
        'SELECT created_at, action, contact_id, other_contact_id, golden_id, previous_golden_id, score, rule, evidence, actor FROM dedupe_log WHERE contact_id IN (?) ORDER BY id DESC LIMIT 50', [ids]);
      if (values.json) {
        console.log(JSON.stringify({ contactId: id, golden: g, members, links, decisions, log }));
        return 0;
      }
      console.log(`golden record ${golden} (${g?.status}, ${g?.member_count} member(s), representative ${g?.representative_id})`);
      console.log(`  ${[g?.first_name, g?.last_name].filter(Boolean).join(' ')} | ${g?.email ?? '-'} | ${g?.phone_e164 ?? '-'} | ${[g?.address_line, g?.city, g?.postal_code].filter(Boolean).join(', ')} | ${g?.dob ?? '-'}`);
      console.log('members:');
      for (const m of members) {
        console.log(`  ${m.is_original ? '*' : ' '} ${m.id}: ${[m.first_name, m.last_name].filter(Boolean).join(' ')} | ${m.email ?? '-'} | ${m.phone_e164 ?? '-'} | `
          + `${[m.address_line, m.city, m.postal_code].filter(Boolean).join(', ')} | ${m.dob ?? '-'} | updated ${m.source_updated_at}`);
      }
      console.log('links (score, found by rule, evidence):');
      for (const l of links) console.log(`  ${l.contact_a} ~ ${l.contact_b}  ${l.band} ${l.score} via ${l.rule}: ${l.evidence}`);
      if (decisions.length > 0) {
        console.log('decisions:');
        for (const d of decisions) console.log(`  ${d.decided_at} ${d.actor}: ${d.decision} ${d.contact_a} / ${d.contact_b} (${d.origin})${d.reason ? ` — ${d.reason}` : ''}`);
      }
      console.log('history (newest first):');
      for (const e of log) {
        console.log(`  ${e.created_at} ${e.action} contact ${e.contact_id} ${e.previous_golden_id ?? '-'} → ${e.golden_id ?? '-'} by ${e.actor}`
          + `${e.other_contact_id ? ` (linked to ${e.other_contact_id}, ${e.score} via ${e.rule}: ${e.evidence})` : ''}`);
      }
      return 0;
    } finally {
      await pool.end();
    }
  },
};
