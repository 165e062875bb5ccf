/** One CSV field as RFC 4180 writes it: quoted (inner quotes doubled) only when it needs to be. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
