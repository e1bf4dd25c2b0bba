// embed.html: makes one <bn-lab> from the hash (#preset=twin&seed=7: attribute
// names and values, URL-encoded) and posts the page's height to the parent
// whenever it changes, as {type: 'bn-lab:height', height} — iframe-resize.js
// in the parent page listens. The message carries nothing but a number, so it
// goes to any parent ('*'): an embed does not know where it is embedded.
(function embedPage() {
  var figure = document.createElement('bn-lab');
  var hash = location.hash.replace(/^#/, '');
  hash.split('&').forEach(function set(pair) {
    if (!pair) return;
    var eq = pair.indexOf('=');
    var name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    var value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    // Attribute names only: letters, digits and dashes (anything else would throw).
    if (/^[a-z][a-z0-9-]*$/.test(name)) figure.setAttribute(name, value);
  });
  document.body.appendChild(figure);

  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last || window.parent === window) return;
    last = height;
    window.parent.postMessage({ type: 'bn-lab:height', height: height }, '*');
  }
  new ResizeObserver(post).observe(document.documentElement);
  post();
}());
