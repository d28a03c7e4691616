/**
 * The Convex client's logger. The client logs every failed function as a console
 * error; a ConvexError is a refusal the form already shows (bad input, conflict,
 * no permission), so it goes to the console as a warning instead and the dev
 * overlay stays for real faults.
 */
export const convexLogger = {
  logVerbose: () => {},
  log: (...args: unknown[]) => console.log(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => {
    if (args.some((arg) => typeof arg === "string" && /\bConvexError\b/.test(arg))) {
      console.warn(...args);
    } else {
      console.error(...args);
    }
  },
};
