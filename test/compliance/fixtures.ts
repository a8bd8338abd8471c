// Builders for compliance facts in tests: a fresh federal copy for an area code, suppression rows, campaigns.
import type { CampaignRef, ComplianceFacts, CopyRef, SuppressionFact } from '../../domain/compliance/facts';

export const VOICE: CampaignRef = { channel: 'VOICE', brand: 'acme', campaign: null, dialMode: 'manual' };

export function copy(list: string, asOf: string, copyId = 1): CopyRef {
  return { list, copyId, versionId: copyId, asOf };
}

/** Facts with a federal copy as of `asOf` (listed or not) and nothing else. */
export function facts(asOf: string, overrides: Partial<ComplianceFacts> = {}, federalListed = false): ComplianceFacts {
  return {
    suppressions: [],
    registry: { federal: { copy: copy('federal', asOf), listed: federalListed }, states: [], litigator: null, wireless: null },
    evidence: [],
    consents: [],
    attempts: [],
    ...overrides,
  };
}

let nextId = 1;
export function optOut(phone: string | null, receivedAt: string, extra: Partial<SuppressionFact> = {}): SuppressionFact {
  return {
    id: nextId++, kind: 'opt-out', phone, email: null, channel: 'ALL', scope: 'global', scopeValue: null, method: 'SMS_STOP',
    receivedAt: Date.parse(receivedAt), source: 'test', evidence: 'msg-1', actor: 'test', ...extra,
  };
}
