/**
 * Tabs as the ARIA authoring practices describe them: one tab stop, arrow keys move between tabs, each tab
 * shows its panel. The selected tab is mirrored in the URL hash (#detect, #compare) so it survives reloads
 * and can be linked.
 */
export function setUpTabs(tabList: HTMLElement, onSelect: (panelId: string) => void = () => {}): void {
  const tabs = [...tabList.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const panelOf = (tab: HTMLButtonElement) =>
    document.getElementById(tab.getAttribute('aria-controls') ?? '');
  const hashOf = (tab: HTMLButtonElement) => `#${tab.id.replace(/^tab-/, '')}`;

  function select(tab: HTMLButtonElement, focus: boolean): void {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = panelOf(other);
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    if (location.hash !== hashOf(tab)) history.replaceState(null, '', hashOf(tab));
    onSelect(tab.getAttribute('aria-controls') ?? '');
  }

  tabList.addEventListener('click', (event) => {
    const tab = (event.target as HTMLElement).closest<HTMLButtonElement>('[role="tab"]');
    if (tab) select(tab, false);
  });
  tabList.addEventListener('keydown', (event) => {
    const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next: Record<string, number> = {
      ArrowRight: (at + 1) % tabs.length,
      ArrowLeft: (at - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1,
    };
    const to = next[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(tabs[to]!, true);
  });

  const initial = tabs.find((t) => hashOf(t) === location.hash);
  if (initial) select(initial, false);
}
