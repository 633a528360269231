// The citizen page (/citizen): report a problem with a code sent by SMS, track a request, answer
// whether it was fixed. Mobile first, Persian first with English beside, no sign-in.
import { call, errorText } from './citizen/api.ts';
import { h, refreshTexts, replace, tx } from './citizen/dom.ts';
import { applyDocument, d, lang, onLang, setLang, t, type CitizenKey } from './citizen/i18n.ts';
import { reportView, type Taxonomy } from './citizen/report-view.ts';
import { trackView } from './citizen/track-view.ts';

type Tab = 'report' | 'track';

function tabs(onPick: (tab: Tab) => void) {
  const make = (tab: Tab, key: CitizenKey) => {
    const b = tx('button', key, { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': `pane-${tab}` });
    b.addEventListener('click', () => onPick(tab));
    return b;
  };
  const report = make('report', 'tabReport');
  const track = make('track', 'tabTrack');
  const el = h('nav', { class: 'tabs', role: 'tablist' }, report, track);
  const select = (tab: Tab) => {
    report.setAttribute('aria-selected', String(tab === 'report'));
    track.setAttribute('aria-selected', String(tab === 'track'));
  };
  return { el, select };
}

async function boot(): Promise<void> {
  applyDocument();
  const app = document.getElementById('app')!;
  const langBtn = tx('button', 'switchLang', { type: 'button', class: 'lang', id: 'lang-switch' });
  langBtn.addEventListener('click', () => setLang(lang() === 'fa' ? 'en' : 'fa'));
  const reportPane = h('div', { id: 'pane-report', role: 'tabpanel' }, h('p', { class: 'muted' }, t('loading')));
  const trackPane = h('div', { id: 'pane-track', role: 'tabpanel', hidden: true });
  const show = (tab: Tab) => {
    reportPane.hidden = tab !== 'report';
    trackPane.hidden = tab !== 'track';
    nav.select(tab);
  };
  const nav = tabs(show);
  const header = h(
    'header',
    { class: 'top' },
    h('div', { class: 'brand' }, tx('h1', 'title'), tx('p', 'subtitle', { class: 'sub' })),
    langBtn,
  );
  replace(app, header, nav.el, h('main', {}, reportPane, trackPane), tx('p', 'footer', { class: 'footer' }));
  const refresh = () => refreshTexts(document.body, (k) => t(k as CitizenKey), d);
  onLang(refresh);
  refresh();
  show('report');

  const tracker = trackView(trackPane);
  const [config, tax] = await Promise.all([
    call<{ webReports: boolean }>('GET', '/config'),
    call<Taxonomy>('GET', '/taxonomy'),
  ]);
  if (!config.ok || !tax.ok) {
    const err = !config.ok ? config.error : !tax.ok ? tax.error : null;
    replace(reportPane, h('p', { class: 'error' }, err ? errorText(err) : t('offline')));
    return;
  }
  if (!config.data.webReports) replace(reportPane, tx('p', 'closed', { class: 'notice', id: 'reports-closed' }));
  else
    reportView(reportPane, tax.data, (code) => {
      show('track');
      tracker.show(code);
    });
  refresh();
}

void boot();
