import { describe, expect, it } from 'vitest';
import { ivrChoiceLabel, queueLabel } from '../../../web/src/lib/call-labels.ts';
import { questionFigure } from '../../../web/src/wallboard/scores-table.ts';
import { getLang } from '../../../web/src/i18n/i18n.ts';

describe('names an operator understands', () => {
  it('names the queues and the phone-menu choices, unknown ones sensibly', () => {
    expect(getLang()).toBe('fa');
    expect(queueLabel('q137')).toBe('صف عمومی');
    expect(queueLabel('q137hazard')).toBe('صف خطر');
    expect(queueLabel('q137overflow')).toBe('صف سرریز');
    expect(queueLabel('q-night')).toBe('صف q-night');
    expect(ivrChoiceLabel('1')).toBe('ثبت درخواست جدید');
    expect(ivrChoiceLabel('9')).toBe('اعلام خطر');
    expect(ivrChoiceLabel('none')).toBe('کلیدی زده نشد');
    expect(ivrChoiceLabel('5')).toBe('کلید ۵');
  });

  it('shows a yes/no question as the share of "yes", a scale as its mean', () => {
    expect(
      questionFigure({ code: 'registered', version: 1, responses: 22, mean: 24 / 22, yesShare: 20 / 22 }, 'en'),
    ).toBe('91%');
    expect(questionFigure({ code: 'courtesy', version: 1, responses: 22, mean: 78 / 22, yesShare: null }, 'en')).toBe(
      '3.55',
    );
    expect(questionFigure(undefined, 'en')).toBe('—');
  });
});
