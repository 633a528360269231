// Non-phone submissions that need a person (web, SMS, Open311): the only public face of src/triage.
export type { TriageHandle, TriageInput, TriageItemView, TriageReason, TriageSource } from './triage-types.ts';
