import { describe, expect, it } from 'vitest';
import { gregorianToJalaliText, jalaliToGregorian, parseJalaliInput } from '../../../web/src/office/jalali-input.ts';
import { spanText, timeLeftText } from '../../../web/src/office/format.ts';
import { homePage, mayOpenDesk } from '../../../web/src/lib/home.ts';
import { getLang } from '../../../web/src/i18n/i18n.ts';

describe('Jalali dates typed into the worklist filters', () => {
  it('turns a typed Jalali day into the Gregorian day the API takes, in any digits and separators', () => {
    expect(parseJalaliInput('۱۴۰۴/۱/۱')).toBe('2025-03-21');
    expect(parseJalaliInput('1404-01-01')).toBe('2025-03-21');
    expect(parseJalaliInput(' ١٤٠٤.٠٦.٣١ ')).toBe('2025-09-22');
    expect(parseJalaliInput('1403/07/01')).toBe('2024-09-22');
    expect(parseJalaliInput('')).toBe('');
  });

  it('knows the leap years: 30 Esfand exists in 1399 and 1403, not in 1404', () => {
    expect(parseJalaliInput('1399/12/30')).toBe('2021-03-20');
    expect(parseJalaliInput('1403/12/30')).toBe('2025-03-20');
    expect(parseJalaliInput('1404/12/30')).toBeNull();
  });

  it('refuses what is not a day', () => {
    for (const bad of ['1404/13/01', '1404/07/31', '1404/00/10', '14040101', 'دیروز', '1404/1', '99/01/01'])
      expect(parseJalaliInput(bad), bad).toBeNull();
  });

  it('goes back and forth over seventy years without losing a day', () => {
    const DAY = 86_400_000;
    let wrong = 0;
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2060, 0, 1); t += DAY) {
      const g = new Date(t).toISOString().slice(0, 10);
      const [y, m, d] = gregorianToJalaliText(g).split('/').map(Number);
      if (jalaliToGregorian(y!, m!, d!) !== g) wrong += 1;
    }
    expect(wrong).toBe(0);
  });
});

describe('time to a deadline, as the inbox says it', () => {
  it('gives the two larger units, in Persian digits, never "0 minutes" over', () => {
    expect(getLang()).toBe('fa');
    const H = 3_600_000;
    expect(spanText(14 * 24 * H + 10 * H)).toBe('۱۴ روز و ۱۰ ساعت');
    expect(spanText(3 * H + 10 * 60_000)).toBe('۳ ساعت و ۱۰ دقیقه');
    expect(spanText(2 * H)).toBe('۲ ساعت');
    expect(spanText(5_000)).toBe('۱ دقیقه');
    const now = Date.parse('2025-03-21T10:00:00Z');
    expect(timeLeftText('2025-03-21T12:30:00Z', now)).toBe('۲ ساعت و ۳۰ دقیقه مانده');
    expect(timeLeftText('2025-03-21T09:59:30Z', now)).toBe('۱ دقیقه از مهلت گذشته');
  });
});

describe('where each role starts', () => {
  it('sends units and viewers to the back office, never the desk', () => {
    expect(homePage('operator')).toBe('/');
    expect(homePage('supervisor')).toBe('/wallboard.html');
    expect(homePage('admin')).toBe('/wallboard.html');
    expect(homePage('unit')).toBe('/office.html');
    expect(homePage('unit-manager')).toBe('/office.html');
    expect(homePage('viewer')).toBe('/office.html');
    expect(mayOpenDesk('unit')).toBe(false);
    expect(mayOpenDesk('viewer')).toBe(true);
  });
});
