// Conferral's deadline checker: the page side. It builds forms from the open data the site
// publishes (/api/judges/<id>.json) and asks the calculator (our Python core in a Web Worker)
// for every answer. It never computes a date or knows a rule itself: it shows what the core
// returns. Everything is built with DOM methods and textContent, never innerHTML, so nothing
// typed or put in a link can become markup.
//
// It is also the one client of the calculator: the letter builder (letter.mjs, loaded only on its
// page) imports what it needs from here, the same module instance, so a page never starts a
// second engine.

// What the generator knows about this site (site.json, written in at build time): where every
// file is, and the values the core accepts. Nothing here restates it.
export const site = __CONFERRAL_SITE__;
// The site's root, from where this script lives in it (assets/conferral/page/checker.<digest>.mjs: three up).
const siteRoot = new URL(`${site.routes.checker.split("/").slice(1).map(() => "..").join("/")}/`, import.meta.url);
// A file of the site by its route name, with its placeholders filled: route("judge", {judge: id}).
export function route(name, params = {}) {
  const path = site.routes[name].replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(params[key]));
  return new URL(path, siteRoot);
}
// The page's language (Material and the widget set <html lang>): the interface strings, and
// every answer of the core, come in it.
const pageLang = document.documentElement.lang || "en";

let strings = {};
function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}
export function t(key, params = {}) {
  return fill(strings[key] ?? key, params);
}
// A language's interface strings (every language's ship with every build), fetched once.
const stringTables = new Map();
function stringsFor(lang) {
  if (!stringTables.has(lang)) stringTables.set(lang, fetch(route("strings", { lang })).then((r) => r.json()));
  return stringTables.get(lang);
}
// t() for another language than the page's: the letter builder prints the letter's own words in English.
export async function translator(lang) {
  const table = await stringsFor(lang);
  return (key, params = {}) => fill(table[key] ?? key, params);
}

// ---- small DOM helpers ---------------------------------------------------------------------

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function timeTag(iso, text) {
  return el("time", { datetime: iso, text });
}

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `cf-${prefix}-${uid}`;
}

// Forms: a widget's sandboxed frame may not submit forms (no "allow-forms"), and then the
// submit event never fires. So a form's action runs from its buttons and from Enter in a
// field, and default submission is always prevented.
export function onSubmit(form, action) {
  const run = (event) => {
    event.preventDefault();
    action();
  };
  form.addEventListener("submit", run);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("input:not([type=checkbox]):not([type=file]), select")) run(event);
  });
  for (const button of form.querySelectorAll("button[type=submit]")) button.addEventListener("click", run);
  return action;
}

// ---- the calculator (the worker) -----------------------------------------------------------

// A request that runs longer than this is stopped: the worker is ended and a new one starts on
// the next question. Start-up time does not count (a slow phone may take longer to start).
const WATCHDOG_MS = 10_000;

function makeWorker() {
  const url = route("worker");
  if (self.origin !== "null") return new Worker(url, { type: "module" });
  // In a sandboxed frame (an embedded widget) the page has no origin, and a worker may only be
  // started from a same-origin script. So start a small classic worker from a blob, which
  // imports ours (fetched with CORS) and hands it the messages that arrived meanwhile.
  // (Module workers from a blob do not load in a sandboxed frame.) The embed pages' CSP allows
  // blob: workers for exactly this.
  const loader = `const early = []; self.onmessage = (event) => early.push(event);
import(${JSON.stringify(url.href)}).then(
  () => { for (const event of early) self.onmessage(event); },
  (error) => { throw error; });`;
  return new Worker(URL.createObjectURL(new Blob([loader], { type: "text/javascript" })));
}

// After the first answer of an engine that started without a kept snapshot: a second worker
// starts a fresh engine, which never sees a reader's request, keeps its snapshot for later
// visits, and is ended (see worker.mjs).
function makeSnapshot() {
  const maker = makeWorker();
  const end = () => maker.terminate();
  maker.onmessage = (event) => { if (event.data && event.data.type === "kept") end(); };
  maker.onerror = (event) => { event.preventDefault(); end(); };
  maker.postMessage({ make: "snapshot", lang: pageLang });
}

class Calculator {
  constructor() {
    this.worker = null;
    this.watchdogMs = WATCHDOG_MS;
    this.pending = new Map();
    this.counter = 0;
    this.listeners = new Set();
    this.state = "idle"; // idle | loading | ready | unsupported | failed
  }

  onState(listener) {
    this.listeners.add(listener);
    listener(this.state);
  }

  setState(state, detail) {
    this.state = state;
    for (const listener of this.listeners) listener(state, detail);
  }

  start() {
    if (this.worker || this.state === "unsupported") return; // after a failure, a new worker starts
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.setState("unsupported");
      return;
    }
    this.setState("loading", { stage: "runtime" });
    this.worker = makeWorker();
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || "the calculator stopped");
    };
    // Start the engine at once (no request: the first question should not wait for it, nor
    // for an answer nobody asked for).
    this.worker.postMessage({ start: true });
  }

  receive(message) {
    if (message.type === "progress") return this.setState("loading", message);
    if (message.type === "ready") {
      this.restored = Boolean(message.restored);
      this.wantsSnapshot = message.snapshot === true;
      // Kept for offline once the engine's downloads are over, never during them (they come
      // first), and after the answer a question is waiting for: the service worker's copying
      // (the engine's 14 MB, then the shell) slowed that answer from 0.18 to 0.33 s (median of 6
      // cold deep links on a modelled Fast 4G link, 2 cores).
      if (!this.kept) {
        this.kept = true;
        this.toKeep = [...(Array.isArray(message.files) ? message.files : []), route("worker").href];
        if (this.pending.size === 0) this.keepAfterAnswers();
      }
      return this.setState("ready");
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    if (message.type === "running") {
      waiting.timer = setTimeout(() => this.fail(t("status.too-long", { seconds: this.watchdogMs / 1000 })),
        this.watchdogMs);
      return;
    }
    clearTimeout(waiting.timer);
    this.pending.delete(message.id);
    if (message.failure) waiting.reject(new Error(message.failure));
    else {
      waiting.resolve(message.response);
      // Once the reader has had an answer and nothing waits, so that the second engine's start
      // never slows one down.
      if (this.wantsSnapshot && this.pending.size === 0) {
        this.wantsSnapshot = false;
        makeSnapshot();
      }
    }
    if (this.pending.size === 0) this.keepAfterAnswers();
  }

  // The engine's files and the shell, kept once nothing waits for an answer, after the answer
  // just given is drawn (a task, not a microtask: the page draws it in the promise's callbacks).
  keepAfterAnswers() {
    const files = this.toKeep;
    if (!files) return;
    this.toKeep = null;
    setTimeout(() => keepForOffline(files), 0);
  }

  fail(reason) {
    this.setState("failed", reason);
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(reason));
    }
    this.pending.clear();
    this.keepAfterAnswers(); // the engine's files are whole even when a question failed
    if (this.worker) this.worker.terminate();
    this.worker = null;
  }

  ask(request) {
    this.start();
    if (!this.worker) return Promise.reject(new Error(t("status.unsupported")));
    this.counter += 1;
    const id = this.counter;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request: { lang: pageLang, ...request } });
    });
  }
}

export const calculator = new Calculator();
// For tests and for people who want to script the site: the same API the core offers.
window.conferral = {
  ask: (request) => calculator.ask(request),
  setWatchdog: (ms) => { calculator.watchdogMs = ms; }, // for tests of the watchdog
  restored: () => calculator.restored, // true when the engine came from a kept snapshot
};

export function statusLine(region) {
  const megabytes = new Intl.NumberFormat(pageLang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  calculator.onState((state, detail) => {
    const stage = state === "loading" && detail ? detail.stage : null;
    // Bytes as they arrive: the screen shows each step, and a screen reader hears the line once
    // the download is over (aria-busy holds a live region's announcements).
    region.setAttribute("aria-busy", String(stage === "download"));
    if (stage === "download" && detail.total > 0) {
      region.textContent = t("status.downloading", { loaded: megabytes.format(detail.loaded / 1e6),
        total: megabytes.format(detail.total / 1e6) });
      region.dataset.state = state;
      return;
    }
    const key = {
      idle: "status.idle",
      loading: stage === "rules" ? "status.loading-rules" : "status.loading",
      ready: "status.ready",
      unsupported: "status.unsupported",
      failed: "status.failed",
    }[state];
    region.textContent = t(key, { reason: detail || "" });
    region.dataset.state = state;
  });
}

// ---- data ----------------------------------------------------------------------------------

// The list of judges, fetched once: the picker, Find my judge and the check of a judge id use it.
let indexPromise = null;
export function loadIndex() {
  indexPromise ??= fetch(route("judges")).then((r) => r.json());
  return indexPromise;
}

let courtsPromise = null;
function loadCourts() {
  courtsPromise ??= fetch(route("courts")).then((r) => r.json());
  return courtsPromise;
}

const judgeCache = new Map();
function judgeData(judgeId) {
  if (!judgeCache.has(judgeId)) {
    judgeCache.set(judgeId, fetch(route("judge", { judge: judgeId })).then((r) => {
      if (!r.ok) throw new Error(t("error.unknown-judge", { judge: judgeId }));
      return r.json();
    }));
  }
  return judgeCache.get(judgeId);
}

export async function loadJudge(judgeId) {
  // A judge id is what the core's loader accepts (its pattern ships in the open data), and a known judge.
  const index = await loadIndex();
  const known = new RegExp(`^(?:${index.id_pattern})$`).test(judgeId) && index.judges.some((j) => j.id === judgeId);
  if (!known) throw new Error(t("error.unknown-judge", { judge: judgeId }));
  return (await judgeData(judgeId)).judge;
}

// A deep link's form needs the interface strings, the list of judges, the courts (the picker) and
// its judge's data: asked for at once, not one after another as the form is built (each is a
// round trip to the host, and on a later visit the engine is ready in under a second). Only for
// a deep link: a page that is only read asks for none of them. Failures surface where each is used.
function prefetchForLink(sections, params) {
  const asked = [stringsFor(pageLang), loadIndex()];
  if (sections.some((section) => section.hasAttribute("data-picker"))) asked.push(loadCourts());
  const judge = params.get("judge") ?? sections.find((section) => section.dataset.judge && linkedProcedure(section))?.dataset.judge;
  if (judge && new RegExp(`^(?:${site.vocabularies.judge_id})$`).test(judge)) asked.push(judgeData(judge));
  for (const promise of asked) promise.catch(() => {});
}

// ---- one procedure's checker ---------------------------------------------------------------

function eventField(event, values) {
  const id = nextId(event.id);
  // What the event is, and how to type a date into the browser's own date field.
  const hint = el("span", { class: "cf-hint", id: `${id}-hint`,
    text: `${event.hint} ${t(event.type === "datetime" ? "form.datetime-hint" : "form.date-hint")}` });
  const error = el("span", { class: "cf-error", id: `${id}-error`, role: "alert" });
  const input = el("input", {
    id, name: event.id, type: event.type === "datetime" ? "datetime-local" : "date",
    "aria-describedby": `${id}-hint ${id}-error`, value: values[event.id] || null,
  });
  if (values[event.id] && input.value !== values[event.id]) input.dataset.linked = values[event.id];
  const field = el("div", { class: "cf-field" }, el("label", { for: id, text: event.label }), hint, input, error);
  field.dataset.event = event.id;
  return field;
}

function serviceField(values) {
  const id = nextId("service");
  // Not named "service": an event may be called that (the service of an order).
  const select = el("select", { id, name: "service-method", "aria-describedby": `${id}-hint` },
    el("option", { value: "", text: t("service.unknown") }),
    ...site.vocabularies.service.map((m) =>
      el("option", { value: m, text: t(`service.${m}`), selected: values.service === m })));
  return el("div", { class: "cf-field" }, el("label", { for: id, text: t("form.service") }),
    el("span", { class: "cf-hint", id: `${id}-hint`, text: t("form.service-hint") }), select);
}

// What a reader must know before trusting the dates (status, rules only the court's, old sources):
// the core writes these sentences; the page shows them inside every result and widget.
export function caveatNotes(caveats) {
  if (!caveats || !caveats.length) return null;
  return el("ul", { class: "cf-caveats" }, ...caveats.map((c) => el("li", { text: c.text })));
}

// The reader's own date, from this device's clock: the core warns when a deadline has passed.
function localToday() {
  const now = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

// A judge as the page's language addresses them ("Jueza Sallie Kim"): the core's words.
export function judgeName(judge) {
  return judge.addressed || t("find.judge", { name: judge.name });
}

// Where a judge page is, for links out of a widget (a sandboxed frame may open a new tab only).
export function judgeLink(judge, text) {
  return pageLink(route("judge_page", { judge: judge.id }).href, text);
}

// A link to a page of the site; from a widget, in a new tab (the site's pages are not framed).
function pageLink(href, text) {
  const inFrame = document.body.hasAttribute("data-embed");
  return el("a", { href, text, target: inFrame ? "_blank" : null, rel: inFrame ? "noopener" : null });
}

// The link that opens these dates again: the judge's page, or the checker (the public page, also
// from a widget), with the choices and dates in the fragment, never in the query.
function shareLink(judge, procedure, request) {
  const onJudgePage = document.querySelector(`section.cf-checker[data-judge="${CSS.escape(judge.id)}"]`);
  const params = linkFields(request, onJudgePage ? null : judge);
  const page = onJudgePage ? route("judge_page", { judge: judge.id }) : route("checker_page");
  return `${page.href}#${params}`;
}

// A request's choices and dates as a link's fragment (with the judge, where the page has none).
export function linkFields(request, judge = null) {
  const params = new URLSearchParams();
  if (judge) params.set("judge", judge.id);
  params.set("procedure", request.procedure);
  for (const [name, value] of Object.entries(request.events)) params.set(name, value);
  if (request.service) params.set("service", request.service);
  for (const c of request.conditions || []) params.append("condition", c);
  return params;
}

function sourceLine(source) {
  const href = `${route("source_page", { doc: source.doc }).href}${source.paragraph ? `#p-${source.paragraph}` : ""}`;
  return el("a", { href, text: source.title ? `${source.title}, ${source.pin}` : source.pin });
}

export function deadlineItem(d) {
  // The safe (earliest) date is the headline; a later reading is only the explained note.
  const item = el("li", { class: "cf-result" });
  if (d.assumed) {
    item.classList.add("cf-result--assumed");
    item.append(el("p", { class: "cf-assumed" }, el("span", { class: "cf-tag", text: t("result.latest") }), " ", d.assumed.text));
  }
  item.append(el("strong", { text: d.title }), " ", timeTag(d.safe_due, d.safe_due_text));
  if (d.later) item.append(el("p", { class: "cf-later", text: d.later.text }));
  for (const w of d.warnings) item.append(el("p", { class: "cf-warning", text: w.text }));
  if (d.version) item.append(el("p", { class: "cf-hint", text: d.version.text }));
  const steps = el("ol", {}, ...d.steps.map((s) => el("li", { text: s.text })));
  item.append(el("details", { class: "cf-counted" }, el("summary", { text: t("result.steps") }), steps, quoteBlock(d.source)));
  // Printed pages show no closed details: the source is printed on its own.
  item.append(el("div", { class: "cf-print-only" }, quoteBlock(d.source)));
  return item;
}

// A source's own words (they stay in English: the law), its translation beside them, and where they are.
export function quoteBlock(source) {
  return el("blockquote", { class: "cf-quote" }, el("p", { lang: "en", text: `“${source.quote}”` }),
    source.translation ? el("p", { class: "cf-translation", text: t("result.translation", { text: source.translation }) }) : null,
    el("footer", {}, sourceLine(source)));
}

function renderDeadlines(container, answer, judge, procedure, request) {
  const headingId = nextId("yours");
  const heading = el("h4", { id: headingId, tabindex: "-1", class: "cf-yours-title", text: t("result.heading") });
  const about = el("p", { class: "cf-for" }, judgeLink(judge, judgeName(judge)), ` — ${procedure.title}`);
  const entered = (answer.entered || []).length ? el("ul", { class: "cf-entered", "aria-label": t("result.entered") },
    ...answer.entered.map((e) => el("li", {}, `${e.label}: `, timeTag(e.value, e.text)))) : null;
  const parts = [heading, about];
  if (entered) parts.push(el("p", { class: "cf-hint", text: t("result.entered") }), entered);
  const notes = caveatNotes(answer.caveats);
  if (notes) parts.push(notes);
  for (const w of answer.warnings || []) parts.push(el("p", { class: "cf-warning", role: "note", text: w.text }));
  const list = el("ol", { class: "cf-result-list" }, ...answer.deadlines.map(deadlineItem));
  for (const w of answer.windows) {
    list.append(el("li", { class: "cf-result" }, el("strong", { text: w.title }), " ",
      timeTag(w.start, w.start_text), ` ${t("result.to")} `, timeTag(w.end, w.end_text)));
  }
  if (list.childElementCount) parts.push(list);
  for (const c of answer.checks) parts.push(el("p", { class: c.ok ? "cf-ok" : "cf-problem", text: c.text }));
  for (const e of answer.earliest) parts.push(el("p", { class: "cf-ok", text: e.text }));
  for (const m of answer.missing) parts.push(el("p", { class: "cf-hint", text: m.text }));
  for (const o of answer.outside) parts.push(el("p", { class: "cf-problem", text: o.text }));
  parts.push(el("p", { class: "cf-hint cf-print-only", text: t("result.not-advice") }));
  const link = shareLink(judge, procedure, request);
  if (answer.deadlines.length || answer.windows.length) parts.push(actions(answer, judge, procedure, request, link));
  container.replaceChildren(el("section", { class: "cf-yours", "aria-labelledby": headingId }, ...parts));
  // A page with the reader's own dates prints those, never a worked example in their place.
  document.body.classList.add("cf-has-result");
  container.closest(".cf-checker")?.classList.add("cf-checker--answered");
  return heading;
}

function summaryText(answer, judge, procedure, link) {
  const lines = [`${procedure.title} — ${judgeName(judge)}`];
  for (const e of answer.entered || []) lines.push(`${e.label}: ${e.text}`);
  lines.push("");
  for (const d of answer.deadlines) {
    if (d.assumed) lines.push(`${t("result.latest")}: ${d.assumed.text}`);
    lines.push(`${d.title}: ${d.safe_due_text}`);
    if (d.later) lines.push(`  ${d.later.text}`);
    for (const w of d.warnings) lines.push(`  ${w.text}`);
  }
  for (const w of answer.windows) lines.push(`${w.title}: ${w.start_text} ${t("result.to")} ${w.end_text}`);
  for (const w of answer.warnings || []) lines.push(w.text);
  for (const c of answer.caveats || []) lines.push(c.text);
  lines.push("", t("summary.link", { link }), t("result.not-advice"));
  return lines.join("\n");
}

// A file made in this tab, saved on the reader's device (never sent anywhere).
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function copyText(text) {
  await navigator.clipboard.writeText(text);
}

function actions(answer, judge, procedure, request, link) {
  const note = el("p", { class: "cf-hint", role: "status" });
  const ics = el("button", { type: "button", class: "md-button", text: t("action.ics") });
  ics.addEventListener("click", async () => {
    const reply = await calculator.ask({ ...request, kind: "ics", link, stamp: new Date().toISOString().replace(/\.\d+Z$/, "Z") })
      .catch((e) => ({ error: { message: e.message } }));
    if (reply.error) { note.textContent = reply.error.message; return; }
    download(new Blob([reply.content], { type: reply.media_type }), reply.filename);
    note.textContent = t("action.ics-done", { file: reply.filename });
  });
  const share = el("button", { type: "button", class: "md-button", text: t("action.link") });
  share.addEventListener("click", async () => {
    try {
      await copyText(link);
      note.textContent = t("action.link-copied");
    } catch {
      // Never a dead end: the link itself, to select by hand.
      note.replaceChildren(t("action.link-failed"), " ", el("a", { href: link, text: link }));
    }
  });
  const copy = el("button", { type: "button", class: "md-button", text: t("action.copy") });
  copy.addEventListener("click", async () => {
    try {
      await copyText(summaryText(answer, judge, procedure, link));
      note.textContent = t("action.copied");
    } catch {
      note.textContent = t("action.copy-failed");
    }
  });
  const print = el("button", { type: "button", class: "md-button", text: t("action.print") });
  print.addEventListener("click", () => window.print());
  return el("div", { class: "cf-actions" }, share, ics, copy, print, note);
}

export function showError(form, status, answer) {
  const field = answer.error.field || "";
  const name = field.startsWith("events.") ? field.slice(7) : field;
  const box = form.querySelector(`.cf-field[data-event="${CSS.escape(name)}"]`);
  if (box) {
    const input = box.querySelector("input");
    input.setAttribute("aria-invalid", "true");
    box.querySelector(".cf-error").textContent = answer.error.message;
    input.focus();
  } else {
    status.textContent = answer.error.message;
  }
}

export function readForm(form, judge, procedure) {
  const request = { kind: "deadlines", judge: judge.id, procedure: procedure.id, events: {}, today: localToday() };
  for (const event of procedure.events) {
    const input = form.elements[event.id];
    // A value from a link that a date field cannot hold (2027-02-30) goes to the core as it was,
    // so the core names it; it is never silently dropped.
    const value = input.value || input.dataset.linked || "";
    if (value) request.events[event.id] = value;
  }
  const method = form.elements["service-method"];
  if (method && method.value) request.service = method.value;
  const conditions = procedure.conditions.filter((c) => form.elements[`condition-${c.id}`].checked).map((c) => c.id);
  if (conditions.length) request.conditions = conditions;
  return request;
}

// A procedure's date fields (with how it was served, where an event is served) and its
// conditions, as readForm() reads them: the checker's form and the letter builder's filing date.
export function dateFieldsets(procedure, values) {
  const fields = procedure.events.map((e) => eventField(e, values));
  if (procedure.events.some((e) => e.served)) fields.push(serviceField(values));
  const conditionBoxes = procedure.conditions.map((c) => {
    const id = nextId(c.id);
    return el("div", { class: "cf-check" },
      el("input", { type: "checkbox", id, name: `condition-${c.id}`, checked: (values.conditions || []).includes(c.id) }),
      el("label", { for: id, text: c.label }));
  });
  return [el("fieldset", {}, el("legend", { text: t("form.dates") }), ...fields),
    conditionBoxes.length ? el("fieldset", {}, el("legend", { text: t("form.conditions") }), ...conditionBoxes) : null];
}

function deadlineForm(judge, procedure, values, onComputed) {
  const status = el("p", { class: "cf-checker__status", role: "status", "aria-live": "polite" });
  statusLine(status);
  const form = el("form", { class: "cf-form", novalidate: true }, ...dateFieldsets(procedure, values),
    el("button", { type: "submit", class: "md-button md-button--primary", text: t("form.submit") }));
  const results = el("div", { class: "cf-results", "aria-live": "polite" });
  form.addEventListener("focusin", () => calculator.start(), { once: true });
  // A field the reader edits no longer carries the value from the link.
  for (const input of form.querySelectorAll("input[data-linked]")) {
    input.addEventListener("input", () => { delete input.dataset.linked; }, { once: true });
  }
  // fromLink: computed because a link asked for it; then the result is brought into view.
  const compute = onSubmit(form, async (fromLink = false) => {
    for (const box of form.querySelectorAll(".cf-field")) {
      box.querySelector(".cf-error")?.replaceChildren();
      box.querySelector("input")?.removeAttribute("aria-invalid");
    }
    const request = readForm(form, judge, procedure);
    results.textContent = t("status.working");
    try {
      const answer = await calculator.ask(request);
      if (answer.error) {
        results.replaceChildren();
        showError(form, status, answer);
        if (fromLink === true) form.scrollIntoView({ block: "start" });
        return;
      }
      const heading = renderDeadlines(results, answer, judge, procedure, request);
      if (onComputed) onComputed(request);
      if (fromLink === true) {
        heading.scrollIntoView({ block: "start" });
        heading.focus({ preventScroll: true });
      }
    } catch (error) {
      results.textContent = t("status.failed", { reason: error.message });
    }
  });
  const extras = [conferralCheck(judge, procedure)];
  if (procedure.letter_check) extras.push(letterCheck(judge, procedure));
  const notes = caveatNotes(judge.caveats);
  // A procedure whose sources give no dates to count still gets the conferral and letter checks.
  const counting = procedure.events.length ? [status, form, results] : [status];
  return { node: el("div", { class: "cf-procedure-checker" }, ...(notes ? [notes] : []), ...counting, ...extras),
    compute };
}

// ---- conferral and letter checks -----------------------------------------------------------

export function findingList(findings) {
  return el("ul", { class: "cf-findings" }, ...findings.map((f) =>
    el("li", { class: `cf-${f.level === "ok" ? "ok" : f.level === "info" ? "hint" : "problem"}` },
      el("strong", { text: t(`level.${f.level}`) }), " ", f.text || f.message)));
}

function conferralCheck(judge, procedure) {
  const modes = site.vocabularies.modes.map((m) => {
    const id = nextId(m);
    return el("div", { class: "cf-check" }, el("input", { type: "checkbox", id, name: "mode", value: m }),
      el("label", { for: id, text: t(`mode.${m}`) }));
  });
  const whoId = nextId("who");
  const hoursId = nextId("hours");
  const form = el("form", { class: "cf-form", novalidate: true },
    el("fieldset", {}, el("legend", { text: t("conferral.how") }), ...modes),
    el("div", { class: "cf-field" }, el("label", { for: whoId, text: t("conferral.who") }),
      el("select", { id: whoId, name: "who" }, el("option", { value: "", text: t("conferral.who-unknown") }),
        ...site.vocabularies.participants.map((p) => el("option", { value: p, text: t(`who.${p}`) })))),
    el("div", { class: "cf-field" }, el("label", { for: hoursId, text: t("conferral.hours") }),
      el("input", { id: hoursId, name: "hours", type: "number", min: "0", step: "1", inputmode: "numeric" })),
    el("button", { type: "submit", class: "md-button", text: t("conferral.submit") }));
  const results = el("div", { class: "cf-results", "aria-live": "polite" });
  onSubmit(form, async () => {
    const request = { kind: "conferral", judge: judge.id, procedure: procedure.id,
      modes: [...form.querySelectorAll("input[name=mode]:checked")].map((i) => i.value) };
    if (form.elements.who.value) request.participants = [form.elements.who.value];
    if (form.elements.hours.value !== "") request.response_hours = Number(form.elements.hours.value);
    results.textContent = t("status.working");
    const answer = await calculator.ask(request).catch((e) => ({ error: { message: e.message } }));
    results.replaceChildren(answer.error ? el("p", { class: "cf-problem", text: answer.error.message })
      : findingList(answer.findings));
  });
  return el("details", { class: "cf-subcheck" }, el("summary", { text: t("conferral.title") }), form, results);
}

function letterCheck(judge, procedure) {
  const fileId = nextId("pdf");
  const textId = nextId("text");
  const form = el("form", { class: "cf-form", novalidate: true },
    el("div", { class: "cf-field" }, el("label", { for: fileId, text: t("letter.pdf") }),
      el("span", { class: "cf-hint", id: `${fileId}-hint`, text: t("letter.pdf-hint") }),
      el("input", { id: fileId, name: "pdf", type: "file", accept: "application/pdf,.pdf", "aria-describedby": `${fileId}-hint` })),
    el("div", { class: "cf-field" }, el("label", { for: textId, text: t("letter.text") }),
      el("textarea", { id: textId, name: "text", rows: "6" })),
    el("button", { type: "submit", class: "md-button", text: t("letter.submit") }));
  const results = el("div", { class: "cf-results", "aria-live": "polite" });
  onSubmit(form, async () => {
    const request = { kind: "letter", judge: judge.id, procedure: procedure.id };
    const file = form.elements.pdf.files[0];
    if (file) request.pdf = await asBase64(file);
    else request.text = form.elements.text.value;
    results.textContent = t("status.working");
    const answer = await calculator.ask(request).catch((e) => ({ error: { message: e.message } }));
    if (answer.error) { results.replaceChildren(el("p", { class: "cf-problem", text: answer.error.message })); return; }
    const head = answer.pages === null ? [] : [el("p", {
      text: t(answer.estimate ? "letter.estimate" : "letter.pages", { pages: answer.pages, max: answer.max_pages ?? "—" }) })];
    // Which limits were applied, in the core's words: a pass is a pass of these limits only.
    const applied = (answer.applied || []).length
      ? [el("p", { class: "cf-hint", text: t("letter.applied") }), el("ul", {}, ...answer.applied.map((a) => el("li", { text: a })))]
      : [];
    results.replaceChildren(...head, findingList(answer.findings.map((f) => ({ ...f, text: f.message }))), ...applied,
      ...(answer.assumptions || []).map((a) => el("p", { class: "cf-hint", text: a })));
  });
  // The document this check is for, and its limits, as the core names them.
  const check = procedure.letter_check;
  const said = check ? [...check.limits, ...check.unset] : [];
  const limits = said.length ? el("div", { class: "cf-limits" }, el("p", { class: "cf-hint", text: t("letter.limits") }),
    el("ul", {}, ...said.map((l) => el("li", { text: l })))) : null;
  // No letter yet: the builder lays out what this judge requires (the core's document model).
  const write = check ? el("p", {}, pageLink(
    `${route("letter_page").href}#${new URLSearchParams({ judge: judge.id, procedure: procedure.id })}`,
    t("builder.write", { document: check.document }))) : null;
  return el("details", { class: "cf-subcheck" }, el("summary", { text: (check && check.title) || t("letter.title") }),
    limits, write, form, results);
}

function asBase64(file) {
  // The file is read here, in this tab; it is never uploaded anywhere.
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// The reader's choices and dates live in the address's fragment (#judge=…&hearing=…): a browser
// never sends the fragment to a server, so neither a host's logs nor any cache ever hold them.
// Older links put them in the query (?judge=…): those still open, and their values move to the
// fragment at once (the query is dropped from the address).
let linkState = null;
export function linkParams() {
  if (linkState) return linkState;
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const fromQuery = new URLSearchParams(window.location.search);
  if ([...fromQuery.keys()].length) {
    const inHash = new Set(fromHash.keys());
    for (const [name, value] of fromQuery) if (!inHash.has(name)) fromHash.append(name, value);
    try {
      history.replaceState(null, "", `${window.location.pathname}#${fromHash}`);
    } catch {
      // A sandboxed widget may not rewrite its address; it still reads the values.
    }
  }
  linkState = fromHash;
  return linkState;
}

// ---- mounting ------------------------------------------------------------------------------

// The values a link gives one procedure's form; any setting it does not know is named in problems.
function valuesFromLink(procedure, params, problems, known) {
  const eventIds = new Set(procedure.events.map((e) => e.id));
  const values = { conditions: params.getAll("condition") };
  if (params.get("service")) values.service = params.get("service");
  for (const [name, value] of params) {
    if (eventIds.has(name)) values[name] = value;
    else if (!known.has(name)) problems.push(t("error.unknown-param", { name }));
  }
  if (params.has("lang") && params.get("lang") !== pageLang) {
    problems.push(t("error.unknown-lang", { lang: params.get("lang") }));
  }
  return values;
}

function linkNotice(problems) {
  return el("p", { class: "cf-problem", role: "alert", hidden: !problems.length, text: problems.join(" ") });
}

export function rememberInAddress(params) {
  try {
    history.replaceState(null, "", `${window.location.pathname}#${params}`);
  } catch {
    // A sandboxed widget may not rewrite its address.
  }
}

// A judge page's link to its own dates: #procedure=<id>&<event>=<date>…
const JUDGE_PAGE_PARAMS = new Set(["procedure", "service", "condition", "lang"]);

function linkedProcedure(section) {
  const params = linkParams();
  return params.get("procedure") === section.dataset.procedure && !params.has("judge") ? params : null;
}

async function mountProcedure(section) {
  section.replaceChildren(el("p", { class: "cf-checker__status", text: t("status.idle") }));
  const judge = await loadJudge(section.dataset.judge);
  const procedure = judge.procedures.find((p) => p.id === section.dataset.procedure);
  if (!procedure) return;
  const params = linkedProcedure(section);
  const problems = [];
  const values = params ? valuesFromLink(procedure, params, problems, JUDGE_PAGE_PARAMS) : {};
  const { node, compute } = deadlineForm(judge, procedure, values, (request) => {
    const next = linkFields(request);
    linkState = next;
    rememberInAddress(next);
  });
  section.replaceChildren(el("h4", { class: "cf-checker__title", text: t("checker.title", { procedure: procedure.title }) }),
    linkNotice(problems), node);
  if (params) compute(true);
}

// /checker/: choose court, judge and procedure (or find the judge from a case number); the
// address bar keeps the choices and dates, so a link to the page computes them again.
const KNOWN_PARAMS = new Set(["judge", "procedure", "service", "condition", "host", "theme", "compact", "lang", "case"]);

async function mountPicker(section) {
  const [index, courts] = await Promise.all([loadIndex(), loadCourts()]);
  const params = linkParams();
  const notice = el("p", { class: "cf-problem", role: "alert", hidden: true });
  const judgeId = nextId("judge");
  const procId = nextId("procedure");
  const judgeSelect = el("select", { id: judgeId, name: "judge" }, el("option", { value: "", text: t("picker.choose") }),
    ...courts.courts.map((court) => el("optgroup", { label: court.name },
      ...index.judges.filter((j) => j.court === court.id).map((j) =>
        el("option", { value: j.id, text: `${j.name} (${j.initials})${j.status.warn ? ` — ${j.status.label}` : ""}` })))));
  const procSelect = el("select", { id: procId, name: "procedure", disabled: true });
  const holder = el("div", { class: "cf-picked" });
  const finder = findMyJudge((id) => { judgeSelect.value = id; judgeSelect.dispatchEvent(new Event("change")); },
    params.get("case") || "");
  // The site search on this very page links to #case=…: only the fragment changes.
  window.addEventListener("hashchange", () => {
    const asked = new URLSearchParams(window.location.hash.replace(/^#/, "")).get("case");
    const field = finder.querySelector("input[name=case]");
    if (!asked || asked === field.value) return;
    field.value = asked;
    finder.querySelector("button[type=submit]").click();
    field.focus();
  });
  section.replaceChildren(notice, finder,
    el("div", { class: "cf-form" },
      el("div", { class: "cf-field" }, el("label", { for: judgeId, text: t("picker.judge") }), judgeSelect),
      el("div", { class: "cf-field" }, el("label", { for: procId, text: t("picker.procedure") }), procSelect)),
    holder);

  async function showProcedure(values, computeNow) {
    const judge = await loadJudge(judgeSelect.value);
    const procedure = judge.procedures.find((p) => p.id === procSelect.value);
    if (!procedure) { holder.replaceChildren(); return; }
    const { node, compute } = deadlineForm(judge, procedure, values, (request) => {
      const next = linkFields(request, judge);
      for (const keep of ["host", "theme", "compact", "lang"]) if (params.has(keep)) next.set(keep, params.get(keep));
      linkState = next;
      rememberInAddress(next);
    });
    // Which judge and procedure these dates are for, also in a widget that hides the choosers.
    const about = el("p", { class: "cf-for" }, judgeLink(judge, judgeName(judge)), ` — ${procedure.title}`);
    holder.replaceChildren(about, node);
    if (computeNow) compute(true);
  }

  async function chooseJudge(preferred) {
    holder.replaceChildren();
    procSelect.replaceChildren();
    procSelect.disabled = !judgeSelect.value;
    if (!judgeSelect.value) return;
    const judge = await loadJudge(judgeSelect.value);
    procSelect.append(...judge.procedures.map((p) => el("option", { value: p.id, text: p.title })));
    if (preferred && judge.procedures.some((p) => p.id === preferred)) procSelect.value = preferred;
  }

  judgeSelect.addEventListener("change", async () => { await chooseJudge(); await showProcedure({}, false); });
  procSelect.addEventListener("change", () => showProcedure({}, false));

  // A deep link: fill in and compute. Anything unknown is named, as text, and left out.
  const wanted = params.get("judge");
  if (!wanted) return;
  if (document.body.hasAttribute("data-embed") && params.get("procedure")) {
    // A widget for one judge and procedure: the choosers are not needed.
    finder.hidden = true;
    judgeSelect.closest(".cf-form").hidden = true;
  }
  const problems = [];
  if (!index.judges.some((j) => j.id === wanted)) {
    problems.push(t("error.unknown-judge", { judge: wanted }));
  } else {
    judgeSelect.value = wanted;
    const judge = await loadJudge(wanted);
    const procedure = judge.procedures.find((p) => p.id === params.get("procedure")) || judge.procedures[0];
    if (params.get("procedure") && procedure.id !== params.get("procedure")) {
      problems.push(t("error.unknown-procedure", { procedure: params.get("procedure") }));
    }
    await chooseJudge(procedure.id);
    await showProcedure(valuesFromLink(procedure, params, problems, KNOWN_PARAMS), true);
  }
  if (problems.length) {
    notice.textContent = problems.join(" ");
    notice.hidden = false;
  }
}

// Find my judge from a case number. choose(id) is offered as a button where the page can use the
// judge at once (the checker); otherwise each judge is a link to the judge's page.
// A link may bring the case number (#case=…, from the site search): it is looked up at once.
function findMyJudge(choose, initial = "") {
  const id = nextId("case");
  const results = el("div", { class: "cf-results", "aria-live": "polite" });
  const form = el("form", { class: "cf-form cf-find", novalidate: true },
    el("div", { class: "cf-field" }, el("label", { for: id, text: t("find.label") }),
      el("span", { class: "cf-hint", id: `${id}-hint`, text: t("find.hint") }),
      el("input", { id, name: "case", type: "text", autocomplete: "off", "aria-describedby": `${id}-hint`, value: initial || null })),
    el("button", { type: "submit", class: "md-button", text: t("find.submit") }));
  const find = onSubmit(form, async () => {
    results.textContent = t("status.working");
    const answer = await calculator.ask({ kind: "find-judge", case_number: form.elements.case.value })
      .catch((e) => ({ error: { message: e.message } }));
    if (answer.error) { results.replaceChildren(el("p", { class: "cf-problem", text: answer.error.message })); return; }
    const list = el("ul", {}, ...answer.judges.map((j) => {
      let use = null;
      if (choose) {
        use = el("button", { type: "button", class: "md-button", text: t("find.use", { name: j.name }) });
        use.addEventListener("click", () => choose(j.id));
      }
      return el("li", {}, el("a", { href: route("judge_page", { judge: j.id }).href, text: judgeName(j) }),
        ` (${j.court_short_name}) `, el("span", { class: "cf-hint", text: j.status.label }), " ", use);
    }));
    // Never a dead end: whatever was not found, the court's own rules apply, one link away.
    const courtsLinks = answer.unknown.length || !answer.judges.length
      ? el("p", {}, t("find.court-rules"), " ", ...answer.courts.flatMap((c, i) => [i ? ", " : "",
        el("a", { href: route("court_page", { court: c.id }).href, text: c.name })]))
      : null;
    results.replaceChildren(el("p", { text: answer.text }), list, ...(courtsLinks ? [courtsLinks] : []));
  });
  if (initial) find();
  return el("section", { class: "cf-find-section", "aria-label": t("find.title") }, el("h2", { text: t("find.title") }), form, results);
}

// The home page's case-number box: each judge found is a link to the judge's page.
function mountFinder(section) {
  section.replaceChildren(findMyJudge(null));
}

// Embedded widget: tell the host page our height, so its iframe can fit the content. Messages
// go only to the origin the host named in the address (host=...), never to "*".
function reportHeight() {
  if (!document.body.hasAttribute("data-embed") || window.parent === window) return;
  let target;
  try {
    target = new URL(linkParams().get("host") || "").origin;
  } catch {
    return;
  }
  if (!/^https?:\/\//.test(target)) return;
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "conferral:resize", version: 1, height }, target);
  };
  new ResizeObserver(send).observe(document.documentElement);
  send();
}

function applyDisplayOptions() {
  if (!document.body.hasAttribute("data-embed")) return;
  const params = linkParams();
  if (["light", "dark"].includes(params.get("theme"))) document.body.dataset.theme = params.get("theme");
  if (params.get("compact") === "1") document.body.dataset.compact = "";
}

// Offline after a first visit: the service worker keeps what this page used. On a first visit
// the page and its files pass before the service worker controls it, so the page names them;
// after the first answer it names the calculator's files too (fetched by the calculator's own
// worker, which this page's resource list does not show).
// The shared shell (styles, search index, ...) is asked for with them. Never while the calculator
// is still downloading: on a thin link its files come first.
async function keepForOffline(extra = []) {
  if (!("serviceWorker" in navigator) || self.origin === "null") return;
  try {
    const registration = await navigator.serviceWorker.ready;
    // Kept under their paths only: never a query string or fragment (they may hold a reader's dates).
    const urls = [window.location.origin + window.location.pathname,
      ...performance.getEntriesByType("resource").map((e) => e.name), ...extra];
    registration.active.postMessage({ type: "conferral:keep", urls, shell: true });
  } catch {
    // No offline copy (private browsing, for example); everything else works the same.
  }
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || self.origin === "null") return;
  try {
    await navigator.serviceWorker.register(route("service_worker"), { scope: siteRoot.pathname });
  } catch {
    return; // no offline copy (private browsing, for example); everything else works the same
  }
  // While the calculator downloads, nothing else: after its first answer the page asks for all.
  if (calculator.state !== "loading") await keepForOffline();
}

// lang=xx in a link or a widget's address: the same page in that language, with the same
// settings. The page names its other languages (data-conferral-alternate links).
function followLanguage() {
  const params = new URLSearchParams(linkParams());
  const wanted = params.get("lang");
  if (!wanted || wanted === pageLang) return false;
  const alternate = [...document.querySelectorAll("[data-conferral-alternate]")]
    .find((a) => a.getAttribute("hreflang") === wanted);
  if (!alternate) return false; // shown as an unknown language by the checker
  params.delete("lang");
  const target = new URL(alternate.href, window.location.href);
  target.search = "";
  target.hash = params.toString();
  window.location.replace(target.href);
  return true;
}

async function main() {
  // A deep link computes at once: the engine starts now, while the page and its forms load
  // (this script runs first of the page's scripts for that), unless the link asks for another
  // language's page.
  const params = linkParams();
  const deepLink = params.has("judge") || params.has("procedure");
  if (deepLink && (params.get("lang") ?? pageLang) === pageLang) calculator.start();
  if (document.readyState === "loading") {
    await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
  }
  if (followLanguage()) return;
  registerServiceWorker();
  const sections = [...document.querySelectorAll("section.cf-checker")];
  if (!sections.length) return;
  if (deepLink) prefetchForLink(sections, params);
  applyDisplayOptions();
  reportHeight();
  strings = await stringsFor(pageLang);
  const mount = async (section) => {
    try {
      if (section.hasAttribute("data-picker")) await mountPicker(section);
      else if (section.hasAttribute("data-builder")) await (await import(route("builder").href)).mountBuilder(section);
      else if (section.hasAttribute("data-find")) mountFinder(section);
      else await mountProcedure(section);
    } catch (error) {
      section.append(el("p", { class: "cf-problem", text: t("status.failed", { reason: error.message }) }));
    }
  };
  // A judge page's checkers are built when they come near the screen, not while the page loads.
  const lazy = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      lazy.unobserve(entry.target);
      mount(entry.target);
    }
  }, { rootMargin: "600px 0px" }) : null;
  for (const section of sections) {
    const now = section.hasAttribute("data-picker") || section.hasAttribute("data-find") || section.hasAttribute("data-builder")
      || linkedProcedure(section);
    if (lazy && !now) lazy.observe(section);
    else await mount(section);
  }
  // A judge page's link to a procedure it does not have is named, never silently ignored.
  const asked = params.get("procedure");
  const judgePage = sections.find((section) => section.dataset.judge);
  if (asked && !params.has("judge") && judgePage && !sections.some((section) => section.dataset.procedure === asked)) {
    judgePage.before(el("p", { class: "cf-problem", role: "alert", text: t("error.no-such-procedure", { procedure: asked }) }));
  }
  // The engine (about 6 MB compressed) starts at the first interaction with a checker, or at
  // once for a deep link, never just because a page was opened: most readers only read.
  for (const section of sections) {
    section.addEventListener("focusin", () => calculator.start(), { once: true });
    section.addEventListener("pointerenter", () => calculator.start(), { once: true });
  }
}

main();
