/**
 * Decisions per second (bars) and deny rate (line) over time, as plain SVG: two series do
 * not justify a charting library. Gaps between buckets are zeros.
 */
import type { DecisionStats } from '../api/types';

export interface Point {
  readonly t: number;
  readonly perSecond: number;
  readonly denyRate: number | null;
}

export function series(stats: DecisionStats, nowMs = Date.now()): Point[] {
  const step = stats.bucketSeconds;
  const start = Math.floor(Date.parse(stats.since) / 1000 / step) * step;
  const end = Math.floor(nowMs / 1000 / step) * step;
  const byT = new Map(stats.buckets.map((b) => [b.t, b]));
  const out: Point[] = [];
  for (let t = start; t <= end; t += step) {
    const b = byT.get(t);
    out.push({ t, perSecond: b ? b.total / step : 0, denyRate: b && b.total > 0 ? b.denied / b.total : null });
  }
  return out;
}

const W = 720;
const H = 160;
// Labels sit in HTML around the plot: SVG text would be squeezed with the plot on a phone.
const PAD = { l: 2, r: 2, t: 4, b: 2 };

export function RateChart(props: { stats: DecisionStats }) {
  const pts = series(props.stats);
  const max = Math.max(1, ...pts.map((p) => p.perSecond));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = iw / Math.max(pts.length, 1);
  const x = (i: number) => PAD.l + i * bw;
  const y = (v: number) => PAD.t + ih - (v / max) * ih;
  const yr = (r: number) => PAD.t + ih - r * ih;
  const line = pts.map((p, i) => (p.denyRate === null ? null : `${x(i) + bw / 2},${yr(p.denyRate)}`)).filter(Boolean);
  const total = pts.reduce((a, p) => a + p.perSecond * props.stats.bucketSeconds, 0);
  const denied = props.stats.buckets.reduce((a, b) => a + b.denied, 0);
  const fmt = (t: number) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <figure class="chart">
      <div class="chart-ticks" aria-hidden="true">
        <span>peak {max.toFixed(max < 10 ? 1 : 0)}/s</span>
        <span class="deny-tick">deny rate 0–100%</span>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="none">
        <title id="chart-title">Decisions per second and deny rate</title>
        <desc id="chart-desc">
          {total} decisions since {new Date(props.stats.since).toLocaleTimeString()}, peak {max.toFixed(2)} per second, {total ? Math.round((denied / total) * 100) : 0}% denied.
        </desc>
        <line x1={PAD.l} x2={W - PAD.r} y1={PAD.t + ih} y2={PAD.t + ih} class="axis" />
        {pts.map((p, i) => (p.perSecond > 0 ? <rect key={p.t} x={x(i) + 0.5} y={y(p.perSecond)} width={Math.max(bw - 1, 0.5)} height={PAD.t + ih - y(p.perSecond)} class="bar" /> : null))}
        {line.length > 1 && <polyline points={line.join(' ')} class="deny-line" fill="none" />}
        {line.length === 1 && <circle cx={line[0]!.split(',')[0]} cy={line[0]!.split(',')[1]} r="3" class="deny-dot" />}
      </svg>
      {pts.length > 0 && (
        <div class="chart-ticks" aria-hidden="true">
          <span>{fmt(pts[0].t)}</span>
          <span>{fmt(pts[pts.length - 1].t)}</span>
        </div>
      )}
      <figcaption>
        <span class="key key-bar" aria-hidden="true" /> decisions/s <span class="key key-line" aria-hidden="true" /> deny rate
      </figcaption>
    </figure>
  );
}
