// Keyboard shortcuts: Space play/pause, → one step, R reset. Ignored while the
// focus is in a form field (typing, sliders, checkboxes keep their own keys)
// and when a modifier key is held.

const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/**
 * @param {EventTarget} target usually document
 * @param {{toggle(): void, step(): void, reset(): void}} actions
 * @returns {() => void} removes the shortcuts
 */
export function installShortcuts(target, actions) {
  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = e.target;
    if (el && (FIELDS.has(el.tagName) || el.isContentEditable)) return;
    let action = null;
    if (e.key === ' ' || e.code === 'Space') action = actions.toggle;
    else if (e.key === 'ArrowRight') action = actions.step;
    else if (e.key === 'r' || e.key === 'R') action = actions.reset;
    if (!action) return;
    e.preventDefault(); // Space would also scroll the page or press a focused button
    action();
  }
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
