// The one choice of libphonenumber metadata ("max") for every phone decision, and typed access to its numbering plans.
import * as core from 'libphonenumber-js/core';
import { type MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';

/*
 * Why "max": with "min" metadata, libphonenumber-js keeps the per-type patterns (fixed line, mobile, toll free…)
 * only for some countries, so isValid() degrades to the coarse national-number pattern for the rest (e.g. every
 * Caribbean NANP country: any '246' + 7 digits is "valid" for Barbados). "max" carries every type pattern, so
 * isValid() is the exact verdict libphonenumber defines. Its extra cost is irrelevant here: the NANP fast path
 * (nanp-fast-path.ts) answers the common case from a memo, and both min and max run ~50k parses/s anyway.
 */
export const PHONE_METADATA: MetadataJson = maxMetadata as unknown as MetadataJson;

/** The numbering-plan accessors of libphonenumber-js's Metadata class that its parser and isValid() use. */
export interface NumberingPlanView {
  nationalNumberPattern(): string;
  leadingDigits(): string | undefined;
  type(type: string): { pattern(): string } | undefined;
  IDDPrefix(): string;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
}

export interface MetadataView {
  selectNumberingPlan(country: string): void;
  numberingPlan?: NumberingPlanView;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
}

type MetadataConstructor = new (metadata: MetadataJson) => MetadataView;

/** A fresh Metadata instance over PHONE_METADATA (the class is exported at runtime by libphonenumber-js/core). */
export function metadataView(): MetadataView {
  const ctor = (core as unknown as { Metadata?: MetadataConstructor }).Metadata;
  if (typeof ctor !== 'function') throw new Error('libphonenumber-js/core does not export Metadata');
  return new ctor(PHONE_METADATA);
}

/** The numbering plan of `country`, checked to offer the accessors we rely on. */
export function numberingPlan(metadata: MetadataView, country: string): NumberingPlanView {
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan;
  if (!plan || typeof plan.nationalNumberPattern !== 'function' || typeof plan.type !== 'function') {
    throw new Error(`libphonenumber-js Metadata has no usable numbering plan for ${country}`);
  }
  return plan;
}
