// Loads a page's engine and scripts so that the page works both served and
// opened from disk, with one tag and no inline script:
//
//   <script src="web/embed/boot.js" data-then="web/dist/lab.js"></script>
//
// Served over http(s) it loads web/dist/bnlab.js, which fetches bnlab.wasm
// (compiled while it streams, cached on its own). From file:// — where nothing
// can be fetched, only scripts loaded — it loads web/dist/bnlab-inline.js, the
// same module factory with the WebAssembly inlined. Both define the global
// createBnLabModule() that web/engine.js's loadEngine() uses. Then the scripts
// listed in data-then (space-separated, relative to the page) run, in order.
(function boot() {
  var script = document.currentScript;
  var base = new URL('../dist/', script.src);
  var fromDisk = self.origin === 'null';
  var engine = new URL(fromDisk ? 'bnlab-inline.js' : 'bnlab.js', base).href;
  var then = (script.getAttribute('data-then') || '').split(/\s+/).filter(Boolean);
  [engine].concat(then).forEach(function add(src) {
    var s = document.createElement('script');
    s.src = src;
    s.async = false; // dynamically inserted scripts with async = false run in insertion order
    document.head.appendChild(s);
  });
}());
