// Saving a Blob as a file: an object URL and a temporary <a download>; nothing leaves the machine.
import type { CutMode } from '../../core/features/sessionFeatures.ts';

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadJson(value: unknown, fileName: string): void {
  downloadBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), fileName);
}

/** A file name from user text, safe for every OS. */
export function safeFileStem(name: string): string {
  return name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'data';
}

/**
 * features.csv's file name: "<data>-features-strict.csv", or "<data>-features.csv" when the cut is
 * not known (a loaded features file: computed with some cut it does not record).
 */
export function featuresCsvFileName(dataName: string, cut: CutMode | null): string {
  return `${safeFileStem(dataName || 'data')}-features${cut === null ? '' : `-${cut}`}.csv`;
}
