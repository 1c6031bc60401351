import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { validVerbs, verbForStatus } from "../core/alert-lifecycle.js";
import { workflowText } from "../text/workflow-text.js";
import { alertsCsvStream, alertsXlsxStream, alertViewPages } from "./alert-export-stream.js";
import { noticeForAlert } from "./alert-notice.js";
import { readAlertPage, statusCounts } from "./alert-selection.js";
import { actOnAlert } from "./alert-status-change.js";
import type { ApiDeps, ApiEnv } from "./api-deps.js";
import {
  AlertActionBodySchema,
  AlertIdSchema,
  AlertPageQuerySchema,
  AlertQuerySchema,
  alertQueryProblems,
  fromAfterToProblem,
  HISTORY_OBSERVATIONS_PER_LISTING,
  HistoryQuerySchema,
  ListingQuerySchema,
  ReviewQuerySchema,
  RunsQuerySchema,
  snoozeUntil,
  toAlertFilter,
} from "./api-query.js";
import { alertViewFor } from "./caller-alert-view.js";
import { PrecheckRequestSchema, precheckFor } from "./caller-precheck.js";
import { exportContextFor, exportHistory } from "./export-context.js";
import { harUploadLimit, importUploadedHar, sizeText } from "./har-upload.js";
import { readListPage } from "./list-page.js";
import { toListingView, toObservationView } from "./listing-view.js";
import type { PrecheckLimiter } from "./precheck-rate-limit.js";
import { problemsOf } from "./request-problems.js";

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

function parseQuery<S extends z.ZodType>(c: Context<ApiEnv>, schema: S): Parsed<z.infer<S>> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, response: c.json({ error: "bad_request", problems: problemsOf(parsed.error) }, 400) };
}

const notFound = (c: Context<ApiEnv>) => c.json({ error: "not_found" }, 404);

/** The reader's language for messages in JSON answers (Accept-Language, as the dashboard's). */
const localeOf = (c: Context<ApiEnv>) => (c.var.text.htmlLang === "zh-CN" ? "zh-CN" : "en");

const nowOf = (deps: ApiDeps) => deps.now?.() ?? new Date();

/** An alert-list query (filters, and for pages sort and cursor), problems in the reader's language. */
function parseAlertQuery<S extends typeof AlertQuerySchema | typeof AlertPageQuerySchema>(
  c: Context<ApiEnv>,
  deps: ApiDeps,
  schema: S,
): Parsed<{ query: z.infer<S>; filter: ReturnType<typeof toAlertFilter> & { ok: true } }> {
  const parsed = schema.safeParse(c.req.query());
  const bad = (problems: ReturnType<typeof alertQueryProblems>) => ({
    ok: false as const,
    response: c.json({ error: "bad_request", problems }, 400),
  });
  if (!parsed.success) return bad(alertQueryProblems(parsed.error, localeOf(c)));
  const filter = toAlertFilter(parsed.data, c.var.config?.timezone ?? "Asia/Shanghai", nowOf(deps));
  if (!filter.ok) return bad([fromAfterToProblem(localeOf(c))]);
  return { ok: true, value: { query: parsed.data as z.infer<S>, filter } };
}

/** A cursor that is not one of ours, or that names a position outside this list (another tenant's). */
const badCursor = (c: Context<ApiEnv>) =>
  c.json({ error: "bad_request", problems: [{ path: "cursor", message: "not a cursor of this list" }] }, 400);

const sendsJson = (c: Context<ApiEnv>) => /^application\/json\b/i.test(c.req.header("content-type") ?? "");
const unsupportedMediaType = (c: Context<ApiEnv>) =>
  c.json({ error: "unsupported_media_type", message: "send application/json" }, 415);

/**
 * A JSON body checked against its schema. JSON only: a cross-site page cannot send it without a
 * CORS preflight, which we never grant.
 */
async function parseJsonBody<S extends z.ZodType>(
  c: Context<ApiEnv>,
  schema: S,
): Promise<Parsed<z.infer<S>>> {
  if (!sendsJson(c)) return { ok: false, response: unsupportedMediaType(c) };
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return {
      ok: false,
      response: c.json(
        { error: "bad_request", problems: [{ path: "(body)", message: "not valid JSON" }] },
        400,
      ),
    };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, response: c.json({ error: "bad_request", problems: problemsOf(parsed.error) }, 400) };
}

/** The JSON API and the exports. Every read goes through the caller's ScopedReader. */
export function registerApiRoutes(app: Hono<ApiEnv>, deps: ApiDeps, precheckLimiter: PrecheckLimiter): void {
  app.get("/api/alerts", async (c) => {
    const q = parseAlertQuery(c, deps, AlertPageQuerySchema);
    if (!q.ok) return q.response;
    const list = c.var.reader.alerts(q.value.filter.filter);
    const page = await readAlertPage(list, c.var.caller.tenant, q.value.query);
    if (page.kind === "bad_cursor") return badCursor(c);
    return c.json({
      alerts: page.items.map((a) => alertViewFor(c.var.caller, a)),
      nextCursor: page.nextCursor,
    });
  });

  // Registered before /api/alerts/:id: "counts" is not an alert id.
  app.get("/api/alerts/counts", async (c) =>
    c.json({ counts: await statusCounts(deps, c.var.caller, nowOf(deps).toISOString()) }),
  );

  app.get("/api/alerts/:id", async (c) => {
    const id = AlertIdSchema.safeParse(c.req.param("id"));
    const alert = id.success ? await c.var.reader.alert(id.data) : null;
    if (!alert) return notFound(c);
    // The verbs this caller may use now: the same function the dashboard and CLI offer from.
    const verbs = c.var.caller.role === "brand" ? validVerbs(alert, nowOf(deps).toISOString()) : [];
    return c.json({ alert: alertViewFor(c.var.caller, alert), validVerbs: verbs });
  });

  app.get("/api/alerts/:id/notice", async (c) => {
    const id = AlertIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return notFound(c);
    const found = await noticeForAlert(deps, c.var.caller, c.var.reader, c.var.config, id.data);
    if (found.kind === "forbidden")
      return c.json({ error: "forbidden", message: "notices are for brand users" }, 403);
    if (found.kind === "not_found") return notFound(c);
    const { draft } = found;
    if (draft.kind === "draft")
      return c.json({ notice: { recipient: draft.recipient, subject: draft.subject, text: draft.text } });
    const t = workflowText(localeOf(c)).notice;
    return c.json({
      notice: null,
      reason: t.refusals[found.refusal ?? "other"],
      refusal: found.refusal ?? "other",
      alternatives: found.alternatives.map((a) => ({ id: a.id, type: a.type })),
    });
  });

  app.post("/api/alerts/:id/status", bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    if (!sendsJson(c)) return unsupportedMediaType(c);
    if (c.var.caller.role !== "brand")
      return c.json({ error: "forbidden", message: "only brand users change alert status" }, 403);
    const change = await parseJsonBody(c, AlertActionBodySchema);
    if (!change.ok) return change.response;
    const id = AlertIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return notFound(c);
    const { verb, status, note, until } = change.value;
    const result = await actOnAlert(deps, c.var.caller, c.var.reader, id.data, {
      verb: verb ?? verbForStatus(status ?? "acknowledged") ?? "acknowledge",
      note,
      until: snoozeUntil(until, c.var.config?.timezone ?? "Asia/Shanghai"),
    });
    if (result.kind === "changed" || result.kind === "unchanged")
      return c.json({ alert: alertViewFor(c.var.caller, result.alert), changed: result.kind === "changed" });
    if (result.kind === "invalid")
      return c.json(
        {
          error: "conflict",
          problem: result.problem,
          message: workflowText(localeOf(c)).problems[result.problem],
          status: result.alert.status,
          validVerbs: result.validVerbs,
        },
        409,
      );
    if (result.kind === "forbidden")
      return c.json({ error: "forbidden", message: "only brand users change alert status" }, 403);
    return notFound(c);
  });

  // The pre-check reads nothing stored: it runs the rules on a planned listing. Rate-limited per
  // caller, so it cannot be turned into a search for the brand's thresholds.
  app.post("/api/check", bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    if (!sendsJson(c)) return unsupportedMediaType(c);
    const budget = precheckLimiter.take(c.var.caller, deps.now?.() ?? new Date());
    if (!budget.ok) {
      c.header("Retry-After", String(budget.retryAfterSeconds));
      return c.json(
        {
          error: "too_many_requests",
          message: `too many pre-checks; try again in ${budget.retryAfterSeconds} s`,
          retryAfter: budget.retryAfterSeconds,
        },
        429,
      );
    }
    const config = c.var.config;
    if (!config)
      return c.json({ error: "no_config", message: "no config is published for this tenant" }, 409);
    const planned = await parseJsonBody(c, PrecheckRequestSchema);
    if (!planned.ok) return planned.response;
    const result = precheckFor(c.var.caller, config, planned.value, localeOf(c));
    if (result.kind === "bad_input") return c.json({ error: "bad_request", message: result.reason }, 400);
    const { kind: _kind, ...answer } = result;
    return c.json(answer);
  });

  // A HAR a brand user recorded in their browser, imported as `pricewarden import` does. JSON
  // only, like every write here: a cross-site page cannot send it without a preflight.
  const importLimit = harUploadLimit(deps);
  app.post(
    "/api/imports",
    bodyLimit({
      maxSize: importLimit,
      onError: (c) =>
        c.json(
          {
            error: "payload_too_large",
            message: `a HAR of at most ${sizeText(importLimit)}`,
          },
          413,
        ),
    }),
    async (c) => {
      if (!sendsJson(c)) return unsupportedMediaType(c);
      if (c.var.caller.role !== "brand")
        return c.json({ error: "forbidden", message: "only brand users import captures" }, 403);
      const config = c.var.config;
      if (!config)
        return c.json({ error: "no_config", message: "no config is published for this tenant" }, 409);
      // Decoded as the CLI reads a file, so the same HAR has the same SHA-256 either way.
      const text = Buffer.from(await c.req.arrayBuffer()).toString("utf8");
      const upload = await importUploadedHar(deps, config, text);
      if (upload.kind === "bad_input") return c.json({ error: "bad_request", message: upload.reason }, 400);
      return c.json(upload.summary);
    },
  );

  app.get("/api/listings", async (c) => {
    const q = parseQuery(c, ListingQuerySchema);
    if (!q.ok) return q.response;
    const page = await readListPage(c.var.reader.listings(q.value), c.var.caller.tenant, q.value);
    if (page.kind === "bad_cursor") return badCursor(c);
    return c.json({ listings: page.items.map(toListingView), nextCursor: page.nextCursor });
  });

  app.get("/api/history", async (c) => {
    const q = parseQuery(c, HistoryQuerySchema);
    if (!q.ok) return q.response;
    const page = await readListPage(c.var.reader.listings(q.value), c.var.caller.tenant, q.value);
    if (page.kind === "bad_cursor") return badCursor(c);
    const listings = [];
    for (const listing of page.items) {
      const { observations, truncated } = await deps.listings.latestObservations(
        c.var.caller.tenant,
        listing.listingId,
        HISTORY_OBSERVATIONS_PER_LISTING,
        q.value.since,
      );
      listings.push({
        listing: toListingView(listing),
        observations: observations.map(toObservationView),
        observationsTruncated: truncated,
      });
    }
    return c.json({ listings, nextCursor: page.nextCursor });
  });

  app.get("/api/review", async (c) => {
    // Unmatched brand mentions may be other sellers' listings: brand users only.
    const review = c.var.reader.review();
    if (!review) return c.json({ error: "forbidden", message: "the review list is for brand users" }, 403);
    const q = parseQuery(c, ReviewQuerySchema);
    if (!q.ok) return q.response;
    const page = await readListPage(review, c.var.caller.tenant, q.value);
    if (page.kind === "bad_cursor") return badCursor(c);
    return c.json({ listings: page.items.map(toListingView), nextCursor: page.nextCursor });
  });

  app.get("/api/runs", async (c) => {
    // Run summaries are tenant-wide operations data, not a distributor's business.
    if (c.var.caller.role !== "brand")
      return c.json({ error: "forbidden", message: "run summaries are for brand users" }, 403);
    const q = parseQuery(c, RunsQuerySchema);
    if (!q.ok) return q.response;
    return c.json({ runs: await deps.runs.latest(c.var.caller.tenant, q.value.limit) });
  });

  // Under /api for programs (bearer tokens); under /export for the dashboard's download links,
  // which a browser follows with its session cookie (on AWS only /api/* has a gateway authorizer).
  for (const prefix of ["/api/export", "/export"]) {
    app.get(`${prefix}/alerts.csv`, async (c) => {
      const q = parseAlertQuery(c, deps, AlertQuerySchema);
      if (!q.ok) return q.response;
      const list = c.var.reader.alerts(q.value.filter.filter);
      return c.body(alertsCsvStream(alertViewPages(list), await exportContextFor(c, deps)), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="pricewarden-alerts-${c.var.caller.tenant}.csv"`,
      });
    });

    app.get(`${prefix}/alerts.xlsx`, async (c) => {
      const q = parseAlertQuery(c, deps, AlertQuerySchema);
      if (!q.ok) return q.response;
      const list = c.var.reader.alerts(q.value.filter.filter);
      const ctx = await exportContextFor(c, deps);
      return c.body(alertsXlsxStream(alertViewPages(list), ctx, exportHistory(c, deps)), 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="pricewarden-alerts-${c.var.caller.tenant}.xlsx"`,
      });
    });
  }
}
