import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AnalyticsSummary } from '../../../src/analytics/contract.ts';
import { useFormat } from '../i18n/index.ts';

const axis = { stroke: 'var(--text-muted)', fontSize: 12 };
const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  color: 'var(--text)',
};

/**
 * Charts are pictures to a screen reader: each has a caption (the card's heading) and the same
 * figures as a table beside it, visually hidden.
 */
export function BusiestHoursChart({
  hours,
  label,
}: {
  hours: AnalyticsSummary['busiestHours'];
  label: string;
}) {
  const format = useFormat();
  return (
    <div aria-hidden="true" style={{ width: '100%', height: 220 }}>
      <ResponsiveContainer>
        <BarChart accessibilityLayer={false} data={hours} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="hour" tick={axis} interval={2} />
          <YAxis allowDecimals={false} tick={axis} />
          <Tooltip
            contentStyle={tooltipStyle}
            formatter={(value) => [format.number(Number(value)), label]}
            labelFormatter={(hour) => `${String(hour).padStart(2, '0')}:00`}
          />
          <Bar dataKey="plays" fill="var(--chart-1)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function MemberTrendChart({
  series,
  label,
}: {
  series: AnalyticsSummary['members']['series'];
  label: string;
}) {
  const format = useFormat();
  return (
    <div aria-hidden="true" style={{ width: '100%', height: 220 }}>
      <ResponsiveContainer>
        <LineChart
          accessibilityLayer={false}
          data={series}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        >
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis
            dataKey="date"
            tick={axis}
            tickFormatter={(date: string) => format.date(date)}
            minTickGap={24}
          />
          <YAxis allowDecimals={false} tick={axis} domain={['auto', 'auto']} />
          <Tooltip
            contentStyle={tooltipStyle}
            formatter={(value) => [format.number(Number(value)), label]}
            labelFormatter={(date) => format.date(String(date))}
          />
          <Line
            dataKey="memberCount"
            stroke="var(--chart-2)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
