// The snippets a blogger copies, written once: the README's embed section and
// dist/bn-lab/README.md are written from these (web/tools/settings-docs.mjs,
// web/tools/dist.mjs), and the blog tests (tests/browser/blog-*.test.mjs) put
// exactly these into real Jekyll and Hugo sites and a plain page.
//
// Every snippet assumes the folder dist/bn-lab/ was copied as a whole to
// /assets/bn-lab/ (Jekyll, plain HTML: the site's root is where `/` points) or
// to static/bn-lab/ (Hugo, served at /bn-lab/).

import { embedPreset } from './presets.js';

/** Where each kind of site keeps the folder, and where the template goes. */
export const INSTALL = {
  html: { folder: 'assets/bn-lab' },
  jekyll: { folder: 'assets/bn-lab', template: { from: 'jekyll-include.html', to: '_includes/bn-lab.html' } },
  hugo: { folder: 'static/bn-lab', template: { from: 'hugo-shortcode.html', to: 'layouts/shortcodes/bn-lab.html' } },
};

/** Plain HTML: the script once per page, then any number of elements. */
export const HTML_SNIPPET = `<script src="/assets/bn-lab/bn-lab.js" defer></script>

<bn-lab preset="twin" seed="7" controls="minimal"></bn-lab>
<bn-lab preset="histograms" seed="3" controls="none"></bn-lab>`;

/**
 * An iframe, for editors that allow no script in a post. Its height is the preset's in a 700 px column
 * (presets.js), so a desktop reader sees no jump; iframe-resize.js fits it to the figure at any width.
 */
export const IFRAME_SNIPPET = `<iframe src="/assets/bn-lab/embed.html#preset=worked-example&seed=5" data-bn-lab
        sandbox="allow-scripts" loading="lazy" title="Batch norm, worked on one mini-batch"
        style="display: block; width: 100%; height: ${embedPreset('worked-example').height}px; border: 0"></iframe>
<script src="/assets/bn-lab/iframe-resize.js" defer></script>`;

/** Jekyll: _includes/bn-lab.html, then in a post (Markdown or HTML). */
export const JEKYLL_SNIPPET = `{% include bn-lab.html preset="twin" seed="7" %}
{% include bn-lab.html preset="histograms" seed="3" controls="none" %}
{% include bn-lab.html preset="worked-example" seed="5" iframe=true title="Batch norm, worked on one mini-batch" %}`;

/** Hugo: layouts/shortcodes/bn-lab.html, then in a post. */
export const HUGO_SNIPPET = `{{< bn-lab preset="twin" seed="7" >}}
{{< bn-lab preset="histograms" seed="3" controls="none" >}}
{{< bn-lab preset="worked-example" seed="5" iframe="true" title="Batch norm, worked on one mini-batch" >}}`;

/** The blogger's steps, per kind of site, as the READMEs say them. */
export const STEPS = {
  html: [
    'Copy the folder `bn-lab/` to your site as `assets/bn-lab/`.',
    'Paste the snippet into a page.',
  ],
  jekyll: [
    'Copy the folder `bn-lab/` into your site as `assets/bn-lab/`.',
    'Copy `assets/bn-lab/jekyll-include.html` to `_includes/bn-lab.html`.',
    'Write `{% include bn-lab.html preset="twin" %}` in a post.',
  ],
  hugo: [
    'Copy the folder `bn-lab/` into your site as `static/bn-lab/`.',
    'Copy `static/bn-lab/hugo-shortcode.html` to `layouts/shortcodes/bn-lab.html`.',
    'Write `{{< bn-lab preset="twin" >}}` in a post.',
  ],
};
