// A golden record's detail: its values, its member contacts with their sources, their previous versions, the dedupe
// evidence that joined or split them, and the golden record's field changes. Before the first dedupe pass a contact
// is its own record. Bounded reads only (a record has a handful of members).
import { selectRows, type ReadPool, type RequestTimings } from './read-pool';

export interface RecordDetail {
  id: number;
  kind: 'golden' | 'contact';
  values: Record<string, unknown>;
  members: Array<Record<string, unknown>>;
  versions: Array<Record<string, unknown>>;
  evidence: Array<Record<string, unknown>>;
  changes: Array<Record<string, unknown>>;
}

const MEMBER_COLUMNS = `c.id, c.first_name, c.last_name, c.email, c.phone_e164, c.phone_ext, c.address_line, c.city, c.state, c.postal_code, c.dob,
  c.source_updated_at, c.is_original, c.is_duplicate, c.merged_into_id, c.version, s.source_name, s.source_kind, s.migration_name, c.source_record_id`;

async function tableExists(pool: ReadPool, name: string, t?: RequestTimings): Promise<boolean> {
  const rows = await selectRows(pool, 'SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [name], t);
  return rows.length > 0;
}

export async function readRecordDetail(pool: ReadPool, id: number, t?: RequestTimings): Promise<RecordDetail | null> {
  const dedupe = await tableExists(pool, 'golden_records', t);
  const golden = dedupe ? await selectRows<Record<string, unknown>>(pool, 'SELECT * FROM golden_records WHERE id = ?', [id], t) : [];
  let members: Array<Record<string, unknown>>;
  let values: Record<string, unknown>;
  let kind: RecordDetail['kind'];
  if (golden[0]) {
    kind = 'golden';
    values = golden[0];
    members = await selectRows(pool, `SELECT ${MEMBER_COLUMNS} FROM contacts c JOIN source_files s ON s.id = c.source_file_id WHERE c.golden_id = ? ORDER BY c.is_original DESC, c.id LIMIT 200`, [id], t);
  } else {
    members = await selectRows(pool, `SELECT ${MEMBER_COLUMNS} FROM contacts c JOIN source_files s ON s.id = c.source_file_id WHERE c.id = ?`, [id], t);
    if (!members[0]) return null;
    kind = 'contact';
    values = members[0];
  }
  const ids = members.map((m) => Number(m.id));
  const [versions, evidence, changes] = await Promise.all([
    ids.length ? selectRows<Record<string, unknown>>(pool, 'SELECT contact_id, version, import_batch_id, previous_values, recorded_at FROM record_versions WHERE contact_id IN (?) ORDER BY id DESC LIMIT 50', [ids], t) : [],
    // The members' rows, the record's, and those of contacts that left it (an unmerge or split names it as previous).
    dedupe && ids.length ? selectRows<Record<string, unknown>>(pool, `SELECT action, contact_id, other_contact_id, golden_id, previous_golden_id, rule, score, evidence, actor, workflow_id, created_at
      FROM (SELECT * FROM dedupe_log WHERE contact_id IN (?) UNION SELECT * FROM dedupe_log WHERE golden_id = ? UNION SELECT * FROM dedupe_log WHERE previous_golden_id = ?) l
      ORDER BY id DESC LIMIT 100`, [ids, id, id], t) : [],
    kind === 'golden' ? selectRows<Record<string, unknown>>(pool, 'SELECT field, old_value, new_value, reason, actor, changed_at FROM change_history WHERE golden_id = ? ORDER BY id DESC LIMIT 100', [id], t) : [],
  ]);
  return {
    id, kind, values, members,
    versions: versions.map((v) => ({ ...v, previous_values: typeof v.previous_values === 'string' ? JSON.parse(v.previous_values) : v.previous_values })),
    evidence, changes,
  };
}

/** Exact look-up: the records holding this e-mail or phone (E.164). */
export async function searchExact(pool: ReadPool, q: { email?: string; phone?: string }, t?: RequestTimings): Promise<Array<Record<string, unknown>>> {
  const cond = q.email ? 'c.email = ?' : 'c.phone_e164 = ?';
  const dedupe = await tableExists(pool, 'golden_records', t);
  return selectRows(pool, `SELECT ${dedupe ? 'COALESCE(c.golden_id, c.id)' : 'c.id'} AS record_id, c.id AS contact_id, c.first_name, c.last_name, c.email, c.phone_e164, c.state, s.source_name
    FROM contacts c JOIN source_files s ON s.id = c.source_file_id WHERE ${cond} ORDER BY c.id LIMIT 100`, [q.email ?? q.phone], t);
}
