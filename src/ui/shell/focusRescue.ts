// Keyboard focus that an action took away, given back. Chromium drops focus to <body> without an
// event when the focused control is disabled (Train while training, the demo button while loading)
// or removed (an error's Dismiss, "See the results →" switching sections), and a keyboard or
// screen-reader user then starts again from the top of the page. Checked a few times a second:
// - the control is disabled: focus goes to the control that stands in for it while the work runs,
//   one marked `data-busy-focus` in the section shown (Cancel of a load or a training, Pause while
//   a replay runs, the other arrow at the walkthrough's ends), and comes back to the control when
//   that one goes away and it is enabled again (an audit found focus on <body> for the whole of a
//   10 s training, and for good after Start in the live stream);
// - the control is enabled again: focus goes back to it (the user goes on where they were);
// - the control is gone: focus goes to the heading of the section now shown, which is announced.
// Focus that the user moved themselves (a click on empty page) is left alone: only a control that
// was disabled or removed while it had focus counts.
// A control focus is moved to (a stand-in, or the control given focus back) ignores Enter and Space
// for a moment after, and a held key's repeats for good: an audit pressed Enter twice on "Try demo
// data" (150–700 ms apart) and the second press cancelled the load it had just started (the same
// for Train → Cancel, Start → Pause); the other way, a second Enter on Cancel could start again.

const CHECK_MS = 250;
/** How long a control focus was moved to ignores Enter and Space. */
const GUARD_MS = 1000;

/** Starts watching; returns the function that stops it. `panel()` is the section shown now. */
export function installFocusRescue(panel: () => HTMLElement | null): () => void {
  let last: HTMLElement | null = null;
  /** The disabled control a stand-in took focus for, to return to when the stand-in goes away. */
  let returnTo: HTMLElement | null = null;
  let standIn: HTMLElement | null = null;
  /** The control focus was last moved to, and until when it ignores Enter and Space. */
  let guarded: HTMLElement | null = null;
  let guardUntil = 0;
  const moveFocus = (el: HTMLElement) => {
    guarded = takesText(el) ? null : el; // a space typed into a field given focus back is text, not a press
    guardUntil = performance.now() + GUARD_MS;
    el.focus({ preventScroll: true });
  };
  const onFocusIn = (e: FocusEvent) => {
    if (!(e.target instanceof HTMLElement)) return;
    last = e.target;
    if (e.target !== guarded) guarded = null;
    if (e.target !== standIn) returnTo = standIn = null; // the user moved on
  };
  document.addEventListener('focusin', onFocusIn);
  const onKey = (e: KeyboardEvent) => {
    if (e.target !== guarded || (e.key !== 'Enter' && e.key !== ' ')) return;
    if (e.repeat || performance.now() < guardUntil) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('keyup', onKey, true);
  const timer = setInterval(() => {
    if (!last || (document.activeElement && document.activeElement !== document.body)) return;
    if (last.isConnected && !isDisabled(last)) {
      if (last.offsetParent !== null) moveFocus(last);
      else last = null; // hidden (another section): not ours to restore
      return;
    }
    if (last.isConnected) {
      // Still disabled: a stand-in takes focus while the work runs, if the section has one.
      const stand = standInFor(panel(), last);
      if (stand) {
        returnTo = last;
        standIn = stand;
        moveFocus(stand);
      }
      return;
    }
    if (returnTo && returnTo.isConnected && !isDisabled(returnTo) && returnTo.offsetParent !== null) {
      const back = returnTo;
      returnTo = standIn = null;
      moveFocus(back);
      return;
    }
    const heading = panel()?.querySelector<HTMLElement>('h2, h3');
    last = null;
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }, CHECK_MS);
  return () => {
    clearInterval(timer);
    document.removeEventListener('focusin', onFocusIn);
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('keyup', onKey, true);
  };
}

/** The first enabled, visible control marked `data-busy-focus` in the section, other than `disabled`. */
function standInFor(section: HTMLElement | null, disabled: HTMLElement): HTMLElement | null {
  for (const el of section?.querySelectorAll<HTMLElement>('[data-busy-focus]') ?? []) {
    if (el !== disabled && !isDisabled(el) && el.offsetParent !== null) return el;
  }
  return null;
}

function isDisabled(el: HTMLElement): boolean {
  return (el as HTMLButtonElement).disabled === true || el.closest('fieldset:disabled') !== null;
}

/** A control that Enter and Space type into or submit from, rather than press. */
function takesText(el: HTMLElement): boolean {
  if (el instanceof HTMLTextAreaElement || el.isContentEditable) return true;
  return el instanceof HTMLInputElement && !['button', 'submit', 'reset', 'checkbox', 'radio', 'file'].includes(el.type);
}
