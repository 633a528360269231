// Tracking by code: status, unit, deadline, the citizen's word and the steps, in Jalali dates and
// the page's language. Nothing personal comes from the server. When the work is reported done, the
// citizen whose number is on the request may answer "fixed?" after a code sent to that number.
import { normalizeDigits } from '../lib/digits.ts';
import { formatJalaliDateTime } from '../lib/jalali.ts';
import type { TrackStep as Step, TrackView as Tracked } from '../lib/server-types.ts';
import { groupTrackingCode } from '../lib/tracking.ts';
import { call, errorText } from './api.ts';
import { codeStep } from './code-step.ts';
import { h, ltr, replace, tx } from './dom.ts';
import { d, lang, localDigitsField, onLang, statusText, t, type CitizenKey } from './i18n.ts';

const when = (iso: string | null) => (iso ? formatJalaliDateTime(iso, lang()) : t('none'));
const pick = (fa: string | null, en: string | null) => (lang() === 'fa' ? fa : en) ?? t('none');

function row(key: CitizenKey, value: string | HTMLElement) {
  return h('div', { class: 'kv' }, h('dt', {}, t(key)), h('dd', {}, value));
}

function stepText(s: Step): string {
  // The status a step moved to says most; a step without one (the citizen's answer) by its kind.
  const what = statusText(s.status ?? s.kind);
  if (s.kind === 'referred' && (s.unitFa || s.unitEn)) return `${what}: ${pick(s.unitFa, s.unitEn)}`;
  if (s.kind === 'feedback' && s.answer) return `${what}: ${t(s.answer === 'resolved' ? 'resolved' : 'notResolved')}`;
  return what;
}

function details(r: Tracked): HTMLElement {
  const outcome = r.outcome ? t(r.outcome === 'resolved' ? 'resolved' : 'notResolved') : t('none');
  return h(
    'section',
    { class: 'card tracked', 'aria-live': 'polite' },
    h('h2', {}, `${t('trackingCode')}: `, ltr(r.trackingCode, d(groupTrackingCode(r.trackingCode)), 'code')),
    h('p', { class: 'category' }, pick(r.categoryFa, r.categoryEn)),
    h(
      'dl',
      {},
      row('status', h('span', { class: `status st-${r.status}` }, statusText(r.status))),
      row('unit', pick(r.unitFa, r.unitEn)),
      row('created', when(r.createdAt)),
      row('deadline', when(r.deadlineAt)),
      r.closedAt ? row('closedAt', when(r.closedAt)) : null,
      row('outcome', outcome),
    ),
    h('h3', {}, t('history')),
    h(
      'ol',
      { class: 'steps' },
      ...r.steps.map((s) => h('li', {}, h('span', { class: 'when' }, when(s.at)), h('span', {}, stepText(s)))),
    ),
  );
}

function feedbackBox(r: Tracked, reload: () => void): HTMLElement {
  const box = h('section', { class: 'card feedback' }, h('p', { class: 'question' }, t('fbQuestion')));
  const start = h('button', { type: 'button', class: 'primary' }, t('fbStart'));
  const error = h('p', { class: 'error', role: 'alert' });
  start.addEventListener('click', async () => {
    error.textContent = '';
    const res = await call<{ challengeId: string }>('POST', '/feedback', { trackingCode: r.trackingCode });
    if (!res.ok) return void (error.textContent = errorText(res.error));
    const step = codeStep({
      challengeId: res.data.challengeId,
      message: 'fbCodeSent',
      actions: [
        { key: 'fbYes', extra: { resolved: true } },
        { key: 'fbNo', extra: { resolved: false }, cls: 'secondary' },
      ],
      onDone: () => {
        replace(box, h('p', { class: 'ok' }, t('fbThanks')));
        reload();
      },
    });
    replace(box, step);
  });
  box.append(start, error);
  return box;
}

export function trackView(root: HTMLElement) {
  const input = localDigitsField(
    h('input', { id: 'track-code', type: 'text', inputmode: 'numeric', dir: 'ltr', autocomplete: 'off' }),
  );
  const go = tx('button', 'trackGo', { type: 'submit', class: 'primary' });
  const error = h('p', { class: 'error', role: 'alert' });
  const out = h('div', { class: 'track-out' });
  const form = h(
    'form',
    { class: 'card track-form' },
    tx('label', 'trackLabel', { for: 'track-code' }),
    h('div', { class: 'inline' }, input, go),
    tx('p', 'trackHint', { class: 'hint' }),
    error,
  );
  replace(root, form, out);
  let last: Tracked | null = null;

  const render = () => {
    if (!last) return replace(out);
    replace(
      out,
      details(last),
      last.feedbackOpen ? feedbackBox(last, () => void lookup(last!.trackingCode, true)) : null,
    );
  };

  async function lookup(code: string, keepFeedback = false): Promise<void> {
    error.textContent = '';
    const r = await call<Tracked>('GET', `/track/${encodeURIComponent(normalizeDigits(code).replace(/\s+/g, ''))}`);
    if (!r.ok) {
      last = null;
      render();
      error.textContent = errorText(r.error);
      return;
    }
    last = r.data;
    if (keepFeedback) {
      const fb = out.querySelector('.feedback');
      replace(out, details(last), fb);
    } else render();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) void lookup(input.value);
  });
  onLang(render);
  return {
    show(code: string) {
      input.value = d(code);
      void lookup(code);
    },
  };
}
