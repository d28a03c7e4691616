// npm run simulate: sends signed Kapso v2 deliveries to a webhook URL and prints each answer.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { DEV_STATE_PATH, USAGE, parseSimulateArgs, unauthorizedHint, type DevState } from "./simulate/args";
import { buildScenario, sendDelivery } from "./simulate/deliveries";

const dev = existsSync(DEV_STATE_PATH) ? (JSON.parse(readFileSync(DEV_STATE_PATH, "utf8")) as DevState) : null;
let options;
try {
  options = parseSimulateArgs(process.argv.slice(2), dev);
} catch (error) {
  console.error(`simulate: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options === "help") {
  console.log(USAGE);
  process.exit(0);
}

const runId = Date.now().toString(36).toUpperCase();
const deliveries = buildScenario(
  {
    phoneNumberId: options.phoneNumberId,
    conversationId: randomUUID(),
    lead: { name: options.leadName, phone: options.leadPhone },
    runId,
  },
  Date.now(),
);
console.log(
  `Sending ${deliveries.length} deliveries to ${options.url} as ${options.leadName} (+${options.leadPhone})\n`,
);
let failures = 0;
for (const [i, delivery] of deliveries.entries()) {
  if (i > 0 && options.delayMs > 0) {
    await new Promise((r) => setTimeout(r, options.delayMs));
  }
  const label = `${String(i + 1).padStart(2)}. ${delivery.label.padEnd(40)} ${delivery.event.padEnd(28)}`;
  try {
    const { status, text } = await sendDelivery(options.url, options.secret, delivery);
    if (status < 200 || status > 299) {
      failures++;
    }
    console.log(`${label} -> ${status} ${text.replace(/\s+/g, " ").slice(0, 160)}`);
    if (status === 401) {
      // Every other delivery would be refused the same way.
      console.error(`\n${unauthorizedHint(process.argv.slice(2))}`);
      process.exit(1);
    }
  } catch (error) {
    failures++;
    console.log(`${label} -> request failed: ${(error as Error).message}`);
  }
}
console.log(failures === 0 ? "\nAll deliveries accepted." : `\n${failures} deliveries were not accepted (see above).`);
process.exit(failures === 0 ? 0 : 1);
