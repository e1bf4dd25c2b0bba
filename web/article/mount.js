// Starts each figure of the article when it comes near the viewport and tells
// it when it is on screen: figures mount lazily (their engine objects are
// made only when the reader gets there) and animate only while visible.

/**
 * @param {Iterable<HTMLElement>} slots the <figure data-figure> elements
 * @param {(slot: HTMLElement) => {setVisible(v: boolean): void}|null} mount makes a slot's figure
 * @param {object} [opts]
 * @param {string} [opts.nearMargin='400px 0px'] how early (before it shows) a figure is built
 * @returns {{disconnect(): void}}
 */
export function mountWhenNear(slots, mount, { nearMargin = '400px 0px' } = {}) {
  const figures = new Map(); // slot → mounted figure
  const onScreen = new Map(); // slot → latest visibility

  const visibility = new IntersectionObserver((entries) => {
    for (const e of entries) {
      onScreen.set(e.target, e.isIntersecting);
      figures.get(e.target)?.setVisible(e.isIntersecting);
    }
  }, { threshold: 0 });

  const nearness = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting || figures.has(e.target)) continue;
      nearness.unobserve(e.target);
      const figure = mount(e.target);
      if (!figure) continue;
      figures.set(e.target, figure);
      figure.setVisible(onScreen.get(e.target) ?? false);
    }
  }, { rootMargin: nearMargin, threshold: 0 });

  for (const slot of slots) {
    visibility.observe(slot);
    nearness.observe(slot);
  }
  return {
    disconnect() {
      visibility.disconnect();
      nearness.disconnect();
    },
  };
}
