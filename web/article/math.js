// Puts the article's typeset math into the page. KaTeX runs at build time, not here:
// web/tools/prerender-math.mjs typesets every <span class="tex"> (inline) and
// <div class="tex display"> (display) of index.html into web/article/math-html.js, and this
// module swaps each source for its markup, styled by the KaTeX stylesheet and fonts shipped in
// web/dist/katex. A source with no markup (index.html edited without rerunning the tool;
// tests/web/math.test.mjs fails first) stays visible as TeX, marked, and is counted.

import { MATH_HTML } from './math-html.js';

/** Punctuation that must stay on the line of the math before it ("…, where", "… = 0.", "(… β)."). */
const TRAILING = /^[,.;:!?)\]\u2019\u201d]+/;

/** The key web/tools/prerender-math.mjs stores a source under. */
const mathKey = (tex, display) => `${display ? 'display' : 'inline'}:${tex}`;

/**
 * Typesets every .tex element under root in place (the source stays in data-tex).
 * Returns { rendered, missing }: how many were typeset, and the sources that have no markup.
 * @param {ParentNode} root
 */
export function renderMath(root) {
  let rendered = 0;
  const missing = [];
  for (const el of root.querySelectorAll('.tex:not([data-tex])')) {
    const tex = el.textContent;
    el.dataset.tex = tex;
    const display = el.classList.contains('display');
    const html = MATH_HTML[mathKey(tex, display)];
    if (html === undefined) {
      el.classList.add('tex-missing');
      el.title = 'This equation was not typeset: run node web/tools/prerender-math.mjs';
      missing.push(tex);
      continue;
    }
    el.innerHTML = html;
    applyStyles(el);
    if (!display) keepPunctuation(el);
    rendered += 1;
  }
  return { rendered, missing };
}

/**
 * KaTeX's box sizes come as data-katex-style (a strict Content-Security-Policy refuses style
 * attributes in markup; web/tools/prerender-math.mjs moved them): set through CSSOM, which it allows.
 */
function applyStyles(root) {
  for (const el of root.querySelectorAll('[data-katex-style]')) {
    for (const declaration of el.dataset.katexStyle.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon > 0) el.style.setProperty(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
    }
    el.removeAttribute('data-katex-style');
  }
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
