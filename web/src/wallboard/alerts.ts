// Alerts the supervisor must act on, derived in the browser from the rows so they appear the
// second an allowance runs out, without a message from the server.
import { h, replace } from '../lib/dom.ts';
import { t, getLang } from '../i18n/i18n.ts';
import { reasonLabel } from '../lib/operator-state.ts';
import { formatDuration } from '../lib/jalali.ts';
import { secondsSince } from './clock.ts';
import type { OperatorRow } from './types.ts';

export type Alert =
  | { kind: 'pause'; row: OperatorRow; seconds: number; allowance: number }
  | { kind: 'rna'; row: OperatorRow; streak: number }
  | { kind: 'absent'; row: OperatorRow };

/** Ring-no-answer streaks from this many rings in a row. */
export const RNA_ALERT = 2;

export function alertsOf(row: OperatorRow, now: number): Alert[] {
  const out: Alert[] = [];
  if (row.state === 'paused' && row.pauseAllowanceSeconds !== null) {
    const seconds = secondsSince(row.since, now);
    if (seconds > row.pauseAllowanceSeconds)
      out.push({ kind: 'pause', row, seconds, allowance: row.pauseAllowanceSeconds });
  }
  if (row.rnaStreak >= RNA_ALERT) out.push({ kind: 'rna', row, streak: row.rnaStreak });
  if (row.absent) out.push({ kind: 'absent', row });
  return out;
}

export function alertText(a: Alert): string {
  const name = a.row.displayName;
  if (a.kind === 'pause') {
    return t('wbAlertPause', {
      name,
      reason: reasonLabel(a.row.reason ?? 'other'),
      time: formatDuration(a.seconds, getLang()),
      allow: Math.round(a.allowance / 60),
    });
  }
  if (a.kind === 'rna') return t('wbAlertRna', { name, n: a.streak });
  return t('wbAlertAbsent', { name });
}

/** The strip under the header: one chip per alert, hidden when there is none. */
export function buildAlertStrip(): { el: HTMLElement; render: (rows: OperatorRow[], now: number) => void } {
  const list = h('ul', { class: 'wb-alert-list' });
  const el = h(
    'section',
    { class: 'wb-alerts', testid: 'wb-alerts', attrs: { 'aria-labelledby': 'wb-alerts-title', hidden: true } },
    h('h2', { id: 'wb-alerts-title', class: 'wb-alerts-title', i18n: 'wbAlerts' }),
    list,
  );
  let last = '';
  return {
    el,
    render(rows, now) {
      const alerts = rows.flatMap((r) => alertsOf(r, now));
      const texts = alerts.map(alertText);
      el.hidden = alerts.length === 0;
      const key = texts.join('|');
      if (key === last) return;
      last = key;
      replace(
        list,
        ...alerts.map((a, i) =>
          h(
            'li',
            {
              class: `wb-alert wb-alert-${a.kind}`,
              testid: 'wb-alert',
              attrs: { 'data-kind': a.kind, 'data-operator': a.row.id },
            },
            texts[i]!,
          ),
        ),
      );
    },
  };
}
