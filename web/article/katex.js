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

/** Punctuation that must stay on the line of the math before it ("…, where", "… = 0.", "(… β)."). */
const TRAILING = /^[,.;:!?)\]\u2019\u201d]+/;

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
    const display = el.classList.contains('display');
    katex.render(tex, el, { ...OPTIONS, displayMode: display });
    if (!display) keepPunctuation(el);
    count += 1;
  }
  return count;
}

/**
 * A browser may break a line right after typeset math (KaTeX's boxes are
 * inline blocks), so "…β" could end one line and ")." start the next. When
 * punctuation follows the math, the two go into one <span class="nowrap">.
 */
function keepPunctuation(el) {
  const next = el.nextSibling;
  if (!next || next.nodeType !== 3) return;
  const m = TRAILING.exec(next.data);
  if (!m) return;
  const wrap = el.ownerDocument.createElement('span');
  wrap.className = 'nowrap';
  el.replaceWith(wrap);
  wrap.append(el, m[0]);
  next.data = next.data.slice(m[0].length);
}
