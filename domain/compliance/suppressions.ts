// Which suppression rows hold for a campaign at a time: an opt-out covers its channel (or ALL) and scope, from the
// moment it was received, until a later re-opt-in (with evidence) of the same identifier covers the campaign.
import type { CampaignRef, ContactRef, SuppressionFact } from './facts';
import { channelCovers } from './tags';

function sameIdentifier(a: Pick<SuppressionFact, 'phone' | 'email'>, b: Pick<SuppressionFact, 'phone' | 'email'>): boolean {
  return (a.phone !== null && a.phone === b.phone) || (a.email !== null && a.email === b.email);
}

/** Whether a row is about this contact (its phone or its e-mail). */
export function concernsContact(row: SuppressionFact, contact: ContactRef): boolean {
  return sameIdentifier(row, contact);
}

/** Whether a row's scope covers the campaign: global, its brand, or its campaign. */
export function scopeCovers(row: SuppressionFact, campaign: CampaignRef): boolean {
  if (row.scope === 'global') return true;
  if (row.scope === 'brand') return row.scopeValue !== null && row.scopeValue === campaign.brand;
  return row.scopeValue !== null && row.scopeValue === campaign.campaign;
}

function liftedFor(optOut: SuppressionFact, rows: readonly SuppressionFact[], campaign: CampaignRef, atMs: number): SuppressionFact | undefined {
  return rows.find((r) => r.kind === 're-opt-in' && r.receivedAt > optOut.receivedAt && r.receivedAt <= atMs
    && sameIdentifier(r, optOut) && channelCovers(r.channel, campaign.channel) && scopeCovers(r, campaign));
}

/** Opt-outs of this contact received at or before `atMs`, not lifted for the campaign; `covering` keeps those whose channel covers it. */
export function standingOptOuts(rows: readonly SuppressionFact[], contact: ContactRef, campaign: CampaignRef, atMs: number, covering: boolean): SuppressionFact[] {
  return rows.filter((r) => r.kind === 'opt-out' && r.receivedAt <= atMs && concernsContact(r, contact)
    && (!covering || channelCovers(r.channel, campaign.channel)) && scopeCovers(r, campaign) && !liftedFor(r, rows, campaign, atMs));
}
