// In-page links (href="#section") scroll without touching location.hash: on
// the full page the hash belongs to the lab, which reads its settings from it
// (web/state.js), so "#moving-target" must not reach it as a setting. Figures
// that mount on the way can still move the target a little: once the scroll
// has ended, the target is aligned again.

/** @param {Document} doc */
export function installAnchors(doc) {
  doc.addEventListener('click', (event) => {
    const a = event.target.closest?.('a[href^="#"]');
    if (!a || a.dataset.labSettings !== undefined || event.defaultPrevented) return;
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    const target = id && doc.getElementById(id);
    if (!target) return;
    event.preventDefault();
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
    alignAfterScroll(doc, target);
  });
}

/** When scrolling stops (or after a while), puts the target's top back at the top of the window. */
function alignAfterScroll(doc, target) {
  const win = doc.defaultView;
  let timer = 0;
  const done = () => {
    win.removeEventListener('scrollend', done);
    clearTimeout(timer);
    if (Math.abs(target.getBoundingClientRect().top) > 2) target.scrollIntoView({ behavior: 'auto', block: 'start' });
  };
  win.addEventListener('scrollend', done);
  timer = setTimeout(done, 1500); // browsers without scrollend, or no scroll at all
}
