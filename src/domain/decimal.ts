/**
 * Numbers as people type them: digits with one decimal point or comma (Indonesia
 * writes 0,5), an optional sign. Hex, exponents, thousands separators and
 * Infinity are refused rather than read as something nobody meant.
 */
const DECIMAL = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/** The number `text` stands for, or null when it is not a plain decimal. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) {
    return null;
  }
  return Number(trimmed.replace(",", "."));
}

/** A whole number written in digits only: "1.000" and "1,000" mean a thousand to some readers and one to others. */
export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}
