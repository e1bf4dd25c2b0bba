// A seeded pseudo-random generator for the tools and the tests (mulberry32): the
// same seed gives the same numbers on every machine and every Node version.
// (The engine has its own, engine/rng.hpp; this one only splits data files and
// draws test inputs.)

/** A function giving floats in [0, 1) from `seed` (an unsigned 32-bit integer). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
