// Gathers what the engine knows about one contact for a check: its suppression rows, EBR evidence, consents and
// recent attempts from MySQL, and its registry memberships from the registry store. Reads only; no workflow needed.
import type { RowDataPacket } from 'mysql2';
import type { DbPool } from '../deps';
import { NO_REGISTRY, type ComplianceFacts, type ConsentFact, type ContactRef, type EvidenceFact, type RegistryFacts, type SuppressionFact } from '../../domain/compliance/facts';
import { nanpVerdict, type NanpNumber } from '../../domain/compliance/nanp';
import type { Scope, SuppressionChannel } from '../../domain/compliance/tags';
import { msOfSql, sqlOfMs } from './sql-time';

/** Where registry memberships come from (the registry store); absent → no copy is known for any area code. */
export interface RegistryLookup {
  registryFacts(number: NanpNumber, atMs: number): Promise<RegistryFacts>;
}

/** The longest cap window the rules allow (168 h): attempts older than this never count. */
const ATTEMPT_LOOKBACK_MS = 168 * 3_600_000;

export function suppressionOfRow(r: RowDataPacket): SuppressionFact {
  return {
    id: Number(r.id), kind: r.kind, phone: r.phone_e164 ?? null, email: r.email ?? null, channel: r.channel as SuppressionChannel,
    scope: r.scope as Scope, scopeValue: r.scope_value ?? null, method: r.method, receivedAt: msOfSql(r.received_at), source: r.source,
    evidence: r.evidence ?? null, actor: r.actor,
  };
}

export function evidenceOfRow(r: RowDataPacket): EvidenceFact {
  return { id: Number(r.id), kind: r.kind, occurredAt: msOfSql(r.occurred_at), brand: r.brand ?? null, reference: r.reference };
}

export function consentOfRow(r: RowDataPacket): ConsentFact {
  return { id: Number(r.id), brand: r.brand, grantedAt: msOfSql(r.granted_at), revokedAt: r.revoked_at ? msOfSql(r.revoked_at) : null, evidence: r.evidence };
}

/** Rows of `table` about the phone or the e-mail (each through its own index). */
async function byIdentifier(pool: Pick<DbPool, 'query'>, table: 'suppression_log' | 'ebr_evidence' | 'written_consents', contact: ContactRef): Promise<RowDataPacket[]> {
  const parts: string[] = [];
  const params: string[] = [];
  if (contact.phone) {
    parts.push(`SELECT * FROM ${table} WHERE phone_e164 = ?`);
    params.push(contact.phone);
  }
  if (contact.email) {
    parts.push(`SELECT * FROM ${table} WHERE email = ?`);
    params.push(contact.email);
  }
  if (parts.length === 0) return [];
  const [rows] = await pool.query<RowDataPacket[]>(`${parts.join(' UNION ')} ORDER BY id`, params);
  return rows;
}

export function createFactsReader(deps: { pool: Pick<DbPool, 'query'>; registry?: RegistryLookup }) {
  return {
    async read(contact: ContactRef, atMs: number): Promise<ComplianceFacts> {
      const nanp = nanpVerdict(contact.phone);
      const [suppressions, evidence, consents, attempts, registry] = await Promise.all([
        byIdentifier(deps.pool, 'suppression_log', contact),
        byIdentifier(deps.pool, 'ebr_evidence', contact),
        byIdentifier(deps.pool, 'written_consents', contact),
        contact.phone
          ? deps.pool.query<RowDataPacket[]>('SELECT attempted_at FROM contact_attempts WHERE phone_e164 = ? AND attempted_at >= ? AND attempted_at < ? ORDER BY attempted_at',
            [contact.phone, sqlOfMs(atMs - ATTEMPT_LOOKBACK_MS), sqlOfMs(atMs)]).then(([rows]) => rows)
          : Promise.resolve([] as RowDataPacket[]),
        nanp.ok && deps.registry ? deps.registry.registryFacts(nanp.number, atMs) : Promise.resolve(NO_REGISTRY),
      ]);
      return {
        suppressions: suppressions.map(suppressionOfRow),
        evidence: evidence.map(evidenceOfRow),
        consents: consents.map(consentOfRow),
        attempts: attempts.map((r) => msOfSql(r.attempted_at)),
        registry,
      };
    },
  };
}
