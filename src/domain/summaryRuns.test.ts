import { describe, expect, it } from "vitest";
import { decideRun, MAX_ATTEMPTS, RUN_STALE_MS } from "./summaryRuns";

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
    { name: "failures up to the limit", runs: Array.from({ length: MAX_ATTEMPTS }, (_, i) => run(`f${i}`, "failed")), cron: "gave up", manual: "process" },
    {
      name: "failures plus a dead run reach the limit",
      runs: [...Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => run(`f${i}`, "failed")), run("dead", "running", RUN_STALE_MS)],
      cron: "gave up",
      manual: "process",
    },
    { name: "a dead run", runs: [run("dead", "running", RUN_STALE_MS)], cron: "process", manual: "process" },
    { name: "a live run beside a done one", runs: [run("a", "running", 0), run("b", "done")], cron: "running", manual: "running" },
  ];

  for (const c of cases) {
    it(`${c.name}: cron ${c.cron}, manual ${c.manual}`, () => {
      for (const [mode, expected] of [["cron", c.cron], ["manual", c.manual]] as const) {
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
