import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

/**
 * A WhatsApp phone number as the digits of its E.164 form without "+"
 * (e.g. "628139250849"), or null when the input holds no usable number.
 *
 * - "+62 813-9250-849" parses on its own.
 * - Bare digits not starting with 0 are usually international already (a wa_id),
 *   so "+" + digits is tried first.
 * - Otherwise (e.g. "08139250849") the workspace's default country decides.
 */
export function normalizePhone(input: string | null | undefined, defaultCountry?: string): string | null {
  if (!input) {
    return null;
  }
  const trimmed = input.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length === 0) {
    return null;
  }

  const candidates: Array<() => string | undefined> = [];
  if (trimmed.startsWith("+")) {
    candidates.push(() => parsePhoneNumberFromString("+" + digits)?.number);
  } else {
    if (!digits.startsWith("0")) {
      candidates.push(() => parsePhoneNumberFromString("+" + digits)?.number);
    }
    if (defaultCountry) {
      candidates.push(() => parsePhoneNumberFromString(digits, defaultCountry.toUpperCase() as CountryCode)?.number);
    }
  }
  for (const candidate of candidates) {
    let e164: string | undefined;
    try {
      e164 = candidate();
    } catch {
      // An unknown default country throws; try the next candidate.
    }
    if (e164) {
      return e164.slice(1);
    }
  }
  return null;
}

/**
 * The key a lead is stored under: the normalised number, else its digits when
 * libphonenumber cannot read it (so an odd number still maps to one lead).
 * Null when there are no digits at all.
 */
export function phoneKey(input: string | null | undefined, defaultCountry?: string): string | null {
  const normalized = normalizePhone(input, defaultCountry);
  if (normalized) {
    return normalized;
  }
  const digits = (input ?? "").replace(/\D/g, "");
  return digits.length > 0 ? digits : null;
}

/** "+62 813-9250-849" from stored digits; "+" and the digits themselves when they do not parse. */
export function displayPhone(digits: string | undefined): string {
  if (!digits) {
    return "";
  }
  return parsePhoneNumberFromString(`+${digits}`)?.formatInternational() ?? `+${digits}`;
}
