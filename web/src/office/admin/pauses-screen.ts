// Pause allowances: how many minutes each kind of pause may last before the wallboard warns the
// supervisor. Each row saves on its own (PUT /supervision/pause-allowances/:reason).
import { d, t, type StringKey } from '../../i18n/i18n.ts';
import { get, put } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { notify } from '../../lib/notice.ts';
import { adminErrorText, numberInput, readInt } from './form-kit.ts';
import { statusLine, toolbar, type Screen } from './screen.ts';

const REASONS: Array<[reason: string, label: StringKey]> = [
  ['break', 'reasonBreak'],
  ['prayer', 'reasonPrayer'],
  ['training', 'reasonTraining'],
  ['meeting', 'reasonMeeting'],
  ['technical', 'reasonTechnical'],
  ['other', 'reasonOther'],
];

/** One reason's row: its minutes, saved on Enter or with its button. */
function allowanceRow(
  [reason, label]: [string, StringKey],
  allowances: () => Record<string, number>,
  set: (a: Record<string, number>) => void,
): HTMLElement {
  const minutes = numberInput(allowances()[reason] ?? null, `minutes-${reason}`);
  minutes.setAttribute('aria-label', t('adPauseMinutesFor', { reason: t(label) }));
  const saved = h('span', { class: 'ad-saved', attrs: { role: 'status' } });
  const save = async () => {
    saved.textContent = '';
    const r = await put<Record<string, number>>(`/api/v1/supervision/pause-allowances/${reason}`, {
      minutes: readInt(minutes),
    });
    if (!r.ok) {
      notify(adminErrorText(r.status, r.error), 'error');
      return;
    }
    set(r.data);
    saved.textContent = t('adSavedMark');
    minutes.value = d(r.data[reason] ?? '');
  };
  minutes.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') void save();
  });
  const button = h('button', {
    class: 'btn btn-small',
    i18n: 'adSave',
    attrs: { type: 'button' },
    on: { click: () => void save() },
  });
  return h(
    'tr',
    { testid: 'pause-row', attrs: { 'data-reason': reason } },
    h('th', { attrs: { scope: 'row' } }, t(label)),
    h('td', {}, minutes),
    h('td', {}, button, ' ', saved),
  );
}

export function buildPausesScreen(): Screen {
  let allowances: Record<string, number> = {};
  const status = statusLine();
  const tbody = h('tbody', {});
  const head = h(
    'tr',
    {},
    h('th', { i18n: 'adPauseReason', attrs: { scope: 'col' } }),
    h('th', { i18n: 'adPauseMinutes', attrs: { scope: 'col' } }),
    h('th', {}),
  );
  const el = h(
    'div',
    { class: 'ad-screen', testid: 'admin-pauses' },
    toolbar('adPausesTitle'),
    h('p', { class: 'hint', i18n: 'adPausesHint' }),
    status.el,
    h('table', { class: 'ad-table ad-narrow', testid: 'pauses-table' }, h('thead', {}, head), tbody),
  );
  const draw = () =>
    replace(
      tbody,
      ...REASONS.map((r) =>
        allowanceRow(
          r,
          () => allowances,
          (a) => (allowances = a),
        ),
      ),
    );
  return {
    el,
    shown: () => {
      status.loading();
      void get<Record<string, number>>('/api/v1/supervision/pause-allowances').then((r) => {
        if (!r.ok) return status.failed(r);
        allowances = r.data;
        status.clear();
        draw();
      });
    },
    redraw: draw,
  };
}
