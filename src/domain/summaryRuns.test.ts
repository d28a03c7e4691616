import { describe, expect, it } from "vitest";
import {
  decideRun,
  MAX_ATTEMPTS,
  nextSummaryCheck,
  RUN_STALE_MS,
  decodeRunProgress,
  encodeRunProgress,
} from "./summaryRuns";

const NOW = 1_800_000_000_000;
type Run = { id: string; status: "running" | "done" | "quiet" | "failed"; started_at: number };
const run = (id: string, status: Run["status"], ageMs = 60 * 60_000): Run => ({ id, status, started_at: NOW - ageMs });

describe("decideRun", () => {
  const cases: Array<{ name: string; runs: Run[]; cron: string; manual: string }> = [
    { name: "no runs yet", runs: [], cron: "process", manual: "process" },
    { name: "a live run", runs: [run("a", "running", RUN_STALE_MS - 1)], cron: "running", manual: "running" },
    { name: "a done day", runs: [run("a", "done")], cron: "summarised", manual: "process" },
    { name: "a quiet day", runs: [run("a", "quiet")], cron: "summarised", manual: "process" },
    { name: "one failure", runs: [run("a", "failed")], cron: "process", manual: "process" },
    {
      name: "failures up to the limit",
      runs: Array.from({ length: MAX_ATTEMPTS }, (_, i) => run(`f${i}`, "failed")),
      cron: "gave up",
      manual: "process",
    },
    {
      name: "failures plus a dead run reach the limit",
      runs: [
        ...Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => run(`f${i}`, "failed")),
        run("dead", "running", RUN_STALE_MS),
      ],
      cron: "gave up",
      manual: "process",
    },
    { name: "a dead run", runs: [run("dead", "running", RUN_STALE_MS)], cron: "process", manual: "process" },
    {
      name: "a live run beside a done one",
      runs: [run("a", "running", 0), run("b", "done")],
      cron: "running",
      manual: "running",
    },
  ];

  for (const c of cases) {
    it(`${c.name}: cron ${c.cron}, manual ${c.manual}`, () => {
      for (const [mode, expected] of [
        ["cron", c.cron],
        ["manual", c.manual],
      ] as const) {
        const decision = decideRun(c.runs, NOW, mode);
        expect(decision.process ? "process" : decision.reason, mode).toBe(expected);
      }
    });
  }

  it("hands over the dead runs (and only those) to be marked failed", () => {
    const dead = run("dead", "running", RUN_STALE_MS);
    const decision = decideRun([run("f", "failed"), dead, run("q", "quiet")], NOW, "manual");
    expect(decision).toEqual({ process: true, stale: [dead] });
  });
});

describe("nextSummaryCheck", () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    // Settled: the end of the local day under way, in the workspace's own zone.
    ["Asia/Jakarta", "2026-11-26T00:17:00Z", true, "2026-11-26T17:00:00.000Z"],
    ["Asia/Jakarta", "2026-11-26T16:59:00Z", true, "2026-11-26T17:00:00.000Z"],
    ["Asia/Jakarta", "2026-11-26T17:17:00Z", true, "2026-11-27T17:00:00.000Z"],
    ["UTC", "2026-11-26T00:17:00Z", true, "2026-11-27T00:00:00.000Z"],
    // New York: the day clocks fall back has 25 hours, the day they spring forward 23.
    ["America/New_York", "2026-11-01T12:00:00Z", true, "2026-11-02T05:00:00.000Z"],
    ["America/New_York", "2026-03-08T12:00:00Z", true, "2026-03-09T04:00:00.000Z"],
    // A run under way or just started: the next hourly sweep.
    ["Asia/Jakarta", "2026-11-26T00:17:00Z", false, "2026-11-26T01:07:00.000Z"],
  ])("%s at %s (settled: %s) → %s", (zone, asOf, settled, expected) => {
    const next = nextSummaryCheck(settled, at(asOf), zone);
    expect(new Date(next).toISOString()).toBe(expected);
    expect(next).toBeGreaterThan(at(asOf));
  });

  it("names a bad time zone", () => {
    expect(() => nextSummaryCheck(true, Date.now(), "Mars/Olympus")).toThrow(/Mars\/Olympus/);
  });
});

describe("run progress", () => {
  it.each([
    [{ step: "reading", count: 0 }, "reading:0"],
    [{ step: "reading", count: 1200 }, "reading:1200"],
    [{ step: "writing" }, "writing"],
    [{ step: "saving" }, "saving"],
  ] as const)("%j is stored as %j and read back", (progress, stored) => {
    expect(encodeRunProgress(progress)).toBe(stored);
    expect(decodeRunProgress(stored)).toEqual(progress);
  });

  it.each(["Saving notes", "Read 1,200 messages", "reading:", "reading:-1", "reading:1.5", "Writing", ""])(
    "%j (older runs' English, or not a step) reads as nothing",
    (stored) => {
      expect(decodeRunProgress(stored)).toBeNull();
    },
  );
});
