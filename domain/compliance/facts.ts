// What the engine knows about one contact when it checks it: the rows and list memberships its tags are derived
// from. Activities gather them (from MySQL and the registry store); domain/ evaluates them. Times are epoch ms.
import type { Channel, DialMode, Scope, SuppressionChannel } from './tags';

export interface ContactRef {
  /** E.164, as stored on the contact. */
  phone: string | null;
  email: string | null;
  /** The contact's own state (USPS code), when known. */
  state: string | null;
}

export interface CampaignRef {
  channel: Channel;
  brand: string | null;
  campaign: string | null;
  dialMode: DialMode;
}

/** One row of the append-only suppression log. */
export interface SuppressionFact {
  id: number;
  kind: 'opt-out' | 're-opt-in';
  phone: string | null;
  email: string | null;
  channel: SuppressionChannel;
  scope: Scope;
  /** The brand or campaign a non-global row is scoped to. */
  scopeValue: string | null;
  method: string;
  receivedAt: number;
  source: string;
  evidence: string | null;
  actor: string;
}

/** A registry copy (a full list or a list with change lists applied) as of its date. */
export interface CopyRef {
  /** `federal`, `state:TX`, `litigator`, `wireless`. */
  list: string;
  copyId: number;
  /** The per-area-code version the lookup used (null for a list kept whole). */
  versionId: number | null;
  /** Download date of the full copy, moved forward by each change list applied (ISO date-time). */
  asOf: string;
}

export interface Membership {
  copy: CopyRef;
  listed: boolean;
}

export interface RegistryFacts {
  /** The newest federal copy for the number's area code; null when none was ever loaded for it. */
  federal: Membership | null;
  /** Every state list that holds the number (lists that do not are not named). */
  states: Array<Membership & { state: string }>;
  litigator: Membership | null;
  wireless: Membership | null;
}

/** EBR evidence: a purchase or transaction, or an inquiry. */
export interface EvidenceFact {
  id: number;
  kind: 'transaction' | 'inquiry';
  occurredAt: number;
  /** The seller; null = the company as a whole. */
  brand: string | null;
  reference: string;
}

export interface ConsentFact {
  id: number;
  brand: string;
  grantedAt: number;
  revokedAt: number | null;
  evidence: string;
}

export interface ComplianceFacts {
  suppressions: SuppressionFact[];
  registry: RegistryFacts;
  evidence: EvidenceFact[];
  consents: ConsentFact[];
  /** Attempt times to the number (at least those in the cap window before the check time). */
  attempts: number[];
}

export const NO_REGISTRY: RegistryFacts = { federal: null, states: [], litigator: null, wireless: null };
