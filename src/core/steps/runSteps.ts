// Long computations written as generators that yield between their stages (the parallel merge, the
// session features), run either straight through or with a pause awaited at each yield. A worker
// busy in one synchronous task never collects garbage and never sees a cancel; the pausing form lets
// both in between stages, while tests and the CLI keep the plain synchronous call.

/** Runs the steps to the end, without stopping. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps to the end, awaiting `pause()` at each yield (it may throw to stop them). */
export async function runStepsPausing<T>(steps: Generator<void, T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
