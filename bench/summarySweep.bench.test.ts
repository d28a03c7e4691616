// `npm run bench`: what the hourly summary sweep costs at 1,000 workspaces, in the
// units Convex bills: function calls per sweep and documents read by the sweep's own
// mutation, for an hour in which the workspaces' local day ended and for an idle hour.
import { afterAll, expect, it, vi } from "vitest";
import { convexTest } from "convex-test";
import schema from "../convex/schema";
import { modules } from "../convex/test.setup";
import { internal } from "../convex/_generated/api";
import { meter, meteredModule } from "./costMeter";

const WORKSPACES = 1_000;
const DUE_HOUR = Date.parse("2026-11-25T17:17:00Z"); // 00:17 on the 26th in Jakarta: the 25th has just ended
const HOUR = 3_600_000;

afterAll(() => vi.useRealTimers());

it("prints function calls per sweep at 1,000 workspaces, due hour and idle hours", async () => {
  vi.useFakeTimers();
  vi.setSystemTime(DUE_HOUR);
  const t = convexTest({
    schema,
    modules: {
      ...modules,
      "./summaryCron.ts": async () => meteredModule((await modules["./summaryCron.ts"]()) as Record<string, unknown>),
    },
    transactionLimits: true,
  });
  for (let first = 0; first < WORKSPACES; first += 250) {
    await t.run(async (ctx) => {
      for (let i = first; i < first + 250; i++) {
        await ctx.db.insert("workspaces", {
          name: `Toko ${i}`,
          kapso_phone_number_id: String(100000 + i),
          default_country: "ID",
          timezone: "Asia/Jakarta",
        });
      }
    });
  }
  const scheduledSoFar = async () =>
    (await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect())).length;

  /** One sweep: the cron's own call plus every function it scheduled, run to the end. */
  async function sweep(at: number) {
    vi.setSystemTime(at);
    const before = await scheduledSoFar();
    meter.reset();
    await t.mutation(internal.summaryCron.startDailyRun, {});
    const cronCost = meter.read();
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    return {
      functions: 1 + (await scheduledSoFar()) - before,
      cronDocumentsRead: cronCost.documentsRead,
      all: meter.read(),
    };
  }

  const due = await sweep(DUE_HOUR);
  const idle = [];
  for (let hour = 1; hour <= 23; hour++) {
    idle.push(await sweep(DUE_HOUR + hour * HOUR));
  }
  const nextDue = await sweep(DUE_HOUR + 24 * HOUR);

  const row = (label: string, s: Awaited<ReturnType<typeof sweep>>) =>
    `${label.padEnd(34)} ${String(s.functions).padStart(9)} ${String(s.cronDocumentsRead).padStart(14)} ${String(s.all.documentsRead).padStart(10)} ${String(s.all.documentsWritten).padStart(13)}`;
  console.log(`\nSummary sweep at ${WORKSPACES} workspaces (Asia/Jakarta, quiet days)`);
  console.log(`${"sweep".padEnd(34)} functions  first page read  docs read  docs written`);
  console.log(row("due hour (the local day ended)", due));
  console.log(
    row(
      "idle hour (worst of 23)",
      idle.reduce((a, b) => (b.functions > a.functions ? b : a)),
    ),
  );
  console.log(row("due hour, next day", nextDue));
  console.log(
    `per day: ${due.functions + idle.reduce((n, s) => n + s.functions, 0)} function calls (was ${24 * (WORKSPACES + 1 + Math.ceil(WORKSPACES / 100) - 1)} sweeping every workspace hourly)`,
  );

  expect(Math.max(...idle.map((s) => s.functions))).toBeLessThanOrEqual(2);
  expect(Math.max(...idle.map((s) => s.cronDocumentsRead))).toBe(0);
  expect(due.functions).toBeGreaterThanOrEqual(WORKSPACES);
  expect(due.functions).toBeLessThanOrEqual(WORKSPACES + Math.ceil(WORKSPACES / 100));
});
