// The status tags of COMPLIANCE.md, their reporting order and the vocabulary (channels, scopes) checks are asked in.

export const CHANNELS = ['VOICE', 'SMS', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];
/** What a suppression row covers: one channel, or every channel. */
export const SUPPRESSION_CHANNELS = ['VOICE', 'SMS', 'EMAIL', 'ALL'] as const;
export type SuppressionChannel = (typeof SUPPRESSION_CHANNELS)[number];
export const SCOPES = ['global', 'brand', 'campaign'] as const;
export type Scope = (typeof SCOPES)[number];
export const DIAL_MODES = ['automated', 'manual'] as const;
export type DialMode = (typeof DIAL_MODES)[number];

/**
 * Blocking tags in the order COMPLIANCE.md reports them (first = shown). INVALID_EMAIL is this engine's e-mail
 * channel counterpart of INVALID_PHONE (an e-mail campaign to a contact without a valid address), ranked with it.
 */
export const BLOCKING_ORDER = [
  'INVALID_PHONE', 'INVALID_EMAIL', 'OPTED_OUT', 'LITIGATOR', 'REGISTRY_STALE', 'DNC_FEDERAL', 'DNC_STATE',
  'WIRELESS_RESTRICTED', 'OUTSIDE_CALLING_WINDOW', 'FREQ_CAPPED',
] as const;
export type BlockingTag = (typeof BLOCKING_ORDER)[number];
export const EXEMPTION_TAGS = ['EBR_ACTIVE', 'CONSENT_ACTIVE'] as const;
export type ExemptionTag = (typeof EXEMPTION_TAGS)[number];
export type Tag = BlockingTag | ExemptionTag | 'CALLABLE';

/** Rank of a blocking tag (0 = reported first). */
export function blockingRank(tag: BlockingTag): number {
  return BLOCKING_ORDER.indexOf(tag);
}

/** Whether a suppression row's channel covers a campaign's channel. */
export function channelCovers(rowChannel: SuppressionChannel, campaignChannel: Channel): boolean {
  return rowChannel === 'ALL' || rowChannel === campaignChannel;
}

/** The channels whose checks look at the phone number (registries, windows, caps); e-mail looks at the address. */
export function isPhoneChannel(channel: Channel): boolean {
  return channel !== 'EMAIL';
}
