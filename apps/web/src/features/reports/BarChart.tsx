import { useI18n } from '../../ui/i18n.tsx';

/**
 * A horizontal bar per row, drawn with plain HTML and CSS rather than a chart library: the label
 * and the total stay text at the page's own size at any width (a scaled SVG stretched and cut
 * them on a phone), and the bar's length is the only thing that scales. The numbers are in the
 * table above, so the chart is hidden from screen readers rather than described twice.
 */
export function BarChart(props: { bars: { label: string; value: number }[] }) {
  const { formatNumber } = useI18n();
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  return (
    <div className="bar-chart" aria-hidden="true" data-testid="bar-chart">
      {props.bars.map((b) => (
        <div key={b.label} className="bar-chart__row">
          <span className="bar-chart__label" title={b.label}>{b.label}</span>
          <span className="bar-chart__track">
            {/* The bar's share is of the area left of the totals, so the longest bar is the whole area and none is cut. */}
            <span className="bar-chart__area">
              <span className="bar-chart__bar" data-value={b.value} style={{ width: `${Math.max(0.5, (100 * b.value) / max)}%` }} />
            </span>
            <span className="bar-chart__value">{formatNumber(b.value)}</span>
          </span>
        </div>
      ))}
    </div>
  );
}
