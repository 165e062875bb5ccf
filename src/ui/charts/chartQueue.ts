// Creating a chart.js chart costs 30–90 ms of main thread here (option resolution, style reads, the
// first layout). A view with six charts created in one flush blocked the page for ~400 ms; queued,
// each chart is created in its own task, so input and rendering get in between.

type Job = () => void;

const queue: Job[] = [];
let scheduled = false;
const channel = typeof MessageChannel !== 'undefined' ? new MessageChannel() : null;

function runNext(): void {
  scheduled = false;
  const job = queue.shift();
  if (job) job();
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // A message is a fresh task without setTimeout's clamping; fall back to setTimeout elsewhere.
  if (channel) channel.port2.postMessage(null);
  else setTimeout(runNext, 0);
}

if (channel) channel.port1.onmessage = runNext;

/** Runs `job` in a later task of its own; the returned function cancels it if it has not run yet. */
export function queueChartJob(job: Job): () => void {
  queue.push(job);
  schedule();
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
}
