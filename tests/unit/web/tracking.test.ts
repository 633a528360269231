import { describe, expect, it } from 'vitest';
import { groupTrackingCode } from '../../../web/src/lib/tracking.ts';

describe('tracking code', () => {
  it('groups digits by three from the start for reading aloud', () => {
    expect(groupTrackingCode('12345678')).toBe('123 456 78');
    expect(groupTrackingCode('123456789')).toBe('123 456 789');
    expect(groupTrackingCode('۱۲۳۴')).toBe('123 4');
    expect(groupTrackingCode('1')).toBe('1');
  });

  it('leaves a code without digits as it is', () => {
    expect(groupTrackingCode(' AB- ')).toBe('AB-');
  });
});
