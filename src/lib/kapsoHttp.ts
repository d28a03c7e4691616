// A fetch for Kapso's APIs (Platform API and Meta proxy) that respects rate
// limits and never sends a WhatsApp message twice. Framework-free: used by the
// "use node" send action and by the Platform API client alike.
//
// Built on ky for the retry loop, backoff and Retry-After handling; the policy
// of WHAT may be retried lives here:
// - idempotent reads (GET, HEAD, OPTIONS, PUT, DELETE with kind "read") retry
//   429, 5xx, timeouts and network errors;
// - everything else ("send", or a POST/PATCH on any client) is retried only when
//   Kapso surely did not take it: a 429, or a connection refused before the
//   request left. After a timeout, a dropped connection or a 5xx the outcome is
//   unknown and the request is not repeated.
// A Retry-After longer than `maxRetryAfterMs` is honoured by giving up rather
// than by retrying early.
import ky, { type HTTPError, isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from "ky";

export type KapsoRequestKind = "read" | "send";

export type KapsoFetchOptions = {
  /** "read" for idempotent calls (listing, fetching); "send" for calls that must not repeat. */
  kind: KapsoRequestKind;
  /** Per-attempt timeout. Default 15 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** The longest Retry-After the client waits for; a longer one ends the call. Default 65 s (Kapso sends 60). */
  maxRetryAfterMs?: number;
  /** Upper bound for the exponential backoff when no Retry-After is given. Default 10 s. */
  backoffLimitMs?: number;
  /** The underlying fetch; defaults to the global fetch, looked up per call. */
  fetch?: typeof fetch;
};

export const KAPSO_FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxRetries: 2,
  maxRetryAfterMs: 65_000,
  backoffLimitMs: 10_000,
} as const;

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_READ_STATUSES = [408, 429, 500, 502, 503, 504];

// Connection errors raised before any byte of the request reached the server.
const REFUSED_BEFORE_SEND_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * A transport failure: the request may or may not have reached Kapso
 * (`outcome: "unknown"`), or surely did not (`outcome: "not_sent"`).
 * Thrown by the fetch from createKapsoFetch instead of ky's own errors so the
 * Kapso SDK passes it through unchanged.
 */
export class KapsoTransportError extends Error {
  override name = "KapsoTransportError";
  constructor(
    message: string,
    readonly reason: "timeout" | "connection_lost" | "refused",
    readonly outcome: "unknown" | "not_sent",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Codes found along an error's `cause` chain (undici nests them, sometimes in AggregateErrors). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== "object" || depth > 5) {
    return [];
  }
  const codes: string[] = [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string") {
    codes.push(code);
  }
  codes.push(...errorCodes(cause, depth + 1));
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      codes.push(...errorCodes(inner, depth + 1));
    }
  }
  return codes;
}

/** True when the connection failed before the request was sent, so repeating it cannot duplicate anything. */
export function refusedBeforeSend(error: unknown): boolean {
  return errorCodes(error).some((code) => REFUSED_BEFORE_SEND_CODES.has(code));
}

/** Retry-After (seconds or HTTP date) in ms, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function methodOf(error: unknown): string {
  const request = (error as { request?: Request }).request;
  return request?.method?.toUpperCase() ?? "GET";
}

function isRawFetchError(error: unknown): boolean {
  return error instanceof TypeError;
}

function buildKy(options: KapsoFetchOptions): KyInstance {
  const maxRetryAfterMs = options.maxRetryAfterMs ?? KAPSO_FETCH_DEFAULTS.maxRetryAfterMs;
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  return ky.create({
    fetch: baseFetch,
    timeout: options.timeoutMs ?? KAPSO_FETCH_DEFAULTS.timeoutMs,
    throwHttpErrors: true,
    retry: {
      limit: options.maxRetries ?? KAPSO_FETCH_DEFAULTS.maxRetries,
      // The method check is done in shouldRetry, which knows the kind.
      methods: ["get", "head", "options", "put", "delete", "post", "patch"],
      statusCodes: RETRYABLE_READ_STATUSES,
      afterStatusCodes: [429, 503],
      backoffLimit: options.backoffLimitMs ?? KAPSO_FETCH_DEFAULTS.backoffLimitMs,
      retryOnTimeout: true,
      // true = retry with backoff; false = stop; undefined = ky's default path
      // (which is the one that honours Retry-After for HTTP errors).
      shouldRetry: ({ error }) => {
        const safe = options.kind === "read" && IDEMPOTENT_METHODS.has(methodOf(error));
        if (isHTTPError(error)) {
          const status = error.response.status;
          if (status === 429) {
            const wait = parseRetryAfter(error.response.headers.get("retry-after"));
            return wait !== undefined && wait > maxRetryAfterMs ? false : undefined;
          }
          return safe ? undefined : false;
        }
        if (isTimeoutError(error)) {
          return safe;
        }
        if (isNetworkError(error) || isRawFetchError(error)) {
          return safe || refusedBeforeSend(error) ? true : false;
        }
        return false;
      },
    },
  });
}

/** ky consumed the error body into `error.data`; rebuild a Response so callers (e.g. the Kapso SDK) read it as usual. */
function responseFromHttpError(error: HTTPError): Response {
  const data: unknown = error.data;
  const body = data === undefined || data === null ? null : typeof data === "string" ? data : JSON.stringify(data);
  return new Response(body, {
    status: error.response.status,
    statusText: error.response.statusText,
    headers: error.response.headers,
  });
}

function transportError(error: unknown): unknown {
  if (isTimeoutError(error)) {
    return new KapsoTransportError("Kapso did not answer in time.", "timeout", "unknown", { cause: error });
  }
  if (isNetworkError(error) || isRawFetchError(error)) {
    return refusedBeforeSend(error)
      ? new KapsoTransportError("Could not connect to Kapso.", "refused", "not_sent", { cause: error })
      : new KapsoTransportError("The connection to Kapso was lost.", "connection_lost", "unknown", { cause: error });
  }
  return error;
}

/**
 * A `fetch` with Kapso's retry policy. Non-2xx answers come back as ordinary
 * Responses once retries are used up (or not allowed); transport failures throw
 * KapsoTransportError.
 */
export function createKapsoFetch(options: KapsoFetchOptions): typeof fetch {
  const http = buildKy(options);
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    try {
      return await http(input instanceof URL ? input.toString() : input, init);
    } catch (error) {
      if (isHTTPError(error)) {
        return responseFromHttpError(error);
      }
      throw transportError(error);
    }
  };
}

export type KapsoFailure = {
  /** not_sent: Kapso surely did not take the request; unknown: it may have. */
  outcome: "not_sent" | "unknown";
  reason: "rate_limited" | "rejected" | "refused" | "timeout" | "connection_lost" | "server_error" | "unexpected";
  /** The HTTP status, when Kapso answered. */
  status?: number;
  message: string;
};

/**
 * Classifies an error thrown while calling Kapso: a KapsoTransportError, an
 * error carrying the HTTP status (the SDK's GraphApiError has `httpStatus`),
 * or anything else (treated as unknown, because it might have been sent).
 */
export function classifyKapsoFailure(error: unknown): KapsoFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof KapsoTransportError) {
    return { outcome: error.outcome, reason: error.reason, message };
  }
  const status = (error as { httpStatus?: unknown })?.httpStatus ?? (error as { status?: unknown })?.status;
  if (typeof status === "number") {
    if (status === 429) {
      return { outcome: "not_sent", reason: "rate_limited", status, message };
    }
    if (status >= 500) {
      return { outcome: "unknown", reason: "server_error", status, message };
    }
    if (status >= 400) {
      return { outcome: "not_sent", reason: "rejected", status, message };
    }
  }
  // Input validation in the SDK runs before any request is made.
  if (error instanceof Error && error.name === "ZodError") {
    return { outcome: "not_sent", reason: "rejected", message };
  }
  return { outcome: "unknown", reason: "unexpected", message };
}
