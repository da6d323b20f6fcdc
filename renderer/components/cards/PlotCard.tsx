/** Line, bar and scatter plots drawn as inline SVG (no chart library, nothing fetched, CSP-safe). */
import type { Card } from '../../bridge/contracts';
import { extent, formatTick, niceTicks, thin } from './plot-scale';
import { useTimeFormat } from '../../hooks/useTimeFormat';

type PlotCardData = Extract<Card, { type: 'plot' }>;

const W = 560;
const H = 260;
const M = { top: 14, right: 16, bottom: 40, left: 56 };
const COLORS = ['var(--plot-1)', 'var(--plot-2)', 'var(--plot-3)', 'var(--plot-4)', 'var(--plot-5)'];

export function PlotCard({ card }: { card: PlotCardData }) {
  const { locale } = useTimeFormat().prefs;
  const series = card.series.map((s) => ({ ...s, points: thin(s.points) }));
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = extent(xs);
  const [yLo, yHi] = extent(card.kind === 'bar' ? [...ys, 0] : ys);
  // Counts on the x axis (evaluations, steps) get whole-number ticks only.
  const xTicks = xs.every(Number.isInteger) ? niceTicks(x0, x1, 6).filter(Number.isInteger) : niceTicks(x0, x1, 6);
  const yTicks = niceTicks(yLo, yHi, 5);
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * innerW;
  const sy = (y: number) => M.top + innerH - ((y - yLo) / (yHi - yLo || 1)) * innerH;
  const barCount = Math.max(1, ...series.map((s) => s.points.length));
  const barW = Math.max(2, (innerW / barCount / Math.max(1, series.length)) * 0.7);
  const label = `${card.kind} plot${card.title ? ` of ${card.title}` : ''}: ${series.map((s) => `${s.name}, ${s.points.length} points`).join('; ')}`;

  return (
    <figure className="card-plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line className="grid" x1={M.left} x2={W - M.right} y1={sy(t)} y2={sy(t)} />
            <text className="tick" x={M.left - 8} y={sy(t)} textAnchor="end" dominantBaseline="middle">
              {formatTick(t, locale)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="tick" x={sx(t)} y={H - M.bottom + 16} textAnchor="middle">
            {formatTick(t, locale)}
          </text>
        ))}
        <line className="axis" x1={M.left} x2={W - M.right} y1={M.top + innerH} y2={M.top + innerH} />
        {series.map((s, si) => {
          const color = COLORS[si % COLORS.length];
          if (card.kind === 'line') {
            const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join('');
            return <path key={s.name} d={d} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" />;
          }
          if (card.kind === 'scatter') {
            return (
              <g key={s.name} fill={color}>
                {s.points.map((p, i) => (
                  <circle key={i} cx={sx(p[0])} cy={sy(p[1])} r={3} opacity={0.8} />
                ))}
              </g>
            );
          }
          return (
            <g key={s.name} fill={color}>
              {s.points.map((p, i) => {
                const x = sx(p[0]) - (barW * series.length) / 2 + si * barW;
                const y = Math.min(sy(p[1]), sy(0));
                return <rect key={i} x={x} y={y} width={barW} height={Math.abs(sy(0) - sy(p[1]))} rx={2} />;
              })}
            </g>
          );
        })}
        {card.xLabel && (
          <text className="axis-label" x={M.left + innerW / 2} y={H - 6} textAnchor="middle">
            {card.xLabel}
          </text>
        )}
        {card.yLabel && (
          <text className="axis-label" transform={`translate(14 ${M.top + innerH / 2}) rotate(-90)`} textAnchor="middle">
            {card.yLabel}
          </text>
        )}
      </svg>
      {series.length > 1 && (
        <figcaption className="legend">
          {series.map((s, si) => (
            <span key={s.name} className="legend-item">
              <span className="swatch" style={{ background: COLORS[si % COLORS.length] }} />
              {s.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
