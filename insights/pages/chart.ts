import { html, type Html } from './html';

// The dashboard's one chart: horizontal bars drawn as SVG on the server (no script, no CDN, and no
// inline style, which the pages' Content-Security-Policy refuses),
// each bar a link to the rows behind it, its figure written beside it so the chart reads as a table.

export interface Bar {
  label: string;
  value: number;
  /** the figure shown, e.g. "€12,400 · 31 accounts" */
  display: string;
  href: string;
}

export function barChart(caption: string, bars: Bar[], emptyHint: Html | string): Html {
  if (!bars.length || bars.every((b) => b.value <= 0)) return html`<p class="empty">${emptyHint}</p>`;
  const max = Math.max(...bars.map((b) => b.value));
  return html`<figure class="bars"><figcaption>${caption}</figcaption><ol>${bars.map(
    (b) => html`<li><a href="${b.href}" class="bar-link"><span class="bar-label">${b.label}</span>
      <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="10"/><rect class="bar" width="${Math.max(1, Math.round((b.value / max) * 100))}" height="10"/></svg>
      <span class="bar-figure">${b.display}</span></a></li>`,
  )}</ol></figure>`;
}

/** A score history as a small line (SVG), newest on the right; the numbers stay in the table beside it. */
export function sparkline(points: { at: Date; score: number }[]): Html {
  if (points.length < 2) return html``;
  const pts = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const t0 = pts[0]!.at.getTime();
  const span = Math.max(1, pts[pts.length - 1]!.at.getTime() - t0);
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${(((p.at.getTime() - t0) / span) * 300).toFixed(1)},${(100 - p.score).toFixed(1)}`).join(' ');
  return html`<svg class="spark" viewBox="0 0 300 100" preserveAspectRatio="none" role="img" aria-label="score history from ${pts[0]!.score} to ${pts[pts.length - 1]!.score}"><path d="${d}"/></svg>`;
}
