/**
 * Numbers as people read them: floating-point noise removed (0.1 + 0.2 → 0.3), sensible
 * significant digits for measured quantities (8.04672 km → 8.05 km), thousands grouped.
 */

/** Exact-looking result of arithmetic: 12 significant digits, trailing zeros dropped. */
export function formatExact(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : n < 0 ? '-∞' : 'not a number';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1e15 || abs < 1e-6) return n.toExponential(6).replace(/\.?0+e/, 'e');
  return group(String(Number(n.toPrecision(12))));
}

/**
 * A rounded quantity: three significant digits, but never fewer digits than the integer part has
 * (1234.5 → 1235, not 1230), so a conversion reads like a person would say it.
 */
export function formatRounded(n: number): string {
  if (!Number.isFinite(n)) return formatExact(n);
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1e15 || abs < 1e-6) return n.toExponential(2).replace(/\.?0+e/, 'e');
  const intDigits = abs >= 1 ? Math.floor(Math.log10(abs)) + 1 : 0;
  const value = abs >= 1000 ? Math.round(n) : Number(n.toPrecision(3));
  return group(String(intDigits > 15 ? n : value));
}

/** True when rounding lost something worth showing. */
export function isRounded(n: number): boolean {
  return Number.isFinite(n) && Number(formatRounded(n).replace(/,/g, '')) !== Number(n.toPrecision(12));
}

function group(s: string): string {
  const [int, frac] = s.split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  const grouped = digits.length > 4 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : digits;
  return `${sign}${grouped}${frac ? `.${frac}` : ''}`;
}
