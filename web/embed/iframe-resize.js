// Resizes BatchNorm Lab iframes (web/embed/embed.html) to their content. Put it
// once in the page that holds the iframes:
//
//   <iframe src="…/embed.html#preset=twin&seed=7" data-bn-lab sandbox="allow-scripts"
//           title="Batch norm: training with and without" loading="lazy"
//           style="width: 100%; border: 0; height: 560px"></iframe>
//   <script src="…/iframe-resize.js" defer></script>
//
// It sets the height of an iframe marked data-bn-lab when that iframe's own
// window posts {type: 'bn-lab:height', height}. Only the height is read, from
// a window it checks is one of those iframes, and it is clamped to a sane range.
//
// Opened from disk (file://), Chromium lets a sandboxed iframe load no file at
// all, not even its own scripts. A page read from disk is the reader's own
// file, so there (and only there) the snippet replaces these iframes by
// unsandboxed copies; served pages keep the sandbox.
(function iframeResize() {
  if (location.protocol === 'file:') {
    var local = document.querySelectorAll('iframe[data-bn-lab][sandbox]');
    for (var k = 0; k < local.length; k += 1) {
      if (local[k].src.indexOf('file:') !== 0) continue;
      // A new element: the sandbox flags are read when a frame navigates.
      var open = local[k].cloneNode(false);
      open.removeAttribute('sandbox');
      local[k].replaceWith(open);
    }
  }
  var MIN = 80;
  var MAX = 5000;
  window.addEventListener('message', function onMessage(event) {
    var data = event.data;
    if (!data || data.type !== 'bn-lab:height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    var frames = document.querySelectorAll('iframe[data-bn-lab]');
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(MAX, Math.max(MIN, Math.ceil(data.height))) + 'px';
        return;
      }
    }
  });
}());
