// Light/dark theme and projector (large text) mode. "system" follows prefers-color-scheme; an
// explicit choice is remembered in localStorage and set on <html data-theme>.
export type ThemeChoice = 'system' | 'light' | 'dark';

const THEME_KEY = 'intent-lab:theme';
const SIZE_KEY = 'intent-lab:large';

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage off: the choice simply lasts for this visit.
  }
}

export class ThemeState {
  choice = $state<ThemeChoice>('system');
  large = $state(false);
  private systemDark = $state(false);

  constructor() {
    const stored = readStored(THEME_KEY);
    if (stored === 'light' || stored === 'dark') this.choice = stored;
    this.large = readStored(SIZE_KEY) === '1';
    const mq = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    if (mq) {
      this.systemDark = mq.matches;
      mq.addEventListener('change', (e) => (this.systemDark = e.matches));
    }
    this.apply();
  }

  /** The theme in effect: charts read their colours from it. */
  get effective(): 'light' | 'dark' {
    return this.choice === 'system' ? (this.systemDark ? 'dark' : 'light') : this.choice;
  }

  /** Flips to the other theme and remembers the choice. */
  toggle(): void {
    this.choice = this.effective === 'dark' ? 'light' : 'dark';
    store(THEME_KEY, this.choice);
    this.apply();
  }

  toggleLarge(): void {
    this.large = !this.large;
    store(SIZE_KEY, this.large ? '1' : '0');
    this.apply();
  }

  private apply(): void {
    const root = document.documentElement;
    if (this.choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.choice;
    if (this.large) root.dataset.size = 'large';
    else delete root.dataset.size;
  }
}
