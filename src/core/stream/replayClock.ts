// Maps wall-clock time to the event time a replay should have reached. Speed is event-seconds per
// wall-second (×1 is real time, ×10,000 plays a month in ~4.5 minutes) or 'max' (as fast as the
// engine goes). The target is measured from where the engine actually is, not from where it should
// be: when the engine cannot keep up, the replay slows down instead of piling up a debt it would
// later burst through.

export type ReplaySpeed = number | 'max';

export const MIN_SPEED = 1;
export const MAX_SPEED = 10_000;

export function checkSpeed(speed: ReplaySpeed): ReplaySpeed {
  if (speed === 'max') return speed;
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) throw new Error(`speed must be between ×${MIN_SPEED} and ×${MAX_SPEED.toLocaleString('en-US')} or "max", got ${speed}`);
  return speed;
}

export class ReplayClock {
  speed: ReplaySpeed;
  playing = false;
  private lastWallMs = NaN;

  constructor(speed: ReplaySpeed = 60) {
    this.speed = checkSpeed(speed);
  }

  play(nowMs: number): void {
    this.playing = true;
    this.lastWallMs = nowMs;
  }

  pause(): void {
    this.playing = false;
    this.lastWallMs = NaN;
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = checkSpeed(speed);
  }

  /**
   * The event time to process up to at wall time `nowMs`. `reachedSec` is the engine's clock
   * (−Infinity before the first event), `nextEventSec` the time of the next event.
   */
  target(nowMs: number, reachedSec: number, nextEventSec: number): number {
    if (!this.playing) return reachedSec;
    if (this.speed === 'max') return Infinity;
    const elapsedSec = Number.isNaN(this.lastWallMs) ? 0 : Math.max(0, nowMs - this.lastWallMs) / 1000;
    this.lastWallMs = nowMs;
    // Before the first event the replay starts at it, rather than waiting out the time before it.
    const from = reachedSec === -Infinity ? nextEventSec : reachedSec;
    return from + elapsedSec * this.speed;
  }
}
