// --workers (features, sql --run): threads that parse byte ranges of a file. At least one; 256 is far
// past the cores of any machine this runs on, and each thread holds its own buffers, so a larger count
// (a typo, or "0" meant as "auto") only costs memory and start-up time.
import type { NumberRange } from './numberRange.ts';

export const WORKERS_RANGE: NumberRange = { min: 1, max: 256, integer: true };
