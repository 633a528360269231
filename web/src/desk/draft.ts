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
