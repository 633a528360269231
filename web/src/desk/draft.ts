// The form being typed survives a reload (F5 by mistake, a crashed tab restored) in sessionStorage;
// a socket drop never touches the form at all. One draft per signed-in user, per tab.

export interface Draft {
  callId: string | null;
  callerPhone: string | null;
  phone: string;
  categoryId: string;
  districtId: string;
  neighbourhoodId: string;
  address: string;
  /** The map point as typed. */
  point: string;
  description: string;
  hazard: boolean;
  hazardManual: boolean;
  /**
   * The draft's Idempotency-Key: sent with every submit of this draft, kept across a failed submit
   * (and a reload), so a retry of a registration whose answer was lost gets that answer instead of
   * making a second request. A new draft (after a success or a clear) gets a new key.
   */
  submitKey: string;
}

const KEY_RE = /^[A-Za-z0-9._:-]{8,100}$/;

/** 128 random bits; getRandomValues, unlike randomUUID, works on a desk opened over plain http. */
export function newSubmitKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `draft-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const key = (userId: string) => `cti137.draft.${userId}`;

export function saveDraft(userId: string, draft: Draft): void {
  try {
    sessionStorage.setItem(key(userId), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the draft then lives only in the page
  }
}

export function loadDraft(userId: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(key(userId));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      callId: typeof d.callId === 'string' ? d.callId : null,
      callerPhone: typeof d.callerPhone === 'string' ? d.callerPhone : null,
      phone: str(d.phone),
      categoryId: str(d.categoryId),
      districtId: str(d.districtId),
      neighbourhoodId: str(d.neighbourhoodId),
      address: str(d.address),
      point: str(d.point),
      description: str(d.description),
      hazard: d.hazard === true,
      hazardManual: d.hazardManual === true,
      submitKey: typeof d.submitKey === 'string' && KEY_RE.test(d.submitKey) ? d.submitKey : newSubmitKey(),
    };
  } catch {
    return null;
  }
}

export function clearDraft(userId: string): void {
  try {
    sessionStorage.removeItem(key(userId));
  } catch {
    // nothing to clear
  }
}

/** A draft worth keeping: something the operator typed or chose. */
export function isDraftEmpty(d: Draft): boolean {
  return !d.categoryId && !d.neighbourhoodId && !d.address.trim() && !d.point.trim() && !d.description.trim();
}
