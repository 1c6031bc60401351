import { describe, expect, it } from "vitest";
import type { BrowserSessionInfo, SessionHealth } from "../../functions/core/browser-session.js";
import { nextSession } from "../../functions/sessions/session-rotation.js";

function s(id: string, health: SessionHealth, patch: Partial<BrowserSessionInfo> = {}): BrowserSessionInfo {
  return {
    tenant: "acme",
    channel: "jd",
    id,
    label: id,
    health,
    reason: health === "unhealthy" ? "login stub" : null,
    createdAt: "2026-03-01T00:00:00.000Z",
    lastUsedAt: null,
    lastCheckedAt: null,
    expiresAt: null,
    area: null,
    ...patch,
  };
}

describe("nextSession", () => {
  const sessions = [
    s("d", "healthy"),
    s("a", "healthy"),
    s("b", "unhealthy"),
    s("c", "unchecked"),
    s("x", "healthy", { channel: "tmall" }),
  ];

  it("goes round-robin over healthy and unchecked sessions of the channel, skipping unhealthy ones", () => {
    const order: string[] = [];
    let previous: string | null = null;
    for (let i = 0; i < 6; i++) {
      previous = nextSession(sessions, "jd", previous)!.id;
      order.push(previous);
    }
    expect(order).toEqual(["a", "c", "d", "a", "c", "d"]);
  });

  it("continues after a previous session that turned unhealthy or was removed", () => {
    expect(nextSession(sessions, "jd", "b")!.id).toBe("c");
    expect(nextSession(sessions, "jd", "bb")!.id).toBe("c");
    expect(nextSession(sessions, "jd", "zz")!.id).toBe("a");
  });

  it("without a previous id, continues after the most recently used session", () => {
    const used = sessions.map((x) =>
      x.id === "a"
        ? { ...x, lastUsedAt: "2026-03-01T10:00:00.000Z" }
        : x.id === "d"
          ? { ...x, lastUsedAt: "2026-03-01T09:00:00.000Z" }
          : x,
    );
    expect(nextSession(used, "jd")!.id).toBe("c");
    expect(nextSession(sessions, "jd")!.id).toBe("a");
  });

  it("returns null when the channel has no usable session", () => {
    expect(nextSession([s("a", "unhealthy"), s("b", "unhealthy")], "jd", null)).toBeNull();
    expect(nextSession(sessions, "pdd", null)).toBeNull();
    expect(nextSession([], "jd")).toBeNull();
    expect(nextSession(sessions, "tmall", "x")!.id).toBe("x");
  });
});
