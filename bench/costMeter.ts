// Bench-only counting layer for convex-test: counts the function calls an HTTP
// request makes and reads each query's and mutation's own transaction metrics
// (documents and bytes read and written, as convex-test's TransactionMetricsTracker
// counts them) when its handler finishes. The units are the ones Convex bills,
// so they carry over to a real deployment, unlike convex-test's wall time.
import { httpActionGeneric, httpRouter, type PublicHttpAction, type RoutableMethod } from "convex/server";

export type Cost = {
  functions: number;
  documentsRead: number;
  documentsWritten: number;
  bytesRead: number;
  bytesWritten: number;
};

const zero = (): Cost => ({ functions: 0, documentsRead: 0, documentsWritten: 0, bytesRead: 0, bytesWritten: 0 });

let current = zero();

export const meter = {
  reset() {
    current = zero();
  },
  read(): Cost {
    return { ...current };
  },
};

type Used = { used: number };
type Metrics = { documentsRead: Used; documentsWritten: Used; bytesRead: Used; bytesWritten: Used };
type MeteredCtx = { meta: { getTransactionMetrics(): Promise<Metrics> } };
type Registered = {
  isQuery?: boolean;
  isMutation?: boolean;
  _handler: (ctx: MeteredCtx, args: unknown) => Promise<unknown>;
};

function isRegistered(value: unknown): value is Registered {
  if (typeof value !== "function") {
    return false;
  }
  const fn = value as unknown as Partial<Registered>;
  return typeof fn._handler === "function" && Boolean(fn.isQuery || fn.isMutation);
}

/** The module with every query and mutation adding its transaction's metrics to the meter. */
export function meteredModule<M extends Record<string, unknown>>(module: M): M {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(module)) {
    if (!isRegistered(value)) {
      out[name] = value;
      continue;
    }
    const inner = value._handler;
    out[name] = Object.assign(
      (...args: unknown[]) => (value as unknown as (...a: unknown[]) => unknown)(...args),
      value,
      {
        _handler: async (ctx: MeteredCtx, args: unknown) => {
          const result = await inner(ctx, args);
          const m = await ctx.meta.getTransactionMetrics();
          current.documentsRead += m.documentsRead.used;
          current.documentsWritten += m.documentsWritten.used;
          current.bytesRead += m.bytesRead.used;
          current.bytesWritten += m.bytesWritten.used;
          return result;
        },
      },
    );
  }
  return out as M;
}

type Route = readonly [string, RoutableMethod, PublicHttpAction];
type RunCtx = Record<"runQuery" | "runMutation" | "runAction", (...args: unknown[]) => Promise<unknown>>;

/** A router serving `routes`, each counting itself and every function it runs. */
export function meteredRouter(routes: Iterable<Route>) {
  const router = httpRouter();
  for (const [path, method, action] of routes) {
    const handler = (action as unknown as { _handler: (ctx: unknown, request: Request) => Promise<Response> })._handler;
    router.route({
      path,
      method,
      handler: httpActionGeneric(async (ctx, request) => {
        current.functions += 1;
        const run = ctx as unknown as RunCtx;
        const counted =
          (fn: RunCtx[keyof RunCtx]) =>
          (...args: unknown[]) => {
            current.functions += 1;
            return fn(...args);
          };
        const countingCtx = {
          ...ctx,
          runQuery: counted(run.runQuery),
          runMutation: counted(run.runMutation),
          runAction: counted(run.runAction),
        };
        return await handler(countingCtx, request);
      }),
    });
  }
  return router;
}
