import * as React from "react";
import { act, render, type IntlRenderOptions } from "./rtl";
import { ConvexProvider, type ConvexReactClient } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { vi, type Mock } from "vitest";
import type { Id } from "@convex/_generated/dataModel";
import type { Role } from "@convex/permissions";
import { WorkspaceContextProvider } from "@/components/workspace/WorkspaceProvider";

type AnyRef = FunctionReference<"query" | "mutation" | "action">;
type Resolver = unknown | ((args: Record<string, unknown>) => unknown);
type CallMock = Mock<(args: Record<string, unknown>) => Promise<unknown>>;

/**
 * A stand-in for ConvexReactClient that the real <ConvexProvider> and hooks
 * accept. Queries answer from values set per function (undefined = loading;
 * an Error = the query throws); mutations and actions are vi.fn()s keyed by name.
 */
export class FakeConvex {
  private queries = new Map<string, Resolver>();
  private listeners = new Set<() => void>();
  readonly mutations = new Map<string, CallMock>();

  /** Sets a query's result (a value, an Error, or a function of the args) and notifies subscribers. */
  setQuery(ref: AnyRef, value: Resolver) {
    this.queries.set(getFunctionName(ref), value);
    act(() => this.listeners.forEach((l) => l()));
  }

  /** The mock behind a mutation or action, created on first use. */
  fn(ref: AnyRef): CallMock {
    const name = getFunctionName(ref);
    let mock = this.mutations.get(name);
    if (!mock) {
      mock = vi.fn(async (_args: Record<string, unknown>): Promise<unknown> => null);
      this.mutations.set(name, mock);
    }
    return mock;
  }

  private resolve(name: string, args: Record<string, unknown>) {
    const value = this.queries.get(name);
    return typeof value === "function" ? (value as (a: Record<string, unknown>) => unknown)(args) : value;
  }

  watchQuery(ref: AnyRef, args: Record<string, unknown> = {}) {
    const name = typeof ref === "string" ? ref : getFunctionName(ref);
    return {
      localQueryResult: () => {
        const value = this.resolve(name, args);
        if (value instanceof Error) {
          throw value;
        }
        return value;
      },
      onUpdate: (cb: () => void) => {
        this.listeners.add(cb);
        return () => this.listeners.delete(cb);
      },
      journal: () => undefined,
    };
  }

  mutation(ref: AnyRef, args: Record<string, unknown>) {
    return this.fn(ref)(args);
  }

  action(ref: AnyRef, args: Record<string, unknown>) {
    return this.fn(ref)(args);
  }

  private connection = {
    hasInflightRequests: false,
    isWebSocketConnected: true,
    timeOfOldestInflightRequest: null,
    hasEverConnected: true,
    connectionCount: 1,
    connectionRetries: 0,
    inflightMutations: 0,
    inflightActions: 0,
  };
  private connectionListeners = new Set<() => void>();

  connectionState() {
    return this.connection;
  }

  subscribeToConnectionState(cb: () => void) {
    this.connectionListeners.add(cb);
    return () => this.connectionListeners.delete(cb);
  }

  /** Opens or drops the pretend WebSocket, as the real client reports it. */
  setConnected(isWebSocketConnected: boolean) {
    this.connection = { ...this.connection, isWebSocketConnected };
    act(() => this.connectionListeners.forEach((l) => l()));
  }

  asClient(): ConvexReactClient {
    return this as unknown as ConvexReactClient;
  }
}

export const TEST_WORKSPACE_ID = "k17workspace000000000000000000" as Id<"workspaces">;

/** Renders `ui` inside a ConvexProvider backed by `fake` and a fixed workspace with `role`. */
export function renderWithConvex(
  ui: React.ReactElement,
  {
    fake = new FakeConvex(),
    role = "admin" as Role,
    ...options
  }: { fake?: FakeConvex; role?: Role } & IntlRenderOptions = {},
) {
  const workspace = { _id: TEST_WORKSPACE_ID, name: "Toko Budi", role, timezone: "Asia/Jakarta" };
  const wrapper = ({ children }: { children: React.ReactNode }) => (
    <ConvexProvider client={fake.asClient()}>
      <WorkspaceContextProvider
        value={{ workspaceId: TEST_WORKSPACE_ID, workspace, workspaces: [workspace], role, selectWorkspace: () => {} }}
      >
        {children}
      </WorkspaceContextProvider>
    </ConvexProvider>
  );
  return { fake, ...render(ui, { wrapper, ...options }) };
}
