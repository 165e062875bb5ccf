// Colours and fonts for charts, read from the CSS tokens of the theme in effect.

export interface ChartPalette {
  fg: string;
  muted: string;
  grid: string;
  surface: string;
  series: string[];
  font: string;
  /** Base font size in px (larger in projector mode). */
  fontSize: number;
}

export function readChartPalette(): ChartPalette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    fg: v('--fg'),
    muted: v('--muted'),
    grid: v('--grid'),
    surface: v('--surface'),
    series: ['--c1', '--c2', '--c3', '--c4', '--c5'].map(v),
    font: v('--font'),
    fontSize: Math.round(parseFloat(css.fontSize) * 0.8),
  };
}

const cache = new Map<string, ChartPalette>();

/**
 * The palette of a theme, read once per theme: getComputedStyle forces a style recalculation, and a
 * view creating six charts would otherwise pay for it six times on the main thread.
 */
export function paletteFor(themeKey: string): ChartPalette {
  let p = cache.get(themeKey);
  if (!p) {
    p = readChartPalette();
    cache.set(themeKey, p);
  }
  return p;
}

/** A colour with alpha, from a #rrggbb token. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
