import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { html } from "hono/html";
import type * as z from "zod";
import { workflowText } from "../text/workflow-text.js";
import { noticeForAlert } from "./alert-notice.js";
import { readAlertPage, statusCounts } from "./alert-selection.js";
import { actOnAlert } from "./alert-status-change.js";
import type { ApiDeps, ApiEnv } from "./api-deps.js";
import {
  AlertActionFormSchema,
  AlertDashboardQuerySchema,
  AlertIdSchema,
  AlertPageDoneSchema,
  alertQueryProblems,
  fromAfterToProblem,
  HISTORY_OBSERVATIONS_PER_LISTING,
  HistoryDashboardQuerySchema,
  ListingDashboardQuerySchema,
  ReviewDashboardQuerySchema,
  snoozeUntil,
  toAlertFilter,
} from "./api-query.js";
import { PrecheckRequestSchema, precheckFor } from "./caller-precheck.js";
import { alertBody } from "./dashboard-alert-page.js";
import { alertListTitle, alertsBody } from "./dashboard-alerts-page.js";
import { type CheckFormValues, checkBody } from "./dashboard-check-page.js";
import { historyBody, skuPickerBody } from "./dashboard-history-page.js";
import { brandHome } from "./dashboard-home-page.js";
import { importFormBody, importProblemBody, importResultBody } from "./dashboard-imports-page.js";
import { dashboardPage, type Html, type NavKey, problemsBody } from "./dashboard-layout.js";
import { noticeBody } from "./dashboard-notice-page.js";
import { pagerLinks } from "./dashboard-pager.js";
import { reviewBody } from "./dashboard-review-page.js";
import { sellersBody } from "./dashboard-sellers-page.js";
import { evidenceDownload } from "./evidence-download.js";
import { harUploadLimit, importUploadedHar, sizeText } from "./har-upload.js";
import { readListPage } from "./list-page.js";
import { MAX_PAGE_LIMIT } from "./page-cursor.js";
import type { PrecheckLimiter } from "./precheck-rate-limit.js";
import { type Problem, problemsOf } from "./request-problems.js";
import { completeSellerGroups, summarizeSellers } from "./seller-summary.js";

type Status = 200 | 400 | 403 | 404 | 409 | 413 | 429;

function page(c: Context<ApiEnv>, title: string, active: NavKey, body: Html, status: Status = 200) {
  return c.html(
    dashboardPage({
      title,
      caller: c.var.caller,
      active,
      body,
      signOutPath: c.var.signOutPath,
      text: c.var.text,
      tenantChoice: c.var.tenantChoice,
    }),
    status,
  );
}

function noConfigPage(c: Context<ApiEnv>) {
  return page(c, c.var.text.titles.checkShort, "check", problemsBody(c.var.text.problems.noConfig, []), 404);
}

/** A cursor that is not one of ours or points outside this list: the same 400 as the API's. */
function badCursor(c: Context<ApiEnv>, active: NavKey) {
  return page(
    c,
    c.var.text.titles.badRequest,
    active,
    problemsBody(c.var.text.problems.address, [{ path: "cursor", message: "not a cursor of this list" }]),
    400,
  );
}

const nowOf = (deps: ApiDeps) => deps.now?.() ?? new Date();

/** An alert-list address with problems: each named in the reader's language. */
function badAlertQuery(c: Context<ApiEnv>, problems: Problem[]) {
  return page(
    c,
    c.var.text.titles.badRequest,
    "alerts",
    problemsBody(workflowText(c.var.text.locale).list.badFilter, problems),
    400,
  );
}

function badQuery(c: Context<ApiEnv>, active: NavKey, error: z.ZodError) {
  return page(
    c,
    c.var.text.titles.badRequest,
    active,
    problemsBody(c.var.text.problems.address, problemsOf(error, c.var.text.locale)),
    400,
  );
}

/** Server-rendered pages: no build step, no script, no external assets. */
export function registerDashboardRoutes(
  app: Hono<ApiEnv>,
  deps: ApiDeps,
  precheckLimiter: PrecheckLimiter,
): void {
  // Home: the brand's numbers; a distributor's home is its own alert list (no brand figures).
  app.get("/", async (c) => {
    const caller = c.var.caller;
    if (caller.role !== "brand") return c.redirect("/alerts", 303);
    const home = await brandHome(
      deps,
      caller,
      c.var.config,
      c.var.text.htmlLang === "zh-CN" ? "zh-CN" : "en",
    );
    return page(c, home.title, "home", home.body);
  });

  app.get("/alerts/:id/evidence", (c) => evidenceDownload(c, deps));

  app.get("/alerts", async (c) => {
    // The dashboard's default is everything still to act on, not only untouched alerts.
    const query = c.req.query();
    const locale = c.var.text.locale;
    const q = AlertDashboardQuerySchema.safeParse({ ...query, status: query.status || "active" });
    if (!q.success) return badAlertQuery(c, alertQueryProblems(q.error, locale));
    const now = nowOf(deps);
    const converted = toAlertFilter(q.data, c.var.config?.timezone ?? "Asia/Shanghai", now);
    if (!converted.ok) return badAlertQuery(c, [fromAfterToProblem(locale)]);
    const list = c.var.reader.alerts(converted.filter);
    const found = await readAlertPage(list, c.var.caller.tenant, q.data);
    if (found.kind === "bad_cursor") return badCursor(c, "alerts");
    const { status, sort, type, severity, sku, channel, seller, distributor, from, to } = q.data;
    const filters = { type, severity, sku, channel, seller, distributor, from, to };
    return page(
      c,
      alertListTitle(status, c.var.text),
      "alerts",
      html`${alertsBody({
        alerts: found.items,
        caller: c.var.caller,
        config: c.var.config,
        view: {
          status,
          sort,
          filters,
          counts: await statusCounts(deps, c.var.caller, now.toISOString()),
          done: q.data.done,
        },
        now: now.toISOString(),
        text: c.var.text,
      })}${pagerLinks(
        "/alerts",
        {
          status,
          ...filters,
          sort: sort === "severity" ? undefined : sort,
          limit: query.limit ? q.data.limit : undefined,
        },
        found,
        c.var.text,
      )}`,
    );
  });

  app.get("/sellers", async (c) => {
    const q = ListingDashboardQuerySchema.safeParse(c.req.query());
    if (!q.success) return badQuery(c, "sellers", q.error);
    const found = await readListPage(c.var.reader.listings(q.data), c.var.caller.tenant, q.data);
    if (found.kind === "bad_cursor") return badCursor(c, "sellers");
    // A page ends at a seller's last listing, so no seller is summed in two halves.
    const shown = completeSellerGroups(found);
    return page(
      c,
      c.var.text.titles.sellers,
      "sellers",
      html`${sellersBody(summarizeSellers(shown.items), c.var.config, c.var.text)}${pagerLinks(
        "/sellers",
        { sku: q.data.sku, channel: q.data.channel, limit: c.req.query("limit") ? q.data.limit : undefined },
        shown,
        c.var.text,
      )}`,
    );
  });

  app.get("/history", async (c) => {
    const q = HistoryDashboardQuerySchema.safeParse(c.req.query());
    if (!q.success) return badQuery(c, "history", q.error);
    if (q.data.sku === undefined) {
      // A distributor's products are those of its own listings (one bounded page of them).
      const own =
        c.var.caller.role === "brand"
          ? null
          : await readListPage(c.var.reader.listings({}), c.var.caller.tenant, { limit: MAX_PAGE_LIMIT });
      const skus =
        own === null
          ? (c.var.config?.products.map((p) => p.sku) ?? [])
          : own.kind === "page"
            ? [...new Set(own.items.flatMap((l) => (l.sku ? [l.sku] : [])))]
            : [];
      return page(c, c.var.text.titles.history, "history", skuPickerBody(skus, c.var.config, c.var.text));
    }
    const found = await readListPage(c.var.reader.listings(q.data), c.var.caller.tenant, q.data);
    if (found.kind === "bad_cursor") return badCursor(c, "history");
    const entries = [];
    for (const listing of found.items)
      entries.push({
        listing,
        ...(await deps.listings.latestObservations(
          c.var.caller.tenant,
          listing.listingId,
          HISTORY_OBSERVATIONS_PER_LISTING,
        )),
      });
    return page(
      c,
      `${c.var.text.titles.history} · ${q.data.sku}`,
      "history",
      html`${historyBody(entries, c.var.config, c.var.text, q.data.sku)}${pagerLinks(
        "/history",
        { sku: q.data.sku, channel: q.data.channel, limit: c.req.query("limit") ? q.data.limit : undefined },
        found,
        c.var.text,
      )}`,
    );
  });

  app.get("/alerts/:id", async (c) => {
    const id = AlertIdSchema.safeParse(c.req.param("id"));
    const alert = id.success ? await c.var.reader.alert(id.data) : null;
    if (!alert)
      return page(c, c.var.text.titles.notFound, "none", problemsBody(c.var.text.problems.noAlert, []), 404);
    // Evidence is the brand's: distributors see the alert, not the captures.
    const captures =
      c.var.caller.role === "brand" && deps.evidence
        ? await deps.evidence.list(c.var.caller.tenant, alert.id)
        : [];
    return page(
      c,
      c.var.text.titles.alert,
      "alerts",
      alertBody({
        alert,
        caller: c.var.caller,
        config: c.var.config,
        captures,
        text: c.var.text,
        evidenceDownload: deps.evidenceExport !== undefined,
        now: nowOf(deps).toISOString(),
        done: AlertPageDoneSchema.safeParse(c.req.query()).data?.done,
      }),
    );
  });

  app.get("/alerts/:id/notice", async (c) => {
    const id = AlertIdSchema.safeParse(c.req.param("id"));
    const found = id.success
      ? await noticeForAlert(deps, c.var.caller, c.var.reader, c.var.config, id.data)
      : ({ kind: "not_found" } as const);
    if (found.kind === "forbidden")
      return page(
        c,
        c.var.text.titles.notAllowed,
        "none",
        problemsBody(c.var.text.problems.brandNotices, []),
        403,
      );
    if (found.kind === "not_found")
      return page(c, c.var.text.titles.notFound, "none", problemsBody(c.var.text.problems.noAlert, []), 404);
    return page(c, c.var.text.titles.notice, "alerts", noticeBody(found, c.var.text));
  });

  app.get("/review", async (c) => {
    // Unmatched brand mentions may be other sellers' listings: brand users only, as in the API.
    if (c.var.caller.role !== "brand")
      return page(
        c,
        c.var.text.titles.notAllowed,
        "none",
        problemsBody(c.var.text.problems.brandReview, []),
        403,
      );
    const review = c.var.reader.review();
    const q = ReviewDashboardQuerySchema.safeParse(c.req.query());
    if (!q.success) return badQuery(c, "review", q.error);
    const found = review ? await readListPage(review, c.var.caller.tenant, q.data) : null;
    if (!found || found.kind === "bad_cursor") return badCursor(c, "review");
    return page(
      c,
      c.var.text.titles.review,
      "review",
      html`${reviewBody(found.items, c.var.config, c.var.text)}${pagerLinks(
        "/review",
        { limit: c.req.query("limit") ? q.data.limit : undefined },
        found,
        c.var.text,
      )}`,
    );
  });

  app.get("/check", (c) => {
    const config = c.var.config;
    if (!config) return noConfigPage(c);
    return page(
      c,
      c.var.text.titles.check,
      "check",
      checkBody({ config, caller: c.var.caller, values: {}, text: c.var.text }),
    );
  });

  // A form post like the status change below: the CSRF middleware has checked its origin.
  app.post("/check", bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    const config = c.var.config;
    if (!config) return noConfigPage(c);
    const budget = precheckLimiter.take(c.var.caller, deps.now?.() ?? new Date());
    if (!budget.ok) {
      c.header("Retry-After", String(budget.retryAfterSeconds));
      return page(
        c,
        c.var.text.titles.check,
        "check",
        problemsBody(c.var.text.check.tooMany(budget.retryAfterSeconds), []),
        429,
      );
    }
    const form = await c.req.parseBody();
    const values = Object.fromEntries(
      Object.entries(form).flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 2000)]] : [])),
    ) as CheckFormValues;
    const promotions = (values.promotions ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    const request = PrecheckRequestSchema.safeParse({
      ...values,
      promotions: promotions.length > 0 ? promotions : undefined,
    });
    const body = request.success
      ? checkBody({
          config,
          caller: c.var.caller,
          values,
          result: precheckFor(c.var.caller, config, request.data, c.var.text.locale),
          text: c.var.text,
        })
      : checkBody({
          config,
          caller: c.var.caller,
          values,
          problems: problemsOf(request.error, c.var.text.locale),
          text: c.var.text,
        });
    return page(c, c.var.text.titles.check, "check", body, request.success ? 200 : 400);
  });

  const importLimit = harUploadLimit(deps);
  const importsRefused = (c: Context<ApiEnv>) =>
    page(c, c.var.text.titles.notAllowed, "none", problemsBody(c.var.text.problems.brandImports, []), 403);

  app.get("/imports", (c) => {
    if (c.var.caller.role !== "brand") return importsRefused(c);
    return page(c, c.var.text.titles.imports, "imports", importFormBody(importLimit, c.var.text));
  });

  // A multipart form post (the file); the app-wide CSRF middleware has checked its origin.
  app.post(
    "/imports",
    bodyLimit({
      maxSize: importLimit,
      onError: (c) =>
        page(
          c,
          c.var.text.titles.importRefused,
          "imports",
          importProblemBody(
            c.var.text.problems.tooLarge(sizeText(importLimit)),
            null,
            importLimit,
            c.var.text,
          ),
          413,
        ),
    }),
    async (c) => {
      const t = c.var.text;
      if (c.var.caller.role !== "brand") return importsRefused(c);
      const config = c.var.config;
      if (!config)
        return page(c, t.titles.importRefused, "imports", problemsBody(t.problems.noConfig, []), 409);
      const refused = (message: string, reason: string | null) =>
        page(c, t.titles.importRefused, "imports", importProblemBody(message, reason, importLimit, t), 400);
      let file: unknown;
      try {
        file = (await c.req.parseBody())["har"];
      } catch {
        return refused(t.problems.noFile, null);
      }
      if (!(file instanceof File) || file.size === 0) return refused(t.problems.noFile, null);
      // Decoded as the CLI reads a file, so the same HAR has the same SHA-256 either way.
      const text = Buffer.from(await file.arrayBuffer()).toString("utf8");
      const upload = await importUploadedHar(deps, config, text);
      if (upload.kind === "bad_input") return refused(t.problems.notHar, upload.reason);
      return page(
        c,
        t.titles.importResult,
        "imports",
        importResultBody(upload.summary, config, importLimit, t),
      );
    },
  );

  // Form posts from the alert page; the app-wide CSRF middleware has already checked the origin.
  app.post("/alerts/:id/status", bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    if (c.var.caller.role !== "brand")
      return page(
        c,
        c.var.text.titles.notAllowed,
        "none",
        problemsBody(c.var.text.problems.brandStatus, []),
        403,
      );
    const form = AlertActionFormSchema.safeParse(await c.req.parseBody());
    if (!form.success) return badQuery(c, "alerts", form.error);
    const id = AlertIdSchema.safeParse(c.req.param("id"));
    const { verb, note, until, back, list } = form.data;
    const result = id.success
      ? await actOnAlert(deps, c.var.caller, c.var.reader, id.data, {
          verb,
          note,
          until: snoozeUntil(until, c.var.config?.timezone ?? "Asia/Shanghai"),
        })
      : ({ kind: "not_found" } as const);
    if (result.kind === "changed" || result.kind === "unchanged") {
      // Post/redirect/get: the page shown next confirms what was done (or that nothing changed).
      const done = result.kind === "changed" ? verb : "same";
      const to =
        back === "list"
          ? `/alerts?${list ? `${list}&` : ""}`
          : `/alerts/${encodeURIComponent(result.alert.id)}?`;
      return c.redirect(`${to}done=${done}`, 303);
    }
    if (result.kind === "invalid") {
      const w = workflowText(c.var.text.locale);
      return page(
        c,
        c.var.text.titles.alert,
        "alerts",
        html`${problemsBody(w.problems[result.problem], [])}<p><a href="/alerts/${encodeURIComponent(result.alert.id)}">${c.var.text.titles.alert}</a></p>`,
        result.problem === "not_valid_now" ? 409 : 400,
      );
    }
    if (result.kind === "forbidden")
      return page(
        c,
        c.var.text.titles.notAllowed,
        "none",
        problemsBody(c.var.text.problems.brandStatus, []),
        403,
      );
    return page(c, c.var.text.titles.notFound, "none", problemsBody(c.var.text.problems.noAlert, []), 404);
  });
}
