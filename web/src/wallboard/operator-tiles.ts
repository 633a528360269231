// TV mode's operators: a card per operator, coloured by state, with the name and how long they
// have been in it in large type, readable across the room. No actions: the TV is not a desk.
import { h, ltr, replace } from '../lib/dom.ts';
import { d, getLang } from '../i18n/i18n.ts';
import { alertsOf } from './alerts.ts';
import { secondsSince } from './clock.ts';
import { secs } from './format.ts';
import { stateText } from './operator-state-text.ts';
import { arrange, DEFAULT_VIEW } from './operator-sort.ts';
import type { WallboardSnapshot } from './types.ts';

export function buildOperatorTiles(): { el: HTMLElement; render: (p: WallboardSnapshot, now: number) => void } {
  const grid = h('div', { class: 'wb-op-tiles' });
  const el = h(
    'section',
    {
      class: 'wb-panel wb-operators-tv',
      testid: 'wb-operators-tv',
      attrs: { 'aria-labelledby': 'wb-operators-tv-title' },
    },
    h('h2', { id: 'wb-operators-tv-title', i18n: 'wbOperators' }),
    grid,
  );
  return {
    el,
    render(p, now) {
      const lang = getLang();
      replace(
        grid,
        ...arrange(p.operators, DEFAULT_VIEW, now).map((r) =>
          h(
            'div',
            {
              class: 'wb-op-tile',
              testid: 'wb-op-tile',
              attrs: { 'data-state': r.state, 'data-alert': alertsOf(r, now).length > 0 },
            },
            h('div', { class: 'wb-op-tile-name' }, r.displayName),
            h('div', { class: 'wb-op-tile-state' }, stateText(r)),
            h('div', { class: 'wb-op-tile-time' }, secs(secondsSince(r.since, now), lang)),
            r.call?.callerMasked ? ltr(d(r.call.callerMasked), { class: 'wb-op-tile-caller' }) : null,
          ),
        ),
      );
    },
  };
}
