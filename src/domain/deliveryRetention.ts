// How long the ledger keeps deliveries that need nothing more (processed, duplicate, ignored).

export const DEFAULT_RETENTION_DAYS = 30;
const MAX_RETENTION_DAYS = 3650;

/** DELIVERY_RETENTION_DAYS read strictly: a whole number of days from 1 to 3650, or the default when unset. */
export function retentionDays(raw: string | undefined): { ok: true; days: number } | { ok: false; error: string } {
  if (raw === undefined || raw.trim() === "") {
    return { ok: true, days: DEFAULT_RETENTION_DAYS };
  }
  const days = Number(raw.trim());
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    return {
      ok: false,
      error: `DELIVERY_RETENTION_DAYS: "${raw}" is not a whole number of days from 1 to ${MAX_RETENTION_DAYS}`,
    };
  }
  return { ok: true, days };
}
