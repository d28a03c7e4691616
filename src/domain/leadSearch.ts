import { getCountryCallingCode, type CountryCode } from "libphonenumber-js/min";

// Leads are stored with `search_text` = name + phone digits (international, no
// "+"). People type phones the local way ("0813 925…", "+62 813-925…"), so a
// phone-looking query is turned into the stored digits before searching.

const PHONE_LIKE = /^[+\d\s().-]+$/;
const PHONE_WORD = /^[+\d().-]+$/;

/** One typed phone (or phone fragment) as stored digits: a local leading 0 becomes the country code. */
function phoneDigits(typed: string, defaultCountry?: string): string {
  const digits = typed.replace(/\D/g, "");
  if (digits && !typed.startsWith("+") && digits.startsWith("0") && defaultCountry) {
    try {
      return getCountryCallingCode(defaultCountry as CountryCode) + digits.replace(/^0+/, "");
    } catch {
      return digits;
    }
  }
  return digits;
}

export type LeadSearchTerm = { kind: "phone"; digits: string } | { kind: "word"; text: string };

/**
 * What a person typed, as terms that must all match. A query that is only a
 * phone ("0813 9250 849") is one phone term; otherwise each word is a name word,
 * or a phone fragment when it looks like one ("budi 0813").
 */
export function leadSearchTerms(query: string, defaultCountry?: string): LeadSearchTerm[] {
  const trimmed = query.trim().slice(0, 100);
  if (PHONE_LIKE.test(trimmed)) {
    const digits = phoneDigits(trimmed, defaultCountry);
    return digits ? [{ kind: "phone", digits }] : [];
  }
  const terms: LeadSearchTerm[] = [];
  for (const word of trimmed.split(/\s+/)) {
    if (PHONE_WORD.test(word)) {
      const digits = phoneDigits(word, defaultCountry);
      if (digits) {
        terms.push({ kind: "phone", digits });
      }
    } else if (word) {
      terms.push({ kind: "word", text: word });
    }
  }
  return terms;
}

/** The text to give the search index (which ranks by any term); "" when nothing is searchable. */
export function searchIndexText(terms: LeadSearchTerm[]): string {
  return terms.map((t) => (t.kind === "phone" ? t.digits : t.text)).join(" ");
}

/** The text to give the search index for what a person typed; "" when nothing is searchable. */
export function leadSearchText(query: string, defaultCountry?: string): string {
  return searchIndexText(leadSearchTerms(query, defaultCountry));
}

/**
 * Whether a lead matches every term: a name word by the start of one of the
 * name's words, a phone fragment anywhere in the digits. The search index finds
 * leads matching any term; this narrows them, so more words mean fewer leads.
 */
export function matchesLeadSearch(terms: LeadSearchTerm[], lead: { name?: string; phone?: string }): boolean {
  const nameWords = (lead.name ?? "").toLocaleLowerCase().split(/[\s,.()'"-]+/);
  const phone = lead.phone ?? "";
  return terms.every((term) =>
    term.kind === "phone"
      ? phone.includes(term.digits) || nameWords.some((w) => w.startsWith(term.digits))
      : nameWords.some((w) => w.startsWith(term.text.toLocaleLowerCase())),
  );
}
