// Keyboard focus that an action took away, given back. Chromium drops focus to <body> without an
// event when the focused control is disabled (Train while training, the demo button while loading)
// or removed (an error's Dismiss, "See the results →" switching sections), and a keyboard or
// screen-reader user then starts again from the top of the page. Checked a few times a second:
// - the control is enabled again: focus goes back to it (the user goes on where they were);
// - the control is gone: focus goes to the heading of the section now shown, which is announced.
// Focus that the user moved themselves (a click on empty page) is left alone: only a control that
// was disabled or removed while it had focus counts.

const CHECK_MS = 250;

/** Starts watching; returns the function that stops it. `panel()` is the section shown now. */
export function installFocusRescue(panel: () => HTMLElement | null): () => void {
  let last: HTMLElement | null = null;
  const onFocusIn = (e: FocusEvent) => {
    if (e.target instanceof HTMLElement) last = e.target;
  };
  document.addEventListener('focusin', onFocusIn);
  const timer = setInterval(() => {
    if (!last || (document.activeElement && document.activeElement !== document.body)) return;
    if (last.isConnected && !isDisabled(last)) {
      if (last.offsetParent !== null) last.focus({ preventScroll: true });
      else last = null; // hidden (another section): not ours to restore
      return;
    }
    if (last.isConnected) return; // still disabled: wait for it
    const heading = panel()?.querySelector<HTMLElement>('h2, h3');
    last = null;
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }, CHECK_MS);
  return () => {
    clearInterval(timer);
    document.removeEventListener('focusin', onFocusIn);
  };
}

function isDisabled(el: HTMLElement): boolean {
  return (el as HTMLButtonElement).disabled === true || el.closest('fieldset:disabled') !== null;
}
