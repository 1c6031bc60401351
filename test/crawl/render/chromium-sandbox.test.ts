import { describe, expect, it } from "vitest";
import { sandboxFailureOf, sandboxPlan } from "../../../functions/crawl/render/chromium-sandbox.js";

describe("sandboxPlan", () => {
  it("tries the sandbox for an unprivileged user outside Lambda", () => {
    expect(sandboxPlan({ uid: 1000, lambda: false })).toEqual({ attempt: true });
    expect(sandboxPlan({ uid: undefined, lambda: false })).toEqual({ attempt: true });
  });

  it("does not try it as root or on Lambda, and says why", () => {
    expect(sandboxPlan({ uid: 0, lambda: false })).toMatchObject({ attempt: false, reason: /root/ });
    expect(sandboxPlan({ uid: 993, lambda: true })).toMatchObject({
      attempt: false,
      reason: /Lambda has no user namespaces/,
    });
  });
});

describe("sandboxFailureOf", () => {
  it("names the line of a launch error that is about the sandbox", () => {
    const error = new Error(
      "browserType.launch: Target page, context or browser has been closed\nBrowser logs:\nChromium sandboxing failed!\n...",
    );
    expect(sandboxFailureOf(error)).toBe("Chromium sandboxing failed!");
    expect(
      sandboxFailureOf(
        "[err] zygote_host_impl_linux.cc:101] Running as root without --no-sandbox is not supported.",
      ),
    ).toMatch(/Running as root/);
    expect(sandboxFailureOf(new Error("No usable sandbox! Update your kernel"))).toMatch(/No usable sandbox/);
  });

  it("leaves every other launch failure alone", () => {
    expect(sandboxFailureOf(new Error("spawn /tmp/chromium ENOENT"))).toBeNull();
    expect(sandboxFailureOf(new Error("browserType.launch: Timeout 180000ms exceeded."))).toBeNull();
  });
});
