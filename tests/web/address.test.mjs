// The lab's address bar (web/lab/address.js) against a fake window: a new hash
// is read before the page writes one, the page's own writes never come back as
// new hashes, writes are throttled with the last one landing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createAddressBar } from '../../web/lab/address.js';

/** A window with a location, history.replaceState, hashchange events (dispatched by hand) and manual timers. */
function fakeWindow(hash = '') {
  const listeners = [];
  const timers = [];
  const win = {
    location: { hash },
    history: {
      state: null,
      writes: [],
      replaceState(state, title, url) {
        win.location.hash = url;
        this.writes.push(url);
      },
    },
    addEventListener: (type, f) => type === 'hashchange' && listeners.push(f),
    removeEventListener: (type, f) => listeners.splice(listeners.indexOf(f), 1),
    setTimeout: (f) => timers.push(f),
    clearTimeout: () => { timers.length = 0; },
    /** The user (or a link) sets the hash: the event comes later, in its own task. */
    type(next) {
      win.location.hash = next;
    },
    fireHashChange: () => listeners.forEach((f) => f()),
    runTimers: () => timers.splice(0).forEach((f) => f()),
  };
  return win;
}

test('a hash typed while a write waits is read before the write, and the write carries its settings', () => {
  const win = fakeWindow('#a=1');
  const read = [];
  const bar = createAddressBar({ win, minInterval: 250, onSettingsHash: (h) => {
    read.push(h);
    bar.write(`applied-${h.slice(1)}`); // the lab applies the link and writes its own spelling of it
  } });
  bar.write('a=2'); // the first write goes out at once
  assert.deepEqual(win.history.writes, ['#a=2']);
  bar.write('a=3'); // the second waits for the throttle
  win.type('#b=7'); // a link arrives before the timer fires…
  win.runTimers(); // …and the timer fires before the hashchange event
  assert.deepEqual(read, ['#b=7'], 'the new hash was read first');
  assert.deepEqual(win.history.writes, ['#a=2', '#applied-b=7'], 'the old settings (a=3) were never written');
  win.fireHashChange(); // the late event finds nothing new
  assert.deepEqual(read, ['#b=7']);
});

test('the page’s own writes never come back as new hashes', () => {
  const win = fakeWindow('');
  const read = [];
  const bar = createAddressBar({ win, onSettingsHash: (h) => read.push(h) });
  bar.write('x=1');
  win.fireHashChange();
  assert.equal(bar.read(), false);
  assert.deepEqual(read, []);
});

test('a hash naming a place in the page is remembered but not read as settings', () => {
  const win = fakeWindow('#a=1');
  const read = [];
  const bar = createAddressBar({ win, onSettingsHash: (h) => read.push(h) });
  win.type('#inputs');
  assert.equal(bar.read(), true);
  assert.deepEqual(read, []);
  win.type('#seed=%');
  win.fireHashChange();
  assert.deepEqual(read, ['#seed=%'], 'a malformed hash is still handed on (the parser names what it ignores)');
});

test('writes within the interval are throttled, and the last one lands', () => {
  const win = fakeWindow('');
  const bar = createAddressBar({ win, onSettingsHash: () => {} });
  bar.write('v=1');
  for (let i = 2; i <= 20; ++i) bar.write(`v=${i}`);
  assert.deepEqual(win.history.writes, ['#v=1']);
  win.runTimers();
  assert.deepEqual(win.history.writes, ['#v=1', '#v=20']);
  bar.destroy();
});
