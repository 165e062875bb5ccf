// The REES46 "eCommerce behavior data from multi category store" schema and its event types.

export const REQUIRED_COLUMNS = [
  'event_time',
  'event_type',
  'product_id',
  'category_id',
  'category_code',
  'brand',
  'price',
  'user_id',
  'user_session',
] as const;

export type ColumnName = (typeof REQUIRED_COLUMNS)[number];

/** Event type codes stored in the Uint8 `type` column. */
export const EventType = { view: 0, cart: 1, purchase: 2, remove_from_cart: 3 } as const;
export type EventTypeName = keyof typeof EventType;
export const EVENT_TYPE_NAMES: readonly EventTypeName[] = ['view', 'cart', 'purchase', 'remove_from_cart'];

/** Where each required column sits in a row, resolved from the header (columns may come in any order). */
export interface ColumnLayout {
  readonly index: Readonly<Record<ColumnName, number>>;
  /** Fields per row announced by the header. */
  readonly fieldCount: number;
  readonly headerColumns: readonly string[];
}

export type HeaderCheck = { ok: true; layout: ColumnLayout } | { ok: false; message: string; found: string[]; missing: string[] };

/** Checks a header row. Extra columns are tolerated; missing ones are named in the message. */
export function checkHeader(columns: readonly string[]): HeaderCheck {
  const found = columns.map((c) => c.trim().replace(/^"|"$/g, '').trim().toLowerCase());
  const index = {} as Record<ColumnName, number>;
  const missing: string[] = [];
  for (const name of REQUIRED_COLUMNS) {
    const i = found.indexOf(name);
    if (i < 0) missing.push(name);
    else index[name] = i;
  }
  if (missing.length > 0) {
    const shown = found.length > 20 ? [...found.slice(0, 20), `… (${found.length} columns)`] : found;
    const separator = otherSeparator(found);
    return {
      ok: false,
      found,
      missing,
      message: separator
        ? `the columns are separated by ${separator}, not commas (the header is one column: ${shown[0]}): save the file as comma-separated CSV`
        : `this is not the REES46 schema: found columns [${shown.join(', ')}], missing [${missing.join(', ')}]. ` + `Expected a header like ${REQUIRED_COLUMNS.join(',')}`,
    };
  }
  return { ok: true, layout: { index, fieldCount: found.length, headerColumns: found } };
}

/** The separator a one-column header holds the REES46 names with (semicolons, tabs, pipes), if any. */
function otherSeparator(found: readonly string[]): string | null {
  if (found.length !== 1) return null;
  for (const [sep, name] of [[';', 'semicolons'], ['\t', 'tabs'], ['|', 'pipes']] as const) {
    const parts = found[0].split(sep).map((c) => c.trim().replace(/^"|"$/g, ''));
    if (REQUIRED_COLUMNS.every((c) => parts.includes(c))) return name;
  }
  return null;
}
