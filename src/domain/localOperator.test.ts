import { describe, expect, it } from "vitest";
import {
  hostnameOf,
  isLocalOperatorIdentity,
  isLoopbackHost,
  LOCAL_OPERATOR,
  tokenRequestRefusal,
  type TokenRequest,
} from "./localOperator";

describe("isLoopbackHost", () => {
  it.each([
    ["localhost", true],
    ["LOCALHOST", true],
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["[::1]", true],
    ["127.0.0.1.attacker.example", false],
    ["localhost.attacker.example", false],
    ["0.0.0.0", false],
    ["127.0.0.256", false],
    ["128.0.0.1", false],
    ["192.168.1.5", false],
    ["::ffff:8.8.8.8", false],
    ["", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it("is decided on the parsed URL's hostname, as the offline backend and dashboard use it", () => {
    const hostOf = (url: string) => new URL(url).hostname;
    expect(isLoopbackHost(hostOf("http://127.0.0.1.attacker.example:3210"))).toBe(false);
    expect(isLoopbackHost(hostOf("http://0.0.0.0:3210"))).toBe(false);
    expect(isLoopbackHost(hostOf("http://[::1]:3210"))).toBe(true);
    // WHATWG URL parsing normalises these to 127.0.0.1, which is loopback.
    expect(isLoopbackHost(hostOf("http://2130706433/"))).toBe(true);
    expect(isLoopbackHost(hostOf("http://0x7f.1/"))).toBe(true);
  });
});

describe("hostnameOf", () => {
  it.each([
    ["localhost:3000", "localhost"],
    ["127.0.0.1", "127.0.0.1"],
    ["[::1]:3000", "[::1]"],
    ["evil.example@127.0.0.1", null],
    ["127.0.0.1/path", null],
    ["", null],
    [null, null],
  ])("%s → %s", (header, expected) => {
    expect(hostnameOf(header)).toBe(expected);
  });
});

describe("tokenRequestRefusal", () => {
  const ok: TokenRequest = {
    host: "localhost:3000",
    origin: "http://localhost:3000",
    secFetchSite: "same-origin",
    clerkConfigured: false,
    keyConfigured: true,
  };

  it("mints for the dashboard's own page on a loopback host", () => {
    expect(tokenRequestRefusal(ok)).toBeNull();
    expect(tokenRequestRefusal({ ...ok, host: "127.0.0.1:4000", origin: "http://127.0.0.1:4000" })).toBeNull();
    expect(tokenRequestRefusal({ ...ok, host: "[::1]:3000", origin: "http://[::1]:3000" })).toBeNull();
    // Browsers that do not send Sec-Fetch-Site still send Origin.
    expect(tokenRequestRefusal({ ...ok, secFetchSite: null })).toBeNull();
  });

  it.each<[string, Partial<TokenRequest>, RegExp]>([
    ["Clerk is configured", { clerkConfigured: true }, /Sign-in is configured/],
    ["no key", { keyConfigured: false }, /No local operator key/],
    ["another site's page", { origin: "http://evil.example", secFetchSite: "cross-site" }, /own pages/],
    ["another port on this machine", { origin: "http://localhost:3001", secFetchSite: "same-site" }, /own pages/],
    ["no Origin (not a browser page)", { origin: null, secFetchSite: null }, /own pages/],
    ["a cross-site request with a forged Origin", { secFetchSite: "cross-site" }, /own pages/],
    [
      "the dashboard opened from the network",
      { host: "192.168.1.5:3000", origin: "http://192.168.1.5:3000" },
      /only on localhost/,
    ],
    [
      "a DNS name rebound to this machine",
      { host: "127.0.0.1.attacker.example:3000", origin: "http://127.0.0.1.attacker.example:3000" },
      /only on localhost/,
    ],
    ["0.0.0.0", { host: "0.0.0.0:3000", origin: "http://0.0.0.0:3000" }, /only on localhost/],
    ["no Host", { host: null }, /only on localhost/],
  ])("refuses: %s", (_label, change, reason) => {
    expect(tokenRequestRefusal({ ...ok, ...change })).toMatch(reason);
  });
});

describe("isLocalOperatorIdentity", () => {
  it("needs both the local operator's issuer and subject", () => {
    expect(isLocalOperatorIdentity({ issuer: LOCAL_OPERATOR.issuer, subject: LOCAL_OPERATOR.subject })).toBe(true);
    expect(isLocalOperatorIdentity({ issuer: "https://x.clerk.accounts.dev", subject: LOCAL_OPERATOR.subject })).toBe(
      false,
    );
    expect(isLocalOperatorIdentity({ issuer: LOCAL_OPERATOR.issuer, subject: "user_1" })).toBe(false);
  });
});
