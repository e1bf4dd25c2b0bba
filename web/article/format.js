// Number formatting for readouts and tables: fixed digits, a real minus sign,
// and a dash for values that are not finite (a diverged run), never "NaN".

const MINUS = '\u2212';

/** v with `digits` decimals, e.g. fmt(-0.5, 3) → "−0.500". */
export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return '—';
  const s = v.toFixed(digits);
  return s.startsWith('-') ? (Number(s) === 0 ? s.slice(1) : MINUS + s.slice(1)) : s;
}

/**
 * A number as the operand of + − × in a worked formula: negative values are
 * bracketed, so a formula reads "0.812 − (−0.300)", never "0.812 − −0.300".
 */
export function operand(v, digits = 3) {
  const s = fmt(v, digits);
  return s.startsWith(MINUS) ? `(${s})` : s;
}

/** Signed: "+0.120" or "−0.120". */
export function signed(v, digits = 3) {
  const s = fmt(v, digits);
  return Number.isFinite(v) && !s.startsWith(MINUS) ? `+${s}` : s;
}

/** Three significant digits, switching to a×10ⁿ notation for very small or large values. */
export function sig(v, digits = 3) {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) {
    const s = String(Number(v.toPrecision(digits)));
    return s.replace('-', MINUS);
  }
  const [m, e] = v.toExponential(digits - 1).split('e');
  const sup = { '-': '\u207b', '+': '', 0: '\u2070', 1: '\u00b9', 2: '\u00b2', 3: '\u00b3', 4: '\u2074', 5: '\u2075',
    6: '\u2076', 7: '\u2077', 8: '\u2078', 9: '\u2079' };
  return `${m.replace('-', MINUS)}×10${[...e].map((c) => sup[c]).join('')}`;
}

/** A fraction as a percentage, "93.5%". */
export function pct(v, digits = 1) {
  return Number.isFinite(v) ? `${(100 * v).toFixed(digits)}%` : '—';
}
