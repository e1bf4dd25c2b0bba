// Keyboard shortcuts: Space play/pause, → one step, R reset. Ignored while the
// focus is in a form field (typing, sliders, checkboxes keep their own keys),
// when a modifier key is held, and while the shortcuts are not active (on the
// article page: while the lab is off screen, where Space scrolls the page).

const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/**
 * @param {EventTarget} target usually document
 * @param {{toggle(): void, step(): void, reset(): void}} actions
 * @param {object} [opts]
 * @param {(event: KeyboardEvent) => boolean} [opts.isActive] whether the shortcuts apply to this key press
 *   (asked only for the shortcut keys); when false the key does what the browser does with it. Default: always.
 * @returns {() => void} removes the shortcuts
 */
export function installShortcuts(target, actions, { isActive = () => true } = {}) {
  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = e.target;
    if (el && (FIELDS.has(el.tagName) || el.isContentEditable)) return;
    let action = null;
    if (e.key === ' ' || e.code === 'Space') action = actions.toggle;
    else if (e.key === 'ArrowRight') action = actions.step;
    else if (e.key === 'r' || e.key === 'R') action = actions.reset;
    if (!action || !isActive(e)) return;
    e.preventDefault(); // Space would also scroll the page or press a focused button
    action();
  }
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}

/**
 * An isActive for installShortcuts: true while any part of `section` is inside
 * the window, or when the key press comes from inside it (a focused control).
 * @param {HTMLElement} section
 * @param {Window} [win=window]
 * @returns {(event: KeyboardEvent) => boolean}
 */
export function whileOnScreen(section, win = window) {
  return (event) => {
    if (section.contains(event.target)) return true;
    const r = section.getBoundingClientRect();
    return r.bottom > 0 && r.top < win.innerHeight;
  };
}
