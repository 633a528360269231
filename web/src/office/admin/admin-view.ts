// The admins' tab of the back office: users, the units tree, category routing per district,
// categories with their deadlines, answer templates, the roster, pause allowances and the survey's
// questions. One section shows at a time (a tab list: arrows move, or keys 1–8 outside a field); each section
// reads the server when shown and is kept, so a half-filled form survives a look elsewhere.
import { applyI18n, d, onLangChange, t, type StringKey } from '../../i18n/i18n.ts';
import { h } from '../../lib/dom.ts';
import { buildCategoriesScreen } from './categories-screen.ts';
import { buildPausesScreen } from './pauses-screen.ts';
import { buildRosterScreen } from './roster-screen.ts';
import { buildRoutingScreen } from './routing-screen.ts';
import { buildSurveyScreen } from './survey-screen.ts';
import type { Screen } from './screen.ts';
import { buildTemplatesScreen } from './templates-screen.ts';
import { buildUnitsScreen } from './units-screen.ts';
import { buildUsersScreen } from './users-screen.ts';

const SECTIONS: Array<[id: string, label: StringKey, build: () => Screen]> = [
  ['users', 'adTabUsers', buildUsersScreen],
  ['units', 'adTabUnits', buildUnitsScreen],
  ['routing', 'adTabRouting', buildRoutingScreen],
  ['categories', 'adTabCategories', buildCategoriesScreen],
  ['templates', 'adTabTemplates', buildTemplatesScreen],
  ['roster', 'adTabRoster', buildRosterScreen],
  ['pauses', 'adTabPauses', buildPausesScreen],
  ['survey', 'adTabSurvey', buildSurveyScreen],
];

/** The admin screens' own stylesheet, added once to the page (the office page links the rest). */
function ensureStylesheet(): void {
  if (document.querySelector('link[data-admin-css]')) return;
  const link = h('link', { attrs: { rel: 'stylesheet', href: '/admin.css', 'data-admin-css': '' } });
  document.head.append(link);
}

function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  if (el.isContentEditable || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
}

function tabButton([id, label]: (typeof SECTIONS)[number], i: number, select: (id: string) => void): HTMLButtonElement {
  return h(
    'button',
    {
      class: 'ad-tab',
      id: `ad-tab-${id}`,
      testid: `admin-tab-${id}`,
      attrs: { type: 'button', role: 'tab', 'aria-controls': 'ad-panel', 'aria-keyshortcuts': String(i + 1) },
      on: { click: () => select(id) },
    },
    h('kbd', { class: 'ad-tab-key', attrs: { 'aria-hidden': 'true' } }, d(i + 1)),
    ' ',
    h('span', { i18n: label }),
  );
}

/** The sections and the one shown; each section is built the first time it is chosen. */
class Sections {
  readonly screens = new Map<string, Screen>();
  current = '';
  readonly panel = h('div', { class: 'ad-panel', id: 'ad-panel', attrs: { role: 'tabpanel', tabindex: -1 } });
  readonly tabs = SECTIONS.map((s, i) => tabButton(s, i, (id) => this.select(id)));
  readonly tablist = h(
    'div',
    { class: 'ad-tabs', attrs: { role: 'tablist', 'aria-label': t('adSections') } },
    ...this.tabs,
  );

  constructor() {
    // Arrows move along the tabs (in reading order: left is "next" in Persian).
    this.tablist.addEventListener('keydown', (e) => {
      const at = SECTIONS.findIndex(([id]) => id === this.current);
      const rtl = document.documentElement.dir === 'rtl';
      const step = e.key === 'ArrowLeft' ? (rtl ? 1 : -1) : e.key === 'ArrowRight' ? (rtl ? -1 : 1) : 0;
      const next = e.key === 'Home' ? 0 : e.key === 'End' ? SECTIONS.length - 1 : step ? at + step : null;
      if (next === null) return;
      e.preventDefault();
      e.stopPropagation();
      this.select(SECTIONS[(next + SECTIONS.length) % SECTIONS.length]![0], true);
    });
  }

  select(id: string, focusTab = false): void {
    if (id === this.current) return;
    this.current = id;
    let screen = this.screens.get(id);
    if (!screen) {
      screen = SECTIONS.find(([s]) => s === id)![2]();
      this.screens.set(id, screen);
    }
    this.tabs.forEach((tab, i) => {
      const on = SECTIONS[i]![0] === id;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    });
    this.panel.setAttribute('aria-labelledby', `ad-tab-${id}`);
    this.panel.replaceChildren(screen.el);
    screen.shown();
    if (focusTab) document.getElementById(`ad-tab-${id}`)?.focus();
  }

  /** A key outside any field: a section's number, else the section's own keys. */
  key(e: KeyboardEvent): void {
    const n = Number(e.key);
    if (Number.isInteger(n) && n >= 1 && n <= SECTIONS.length) {
      e.preventDefault();
      this.select(SECTIONS[n - 1]![0], true);
      return;
    }
    // Keys on a form's buttons are the form's: "n" there must not replace a half-filled form.
    if ((e.target as HTMLElement | null)?.closest?.('.ad-side')) return;
    if (this.screens.get(this.current)?.key?.(e)) e.preventDefault();
  }

  langChanged(): void {
    this.tablist.setAttribute('aria-label', t('adSections'));
    this.tabs.forEach((tab, i) => (tab.querySelector('kbd')!.textContent = d(i + 1)));
    // Sections not on screen missed the page's own refresh of labelled texts.
    for (const s of this.screens.values()) {
      applyI18n(s.el);
      s.redraw();
    }
  }
}

export function mountAdmin(container: HTMLElement): () => void {
  ensureStylesheet();
  const sections = new Sections();
  const onKey = (e: KeyboardEvent) => {
    // The tab stays mounted while another page of the office shows: only act when it is on screen.
    if (!container.isConnected || e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
    sections.key(e);
  };
  document.addEventListener('keydown', onKey);
  const offLang = onLangChange(() => sections.langChanged());
  container.classList.add('ad-admin');
  container.replaceChildren(sections.tablist, sections.panel, h('p', { class: 'ad-keys muted', i18n: 'adKeys' }));
  sections.select(SECTIONS[0]![0]);
  return () => {
    document.removeEventListener('keydown', onKey);
    offLang();
    container.replaceChildren();
  };
}
