// Which section is shown, mirrored in the URL hash (#explore) so a reload or a shared link keeps it.
export const SECTIONS = ['load', 'explore', 'train', 'results', 'walkthrough', 'stream', 'beyond'] as const;
export type Section = (typeof SECTIONS)[number];

function fromHash(): Section {
  const h = location.hash.replace(/^#/, '');
  return (SECTIONS as readonly string[]).includes(h) ? (h as Section) : 'load';
}

export class Navigation {
  section = $state<Section>(fromHash());

  constructor() {
    addEventListener('hashchange', () => (this.section = fromHash()));
  }

  go(section: Section): void {
    this.section = section;
    if (location.hash !== `#${section}`) history.replaceState(null, '', `#${section}`);
  }
}
