// The scores page's weekly trend per operator: a small line of weekly survey means (1–5).
import { d, getLang, t } from '../i18n/i18n.ts';
import { jalaliDay, num } from './format.ts';

export type TrendPoint = { week: string; responses: number; mean: number | null };

const ns = 'http://www.w3.org/2000/svg';

const pointText = (p: TrendPoint) =>
  t('scTrendPoint', { week: jalaliDay(p.week), mean: num(p.mean, getLang(), 2), n: d(p.responses) });

/** A small line of weekly means (1–5), gaps where a week had no responses; the last point dotted. */
export function sparkline(points: TrendPoint[]): SVGSVGElement {
  const W = 132,
    H = 30,
    pad = 3;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('class', 'sc-spark');
  svg.dataset['testid'] = 'sc-trend';
  // Drawn left to right whatever the page direction: time runs that way on every chart here.
  svg.setAttribute('direction', 'ltr');
  const x = (i: number) => pad + (i * (W - 2 * pad)) / Math.max(points.length - 1, 1);
  const y = (m: number) => H - pad - ((m - 1) / 4) * (H - 2 * pad);
  const mid = document.createElementNS(ns, 'line');
  for (const [k, v] of [
    ['x1', pad],
    ['x2', W - pad],
    ['y1', y(3)],
    ['y2', y(3)],
  ] as const)
    mid.setAttribute(k, String(v));
  mid.setAttribute('class', 'sc-spark-mid');
  svg.append(mid);
  let path = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.mean === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.mean).toFixed(1)}`;
    pen = true;
  });
  const line = document.createElementNS(ns, 'path');
  line.setAttribute('d', path);
  line.setAttribute('class', 'sc-spark-line');
  svg.append(line);
  points.forEach((p, i) => {
    if (p.mean === null) return;
    const dot = document.createElementNS(ns, 'circle');
    dot.setAttribute('cx', x(i).toFixed(1));
    dot.setAttribute('cy', y(p.mean).toFixed(1));
    dot.setAttribute('r', i === points.length - 1 ? '2.6' : '1.6');
    dot.setAttribute('class', 'sc-spark-dot');
    const title = document.createElementNS(ns, 'title');
    title.textContent = pointText(p);
    dot.append(title);
    svg.append(dot);
  });
  const withData = points.filter((p) => p.mean !== null);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', withData.length ? withData.map(pointText).join('؛ ') : t('scTrendEmpty'));
  return svg;
}
