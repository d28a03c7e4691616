import type { ChildProcess } from "node:child_process";

export const ROOT: string;

export function freePort(): Promise<number>;

export type StartedProcess = {
  child: ChildProcess;
  ready: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(graceMs?: number): Promise<void>;
  output(): string;
};

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options?: { env?: NodeJS.ProcessEnv; cwd?: string; readyPattern?: RegExp; quiet?: boolean; timeoutMs?: number },
): StartedProcess;

export function startOfflineBackendProcess(options: {
  port: number;
  sitePort: number;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
  name?: string;
}): Promise<StartedProcess & { url: string; siteUrl: string; adminKey: string }>;

export function waitForHttp(url: string, timeoutMs?: number): Promise<void>;

export function runAsAdmin(
  backend: { url: string; adminKey: string },
  functionPath: string,
  args?: Record<string, unknown>,
): Promise<unknown>;
