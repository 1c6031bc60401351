import { createRequire } from "node:module";

/** The parts of robots-parser used here. */
interface RobotsRules {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getMatchingLineNumber(url: string, ua?: string): number;
  getCrawlDelay(ua?: string): number | undefined;
}

// robots-parser is CommonJS whose typings claim an ES default export that does not exist at
// run time; requiring it sidesteps the mismatch.
const robotsParser = createRequire(import.meta.url)("robots-parser") as (
  url: string,
  body: string,
) => RobotsRules;

export type RobotsVerdict = { allowed: true } | { allowed: false; reason: string };

/** How fetching /robots.txt went, after redirects (RFC 9309 asks for at least five). */
export type RobotsResponse = { status: number; body: string } | { error: string };

export type RobotsFetch = (robotsUrl: string) => Promise<RobotsResponse>;

type Rules =
  | { kind: "allow-all" }
  | { kind: "disallow-all"; why: string }
  | { kind: "rules"; robot: RobotsRules };

/** Crawl-delay above this is clamped: a hostile robots.txt must not stall a run for hours. */
export const MAX_CRAWL_DELAY_MS = 30_000;

/**
 * robots.txt per origin, fetched once per run and cached (concurrent callers share the fetch).
 * RFC 9309 §2.3.1:
 * - 2xx: the rules apply;
 * - 4xx ("unavailable", 404 included): everything is allowed;
 * - 5xx, 429 or a network failure ("unreachable"): everything is disallowed for this run, since
 *   a server in trouble is no permission. 429 is read as a server problem, as Google does.
 * A Crawl-delay for our agent is passed to `onCrawlDelay` so the host is spaced accordingly.
 */
export class RobotsCache {
  private readonly cache = new Map<string, Promise<Rules>>();

  constructor(
    private readonly fetchRobots: RobotsFetch,
    private readonly userAgent: string,
    private readonly onCrawlDelay?: (host: string, ms: number) => void,
  ) {}

  async check(url: string): Promise<RobotsVerdict> {
    const parsed = new URL(url);
    let rules = this.cache.get(parsed.origin);
    if (!rules) {
      rules = this.load(parsed);
      this.cache.set(parsed.origin, rules);
    }
    const loaded = await rules;
    switch (loaded.kind) {
      case "allow-all":
        return { allowed: true };
      case "disallow-all":
        return { allowed: false, reason: `robots.txt ${loaded.why}: treated as disallow-all (RFC 9309)` };
      case "rules": {
        // undefined means the URL is not under this robots.txt; cannot happen for its own origin.
        if (loaded.robot.isAllowed(parsed.href, this.userAgent) === false) {
          const line = loaded.robot.getMatchingLineNumber(parsed.href, this.userAgent);
          return { allowed: false, reason: `disallowed by robots.txt line ${line}` };
        }
        return { allowed: true };
      }
    }
  }

  private async load(origin: URL): Promise<Rules> {
    const robotsUrl = `${origin.origin}/robots.txt`;
    const response = await this.fetchRobots(robotsUrl);
    if ("error" in response) return { kind: "disallow-all", why: `unreachable (${response.error})` };
    const { status } = response;
    if (status >= 200 && status < 300) {
      const robot = robotsParser(robotsUrl, response.body);
      const delay = robot.getCrawlDelay(this.userAgent);
      if (delay !== undefined && Number.isFinite(delay) && delay > 0)
        this.onCrawlDelay?.(origin.host, Math.min(MAX_CRAWL_DELAY_MS, Math.round(delay * 1000)));
      return { kind: "rules", robot };
    }
    if (status === 429 || status >= 500) return { kind: "disallow-all", why: `answered HTTP ${status}` };
    return { kind: "allow-all" };
  }
}
