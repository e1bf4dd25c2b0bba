// embed.html: makes one <bn-lab> from the hash (#preset=twin&seed=7: attribute
// names and values, URL-encoded), makes it again when the hash changes, and
// posts the page's height to the parent whenever it changes, as
// {type: 'bn-lab:height', height} — iframe-resize.js in the parent page
// listens. The message carries nothing but a number, so it goes to any parent
// ('*'): an embed does not know where it is embedded.
//
// Only <bn-lab>'s own attributes are set (never id, style, on…: a link must not
// be able to style the page or add a handler). What the hash holds that is
// not one — a malformed escape ("seed=100%"), another name — is handed to the
// element, which names it in its message beside its own bad values.
(function embedPage() {
  var figure = null;
  var status = document.querySelector('.bn-lab-status');

  // A script that cannot load (bn-lab.js, or the bn-lab.inline.js it loads here) says so in the frame.
  // Error events of elements do not bubble; a capturing listener on the window sees them.
  window.addEventListener('error', function failed(event) {
    var src = event.target && event.target.tagName === 'SCRIPT' ? event.target.src : '';
    if (!src || !status || customElements.get('bn-lab')) return;
    status.textContent = 'This BatchNorm Lab figure could not load its script ' + src
      + ' (it must sit beside embed.html, as in the bn-lab folder).';
    status.className = 'bn-lab-status failed';
    post();
  }, true);

  function decode(text) {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch (e) {
      return null;
    }
  }

  /** {attributes: [[name, value]…], ignored: [{name, value, reason}…]} from a hash. */
  function parse(hash, known) {
    var attributes = [];
    var ignored = [];
    hash.replace(/^#/, '').split('&').forEach(function each(pair) {
      if (!pair) return;
      var eq = pair.indexOf('=');
      var rawName = eq < 0 ? pair : pair.slice(0, eq);
      var rawValue = eq < 0 ? '' : pair.slice(eq + 1);
      var name = decode(rawName);
      var value = decode(rawValue);
      if (name === null || value === null) {
        ignored.push({ name: name === null ? rawName : name.trim(), value: rawValue, reason: 'is not valid URL encoding' });
        return;
      }
      name = name.trim().toLowerCase();
      if (known.indexOf(name) < 0) {
        ignored.push({ name: name, value: value, reason: 'is not an attribute of bn-lab' });
        return;
      }
      attributes.push([name, value]);
    });
    return { attributes: attributes, ignored: ignored };
  }

  function build(BnLab) {
    var link = parse(location.hash, BnLab.observedAttributes);
    var next = document.createElement('bn-lab');
    link.attributes.forEach(function set(a) { next.setAttribute(a[0], a[1]); });
    next.hostIgnored = link.ignored;
    if (figure) figure.replaceWith(next);
    else if (status) status.replaceWith(next);
    else document.body.appendChild(next);
    figure = next;
  }

  customElements.whenDefined('bn-lab').then(function defined() {
    var BnLab = customElements.get('bn-lab');
    build(BnLab);
    // A new hash is a new figure (its own engine; the old one is torn down).
    window.addEventListener('hashchange', function rebuild() { build(BnLab); });
  });

  // The height goes to the parent once there is a figure (laid out at its final height before its engine
  // starts) or a failure to say: not the one-line "Loading" note's, which would make the page jump twice.
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (!figure && status && status.className.indexOf('failed') < 0) return;
    if (height === last || window.parent === window) return;
    last = height;
    window.parent.postMessage({ type: 'bn-lab:height', height: height }, '*');
  }
  new ResizeObserver(post).observe(document.documentElement);
  post();
}());
