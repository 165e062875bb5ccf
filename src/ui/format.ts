// Numbers as people read them: units and a precision that fits (STYLE.md: `0.9213 AUC`, `6.8 %`,
// `42.4 M rows`). Elements with a data-testid show plain numbers instead (`214635`, `0.9213`).

const grouped = new Intl.NumberFormat('en-US');

export function formatInt(n: number): string {
  return grouped.format(Math.round(n));
}

/** A count and its noun, singular for exactly one: `1 rejected row`, `0 rejected rows`, `17,434 valid events`. */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatInt(n)} ${Math.round(n) === 1 ? singular : plural}`;
}

/** 42.4 M, 512 k, 950 */
export function formatCompact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(a >= 1e10 ? 0 : 1)} G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 0 : 1)} M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(0)} k`;
  return formatInt(n);
}

/** A rate with a precision that never shows a small one as 0: `0.4 MB/s`, `12 MB/s`, `159 MB/s`. */
export function formatRate(perSec: number, unit: string): string {
  if (!Number.isFinite(perSec)) return `– ${unit}`;
  return `${perSec < 10 ? perSec.toFixed(perSec < 0.1 && perSec > 0 ? 2 : 1) : Math.round(perSec)} ${unit}`;
}

/** Decimal units, as file sizes are usually quoted (the October file is "5.3 GB"). */
export function formatBytes(b: number): string {
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(1)} MB`;
  if (b >= 1e3) return `${(b / 1e3).toFixed(1)} kB`;
  return `${b} B`;
}

/** A share as a percentage: one decimal, two below 1 %. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '–';
  const p = share * 100;
  return `${p !== 0 && Math.abs(p) < 1 ? p.toFixed(2) : p.toFixed(1)} %`;
}

/** Metric values such as AUC and F1: four decimals. */
export function formatMetric(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : '–';
}

export function formatSeconds(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '–';
  if (sec < 1) return `${Math.round(sec * 1000)} ms`;
  if (sec < 60) return `${sec < 10 ? sec.toFixed(1) : Math.round(sec)} s`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} min ${Math.round(sec - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatPrice(p: number): string {
  return p >= 1000 ? `${formatInt(p)}` : `${p}`;
}

const utcTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function formatUtc(epochSec: number): string {
  return `${utcTime.format(new Date(epochSec * 1000))} UTC`;
}

/** A session id cut to its first 8 characters (UUIDs are 36), or whole when it is short. */
export function shortId(id: string): string {
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

/**
 * A rejected row's text with what cannot be seen made visible: control characters as escapes (\r
 * for a carriage return, \t a tab, \0 a NUL, \n a line break inside quotes, \xHH the others) and
 * spaces at either end as ␣. A row rejected for a lone CR or a trailing tab otherwise looked fine.
 * Escapes, not the Unicode control pictures (␍): those have no glyph in common fonts (DejaVu, Lato).
 */
export function visibleControls(text: string): string {
  if (text === '') return '(empty)';
  const NAMED: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\u0000': '\\0' };
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return markEdgeSpaces(escaped);
}

/** Spaces at either end drawn as "␣" (" apple" and "apple" are two values, and a cell shows both alike). */
export function markEdgeSpaces(text: string): string {
  return text.replace(/^ +| +$/g, (run) => '␣'.repeat(run.length));
}
