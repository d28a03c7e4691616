import { parseArgs } from "node:util";
import { normalizePhone } from "../../src/domain/phone";

/** What `npm run dev` leaves for the simulator (written by scripts/dev.mjs). */
export type DevState = {
  webhookUrl: string;
  webhookSecret: string;
  phoneNumberId: string;
  backend: string;
  defaultCountry?: string;
};

/** The demo workspace's default country, when neither --country nor npm run dev says otherwise. */
const DEFAULT_COUNTRY = "ID";

export const DEV_STATE_PATH = ".offline-backend/dev.json";

export type SimulateOptions = {
  url: string;
  secret: string;
  phoneNumberId: string;
  leadName: string;
  leadPhone: string;
  delayMs: number;
};

export const USAGE = `Usage: npm run simulate -- [options]

Sends signed Kapso v2 webhook deliveries: an inbound text, a photo, a reply with its
sent/delivered/read statuses, a failed status, a batch, a duplicate delivery and the
conversation ending. Without --url and --secret it targets the deployment \`npm run dev\` started.

  --url <url>              webhook URL, e.g. https://<deployment>.convex.site/webhook/kapso
  --secret <secret>        the secret Kapso signs with (the workspace's or KAPSO_WEBHOOK_SECRET)
  --phone-number-id <id>   Kapso phone_number_id of the workspace (default: dev's demo workspace)
  --lead-phone <number>    the simulated lead's WhatsApp number, international (6281…, +62 81…) or
                           local (0813…, read with --country) (default 6281277770001)
  --country <CC>           the workspace's default country, for local numbers (default ID)
  --lead-name <name>       the lead's WhatsApp profile name (default "Rina Simulasi")
  --delay <ms>             pause between deliveries, to watch the dashboard change (default 700)
  --help`;

/** Parses the simulator's command line; `dev` fills in what `npm run dev` started. Throws naming the bad option. */
export function parseSimulateArgs(argv: string[], dev: DevState | null): SimulateOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      secret: { type: "string" },
      "phone-number-id": { type: "string" },
      "lead-phone": { type: "string", default: "6281277770001" },
      "lead-name": { type: "string", default: "Rina Simulasi" },
      country: { type: "string" },
      delay: { type: "string", default: "700" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    return "help";
  }
  const url = values.url ?? dev?.webhookUrl;
  const secret = values.secret ?? (values.url ? undefined : dev?.webhookSecret);
  if (!url) {
    throw new Error(
      "--url: no webhook URL given, and no running `npm run dev` found (start it, or pass --url and --secret)",
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--url: "${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`--url: "${url}" must be http(s)`);
  }
  if (!secret) {
    throw new Error("--secret: required with --url (the secret Kapso signs deliveries with)");
  }
  const phoneNumberId = values["phone-number-id"] ?? dev?.phoneNumberId;
  if (!phoneNumberId || !/^\d+$/.test(phoneNumberId)) {
    throw new Error(
      `--phone-number-id: ${phoneNumberId ? `"${phoneNumberId}" must be digits` : "required with --url (the workspace's Kapso phone_number_id)"}`,
    );
  }
  // Read like the webhook reads a number, so a local 0813… reaches the same lead as +62 813….
  const country = (values.country ?? dev?.defaultCountry ?? DEFAULT_COUNTRY).toUpperCase();
  const leadPhone = normalizePhone(values["lead-phone"], country);
  if (!leadPhone || !/^\d{8,15}$/.test(leadPhone)) {
    throw new Error(
      `--lead-phone: "${values["lead-phone"]}" is not a phone number in international form or local to ${country} (--country)`,
    );
  }
  const leadName = values["lead-name"].trim();
  if (!leadName) {
    throw new Error("--lead-name: must not be empty");
  }
  const delayMs = Number(values.delay);
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) {
    throw new Error(`--delay: "${values.delay}" must be 0-60000 ms`);
  }
  return { url, secret, phoneNumberId, leadName, leadPhone, delayMs };
}

/**
 * What to do when the webhook refuses the signature (401): the secret given is not
 * the one the workspace checks now, typically after a new one was saved in Settings.
 */
export function unauthorizedHint(argv: string[]): string {
  const rest = argv.filter((arg, i) => !arg.startsWith("--secret") && argv[i - 1] !== "--secret");
  return (
    "The webhook refused the signature (401): the secret this run signed with is not the workspace's.\n" +
    "If a webhook secret was saved in Settings → Webhook secret, sign with that one:\n" +
    `  npm run simulate -- ${[...rest, "--secret", "<the secret saved in Settings>"].join(" ")}\n` +
    "(Without one, the deployment's KAPSO_WEBHOOK_SECRET applies; npm run dev prints it.)"
  );
}
