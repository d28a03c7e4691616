import { getCountryCallingCode, type CountryCode } from "libphonenumber-js/min";

// Leads are stored with `search_text` = name + phone digits (international, no
// "+"). People type phones the local way ("0813 925…", "+62 813-925…"), so a
// phone-looking query is turned into the stored digits before searching.

const PHONE_LIKE = /^[+\d\s().-]+$/;

/** The text to give the search index for what a person typed; "" when nothing is searchable. */
export function leadSearchText(query: string, defaultCountry?: string): string {
  const trimmed = query.trim().slice(0, 100);
  if (!PHONE_LIKE.test(trimmed)) {
    return trimmed;
  }
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length === 0) {
    return "";
  }
  if (!trimmed.startsWith("+") && digits.startsWith("0") && defaultCountry) {
    try {
      return getCountryCallingCode(defaultCountry as CountryCode) + digits.replace(/^0+/, "");
    } catch {
      return digits;
    }
  }
  return digits;
}
