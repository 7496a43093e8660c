import { useI18n } from '../../ui/i18n.tsx';

/**
 * A horizontal bar per row: drawn as SVG without a chart library. The numbers are in the table
 * beside it, so the chart is hidden from screen readers rather than described twice.
 */
export function BarChart(props: { bars: { label: string; value: number }[] }) {
  const { formatNumber } = useI18n();
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const rowHeight = 22;
  const labelWidth = 40;
  return (
    <svg className="bar-chart" role="presentation" aria-hidden="true" viewBox={`0 0 100 ${props.bars.length * rowHeight}`} preserveAspectRatio="none"
      style={{ width: '100%', height: `${props.bars.length * 1.6}rem` }}>
      {props.bars.map((b, i) => (
        <g key={b.label} transform={`translate(0 ${i * rowHeight})`}>
          <text x={0} y={14} fontSize={5} className="bar-chart__label">{b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}</text>
          <rect x={labelWidth} y={4} height={14} width={Math.max(0.3, ((100 - labelWidth - 8) * b.value) / max)} className="bar-chart__bar" />
          <text x={labelWidth + ((100 - labelWidth - 8) * b.value) / max + 1} y={14} fontSize={5}>{formatNumber(b.value)}</text>
        </g>
      ))}
    </svg>
  );
}
