import { describe, expect, it } from 'vitest';
import { metricsChart, trafficChart } from '../../src/ui/stream/streamCharts.ts';
import type { StreamHistoryPoint } from '../../src/ui/stream/streamClient.svelte.ts';

const palette = { series: ['#000', '#111', '#222', '#333'], text: '#000', grid: '#000', muted: '#000' } as never;
const xScale = (config: { options?: unknown }) => (config.options as { scales: { x: { min?: number; max?: number } } }).scales.x;
const OCT_1 = 1569888000; // 2019-10-01 00:00:00 UTC
const span = { firstSec: OCT_1, lastSec: OCT_1 + 86399 };

describe('the live stream charts’ time axis', () => {
  it('spans the data’s event times before anything is replayed (not epoch 0)', () => {
    for (const build of [trafficChart, metricsChart]) {
      const x = xScale(build([], span)(palette));
      expect([x.min, x.max]).toEqual([OCT_1, OCT_1 + 86399]);
    }
  });

  it('spans the replayed time once there are two points', () => {
    const history = [{ clockSec: OCT_1 + 60 }, { clockSec: OCT_1 + 600 }] as StreamHistoryPoint[];
    const x = xScale(trafficChart(history, span)(palette));
    expect([x.min, x.max]).toEqual([OCT_1 + 60, OCT_1 + 600]);
  });

  it('leaves the axis to chart.js when the span is unknown', () => {
    const x = xScale(metricsChart([], { firstSec: NaN, lastSec: NaN })(palette));
    expect(x.min).toBeUndefined();
  });
});
