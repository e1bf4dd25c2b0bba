// Typesets the article's math with the KaTeX copy shipped in web/dist/katex
// (npm katex, bundled; no CDN). Sources are <span class="tex"> (inline) and
// <div class="tex display"> (display). \htmlClass{sym-…}{…} is the only
// trusted command: it gives a symbol the colour of its mark in the figures.

import katex from 'katex';

const OPTIONS = {
  throwOnError: false,
  // KaTeX refuses HTML extensions unless trusted, and warns about them in strict mode.
  trust: (context) => context.command === '\\htmlClass',
  strict: (code) => (code === 'htmlExtension' ? 'ignore' : 'warn'),
};

/**
 * Renders every .tex element under root in place (the source stays in
 * data-tex). Returns how many were rendered.
 * @param {ParentNode} root
 */
export function renderMath(root) {
  let count = 0;
  for (const el of root.querySelectorAll('.tex:not([data-tex])')) {
    const tex = el.textContent;
    el.dataset.tex = tex;
    katex.render(tex, el, { ...OPTIONS, displayMode: el.classList.contains('display') });
    count += 1;
  }
  return count;
}
