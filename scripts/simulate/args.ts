import { parseArgs } from "node:util";

/** What `npm run dev` leaves for the simulator (written by scripts/dev.mjs). */
export type DevState = { webhookUrl: string; webhookSecret: string; phoneNumberId: string; backend: string };

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
  --lead-phone <digits>    the simulated lead's WhatsApp number (default 6281277770001)
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
      delay: { type: "string", default: "700" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  const url = values.url ?? dev?.webhookUrl;
  const secret = values.secret ?? (values.url ? undefined : dev?.webhookSecret);
  if (!url) throw new Error("--url: no webhook URL given, and no running `npm run dev` found (start it, or pass --url and --secret)");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--url: "${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error(`--url: "${url}" must be http(s)`);
  if (!secret) throw new Error("--secret: required with --url (the secret Kapso signs deliveries with)");
  const phoneNumberId = values["phone-number-id"] ?? dev?.phoneNumberId;
  if (!phoneNumberId || !/^\d+$/.test(phoneNumberId)) {
    throw new Error(`--phone-number-id: ${phoneNumberId ? `"${phoneNumberId}" must be digits` : "required with --url (the workspace's Kapso phone_number_id)"}`);
  }
  const leadPhone = values["lead-phone"];
  if (!/^\d{8,15}$/.test(leadPhone)) throw new Error(`--lead-phone: "${leadPhone}" must be 8-15 digits in international form, without +`);
  const leadName = values["lead-name"].trim();
  if (!leadName) throw new Error("--lead-name: must not be empty");
  const delayMs = Number(values.delay);
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) throw new Error(`--delay: "${values.delay}" must be 0-60000 ms`);
  return { url, secret, phoneNumberId, leadName, leadPhone, delayMs };
}
