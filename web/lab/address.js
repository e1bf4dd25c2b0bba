// The lab's settings in the address bar. The page both reads the URL hash (a
// link pasted or typed, a preset link, a test setting location.hash) and
// writes it (every change of a setting, so the address bar always reproduces
// the run). Two rules keep the two directions from racing:
//
//   1. Read before write: a hash in the address bar that the page has not read
//      yet is read (and applied) before the page writes one, so a new link is
//      never overwritten by the page's older settings. The lab also reads it
//      before each frame and each hook call, so a hash that arrives while a
//      frame is in flight wins over what that frame would have shown.
//   2. The page's own writes (history.replaceState, which fires no event) are
//      remembered as read, so they never come back as "new" hashes.
//
// Writes are throttled to one per `minInterval` ms, the last one always
// landing: dragging a slider would otherwise trip the browser's limit on
// replaceState calls.

import { isSettingsHash } from '../state.js';

/**
 * @param {object} opts
 * @param {(hash: string) => void} opts.onSettingsHash called with a new hash ("#a=1&b=2") holding
 *   settings; a hash naming a place in the page ("#inputs") is remembered but not handed on
 * @param {number} [opts.minInterval=250] ms between two writes
 * @param {Window} [opts.win=window]
 * @returns {{read(): boolean, write(hash: string): void, destroy(): void}} read: reads a new hash if
 *   there is one (returns whether there was); write: the settings' hash text, without '#'
 */
export function createAddressBar({ onSettingsHash, minInterval = 250, win = window }) {
  let known = win.location.hash; // the hash the page has read or written last
  let pending = null; // hash text waiting to be written
  let timer = 0;
  let last = -Infinity; // performance.now() of the last write
  let flushing = false;

  function read() {
    const now = win.location.hash;
    if (now === known) return false;
    known = now;
    if (isSettingsHash(now)) onSettingsHash(now);
    return true;
  }

  function flush() {
    timer = 0;
    flushing = true;
    try {
      read(); // may apply a newer hash, which replaces `pending` with that hash's settings
    } finally {
      flushing = false;
    }
    if (pending === null) return;
    const hash = `#${pending}`;
    pending = null;
    last = performance.now();
    if (win.location.hash !== hash) win.history.replaceState(win.history.state, '', hash);
    known = win.location.hash; // as the browser spells it
  }

  function write(hash) {
    pending = hash;
    if (timer || flushing) return;
    const wait = last + minInterval - performance.now();
    if (wait <= 0) flush();
    else timer = win.setTimeout(flush, wait);
  }

  const onHashChange = () => read();
  win.addEventListener('hashchange', onHashChange);
  return {
    read,
    write,
    destroy() {
      win.clearTimeout(timer);
      timer = 0;
      win.removeEventListener('hashchange', onHashChange);
    },
  };
}
