import { describe, expect, it } from 'vitest';
import { prChart, prStepPoints } from '../../src/ui/results/resultCharts.ts';
import { averagePrecision } from '../../src/core/models/metrics.ts';
import { prCurve } from '../../src/core/models/curves.ts';
import { rankScores } from '../../src/core/models/ranking.ts';

describe('the precision–recall chart', () => {
  // Scores tied in groups: the top group (0.9) has no buyer, as GBDT leaves often give.
  const label = [0, 0, 1, 1, 0, 1, 0, 0];
  const score = [0.9, 0.9, 0.7, 0.7, 0.7, 0.4, 0.2, 0.2];

  it('draws each span of recall at the precision of the threshold that reaches it, so its area is the average precision', () => {
    const pts = prStepPoints(prCurve(rankScores(label, score)));
    // Area under the chart's steps: span from x[i-1] to x[i] at y[i] ('after' stepping).
    let area = 0;
    for (let i = 1; i < pts.length; i++) area += (pts[i].x - pts[i - 1].x) * pts[i].y;
    expect(area).toBeCloseTo(averagePrecision(rankScores(label, score)), 12);
    expect(pts[0]).toEqual({ x: 0, y: 0 }); // the buyer-less top group: recall 0, precision 0
    expect(pts[1]).toEqual({ x: 2 / 3, y: 2 / 5 });
  });

  it('starts at recall 0 with the first threshold’s precision when that threshold already finds buyers', () => {
    expect(prStepPoints([{ recall: 0.25, precision: 0.8 }, { recall: 1, precision: 0.5 }])).toEqual([{ x: 0, y: 0.8 }, { x: 0.25, y: 0.8 }, { x: 1, y: 0.5 }]);
    expect(prStepPoints([])).toEqual([]);
  });

  it('uses the stepping whose horizontal part is at the next point', () => {
    const report = { pr: [{ recall: 0.5, precision: 1, threshold: 0.9 }], prAuc: 0.5, pos: 1, n: 2 } as never;
    const config = prChart([{ label: 'test', report }], { series: ['#000'], text: '#000', grid: '#000', muted: '#000' } as never);
    expect((config.data.datasets[0] as { stepped?: unknown }).stepped).toBe('after');
  });
});
