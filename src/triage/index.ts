// Non-phone submissions that need a person (web, SMS, Open311): the only public face of src/triage.
export type {
  TriageHandle,
  TriageInput,
  TriageItem,
  TriageItemView,
  TriageOffer,
  TriageReason,
  TriageSource,
  TriageStatus,
  TriageWithdrawn,
} from './triage-types.ts';
export { install, type TriageCore, type TriageFullHandle } from './install.ts';
