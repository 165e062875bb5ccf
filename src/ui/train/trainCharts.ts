// Loss curve of a training run (live while it trains) → chart.js configuration.
import type { ChartConfiguration } from '../charts/chartSetup.ts';
import type { ChartPalette } from '../charts/chartTheme.ts';
import type { RoundReport } from '../../core/models/training.ts';

export function lossChart(rounds: readonly RoundReport[], p: ChartPalette, stepName: string): ChartConfiguration {
  return {
    type: 'line',
    data: {
      datasets: [
        { label: 'training loss', data: rounds.map((r) => ({ x: r.round, y: r.trainLoss })), borderColor: p.series[0], backgroundColor: p.series[0], pointRadius: 0, borderWidth: 2 },
        {
          label: 'validation loss',
          data: rounds.filter((r) => r.validLoss !== null).map((r) => ({ x: r.round, y: r.validLoss as number })),
          borderColor: p.series[1],
          backgroundColor: p.series[1],
          pointRadius: 0,
          borderWidth: 2,
        },
      ],
    },
    options: {
      parsing: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: stepName }, min: 1, ticks: { precision: 0 } },
        y: { title: { display: true, text: 'log loss (weighted)' } },
      },
    },
  };
}
