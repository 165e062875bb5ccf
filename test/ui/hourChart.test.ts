// "Conversion by hour of day" lays out its 24 hour labels without overlap, at either text size
// (regression: at projector size, 1280 px wide, "00"…"23" ran into each other). chart.js lays the
// chart out in node on a stand-in canvas whose text is 0.6 em a character (digits in Lato, DejaVu).
import { describe, expect, it } from 'vitest';
import { Chart } from '../../src/ui/charts/chartSetup.ts';
import { hourChart } from '../../src/ui/explore/exploreCharts.ts';
import type { ChartPalette } from '../../src/ui/charts/chartTheme.ts';
import type { ExploreInsights } from '../../src/core/insights/exploreInsights.ts';

const EM_PER_CHAR = 0.6;
const fontPx = (font: unknown) => Number(/(\d+(?:\.\d+)?)px/.exec(String(font))?.[1] ?? 12);

/** A canvas whose 2D context measures text as EM_PER_CHAR em a character and draws nothing. */
function standInCanvas(width: number, height: number): HTMLCanvasElement {
  const state: Record<string | symbol, unknown> = { font: '12px sans-serif' };
  const canvas: Record<string, unknown> = { width, height, style: {} };
  const context = new Proxy(state, {
    get(target, key) {
      if (key === 'canvas') return canvas;
      if (key === 'measureText') return (text: string) => ({ width: String(text).length * EM_PER_CHAR * fontPx(target.font) });
      return key in target ? target[key] : () => {};
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
  canvas.getContext = () => context;
  return canvas as unknown as HTMLCanvasElement;
}

const insights = { byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, sessions: 1000 + 37 * hour, buyerSessions: 60, purchases: 70, conversionRate: 0.06 })) } as unknown as ExploreInsights;
const palette: ChartPalette = { fg: '#111111', muted: '#666666', grid: '#dddddd', surface: '#ffffff', series: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'], font: 'sans-serif', fontSize: 13 };

/** The hour labels chart.js shows on a chart `width` px wide, whether any two overlap, and their rotation. */
function layOut(width: number, fontSize: number) {
  Chart.defaults.font.size = fontSize;
  const config = hourChart(insights, { ...palette, fontSize });
  config.options = { ...config.options, responsive: false, animation: false };
  const chart = new Chart(standInCanvas(width, 320), config);
  try {
    const x = chart.scales.x;
    const shown = x.ticks.map((t) => ({ label: String(x.getLabelForValue(t.value)), at: x.getPixelForValue(t.value) }));
    const half = (label: string) => (label.length * EM_PER_CHAR * fontSize) / 2;
    const overlap = shown.some((s, i) => i > 0 && s.at - half(s.label) < shown[i - 1].at + half(shown[i - 1].label));
    return { labels: shown.map((s) => s.label).join(' '), overlap, rotation: x.labelRotation };
  } finally {
    chart.destroy();
  }
}

describe('hour-of-day chart labels', () => {
  // Text as ChartCanvas sets it: 0.8 of the root size, 16 px (13) and projector 20 px (16).
  for (const [size, fontSize] of [['normal', 13], ['projector', 16]] as const) {
    it(`${size} size: every other hour on a half-width chart at 1280 px, never overlapping or slanted`, () => {
      expect(layOut(560, fontSize)).toEqual({ labels: '00 02 04 06 08 10 12 14 16 18 20 22', overlap: false, rotation: 0 });
    });
    it(`${size} size: every hour where they fit, every third on a narrow chart`, () => {
      expect(layOut(900, fontSize)).toEqual({ labels: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).join(' '), overlap: false, rotation: 0 });
      expect(layOut(400, fontSize)).toEqual({ labels: '00 03 06 09 12 15 18 21', overlap: false, rotation: 0 });
    });
  }
});
