// The shoppers behind the sessions. Real October: 3.0 M users for 9.2 M sessions, a few of them very
// active. A user's persistent taste for buying is a hash of their index (no storage, no dependence on
// draw order); what must be remembered is whether they bought before, one byte per user.
import { hashedNormal, type Rng } from './random.ts';

/** Sessions drawn per user in the pool; users never drawn do not appear, so ~3 per visible user. */
export const SESSIONS_PER_POOLED_USER = 2.75;
/** index = ⌊count·u^1.6⌋: user i draws sessions ∝ (i/count)^-0.375, so the busiest user of a
 * 3 M pool has ~500 sessions while most have one to three. */
const ACTIVITY_SKEW = 1.6;
/** Spread of the per-user buying taste added to each session's latent propensity. */
const AFFINITY_SD = 0.6;
/** New accounts in the real October file have ids around 512–566 M. */
const USER_ID_BASE = 512_000_000;

export class UserPool {
  readonly count: number;
  private readonly purchases: Uint8Array;
  private readonly salt: number;
  private readonly idStride: number;

  constructor(count: number, salt: number) {
    this.count = Math.max(1, count);
    this.purchases = new Uint8Array(this.count);
    this.salt = salt >>> 0;
    // A stride coprime with count makes index → id a permutation, so busy users get unremarkable ids.
    this.idStride = this.count % 1_000_003 === 0 ? 999_983 : 1_000_003;
  }

  pick(rng: Rng): number {
    return Math.min(this.count - 1, Math.floor(this.count * rng.next() ** ACTIVITY_SKEW));
  }

  userId(index: number): number {
    return USER_ID_BASE + ((index * this.idStride + (this.salt % this.count)) % this.count);
  }

  affinity(index: number): number {
    return AFFINITY_SD * hashedNormal(index, this.salt);
  }

  priorPurchases(index: number): number {
    return this.purchases[index];
  }

  recordPurchase(index: number): void {
    if (this.purchases[index] < 255) this.purchases[index]++;
  }
}
