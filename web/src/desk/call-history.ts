// The caller's previous calls as a small table: when (Jalali), operator, outcome, survey score.
import { h } from '../lib/dom.ts';
import { t, d, type StringKey } from '../i18n/i18n.ts';
import type { PastCall } from './types.ts';
import { dateEl } from './request-card.ts';

const OUTCOME_KEYS: Record<string, StringKey> = {
  answered: 'outcomeAnswered',
  abandoned: 'outcomeAbandoned',
  'ivr-hangup': 'outcomeIvrHangup',
  transferred: 'outcomeTransferred',
  timeout: 'outcomeTimeout',
  'pbx-restart': 'outcomePbxRestart',
  unseen: 'outcomeUnseen',
  ringing: 'outcomeRinging',
  talking: 'outcomeTalking',
};

export function outcomeLabel(outcome: string): string {
  const key = OUTCOME_KEYS[outcome];
  return key ? t(key) : outcome;
}

export function callHistory(calls: PastCall[]): HTMLElement {
  if (calls.length === 0) {
    return h('p', { class: 'empty', testid: 'pop-history-calls', i18n: 'popNoCalls' });
  }
  const sorted = [...calls].sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  return h(
    'table',
    { class: 'calls', testid: 'pop-history-calls' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { i18n: 'colWhen', attrs: { scope: 'col' } }),
        h('th', { i18n: 'colOperator', attrs: { scope: 'col' } }),
        h('th', { i18n: 'colOutcome', attrs: { scope: 'col' } }),
        h('th', { i18n: 'colScore', attrs: { scope: 'col' } }),
      ),
    ),
    h(
      'tbody',
      {},
      ...sorted.map((c) =>
        h(
          'tr',
          { attrs: { 'data-call-id': c.callId } },
          h('td', {}, dateEl(c.startedAt, false)),
          h('td', {}, h('bdi', { text: c.operatorName ?? '—' })),
          h('td', { class: `outcome outcome-${c.outcome}`, text: outcomeLabel(c.outcome) }),
          h('td', {
            class: 'score',
            text: c.surveyScore === null || c.surveyScore === undefined ? t('noScore') : d(c.surveyScore),
          }),
        ),
      ),
    ),
  );
}
