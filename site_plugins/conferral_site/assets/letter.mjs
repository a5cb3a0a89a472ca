// Conferral's letter builder: the page side of /letter/. It renders the core's document model
// (api kind "document": the caption, the parts the judge's rules ask for, each with its prompt
// and source, the signature block and the page) for the judge and procedure in the address's
// fragment, and asks the core for everything else: the page estimate and limits as the reader
// types (kind "letter", the same check a PDF gets) and the safe filing date (kind "deadlines").
// It knows no rule and computes no date. The letter's own words are English (the court's
// language); the guidance is in the page's language.
//
// Private: what the reader types stays in this tab. Nothing is sent anywhere (the calculator
// runs in this browser), nothing is stored (no storage API is used); the reader may save a
// draft to a file and open it again.
//
// Loaded by checker.mjs, only on the builder's page; it shares that module's calculator.

import {
  calculator, caveatNotes, dateFieldsets, deadlineItem, download, el, findingList, judgeLink, judgeName, linkFields, linkParams,
  loadIndex, loadJudge, nextId, onSubmit, quoteBlock, readForm, rememberInAddress, route, showError, site,
  statusLine, t, translator,
} from "./__CONFERRAL_CHECKER__"; // checker.mjs, by the name the build gives it (its content's digest)

// What a saved draft file says it is; a file without these is not one.
const DRAFT_TYPE = "conferral-letter-draft";
const DRAFT_VERSION = 1;
const MAX_DRAFT_BYTES = 2_000_000;
const MAX_ISSUES = 50;
// The check runs when the reader pauses typing this long.
const CHECK_DELAY_MS = 400;
// Who signs when each side files its own paper (the model's signature block is not per party).
const ONE_SIGNER = { id: "signer", label: null, letter_label: null };

function signers(model) {
  return model.signature.per_party ? model.parties : [ONE_SIGNER];
}

// The calculator's answer, or its failure as an answer: the page shows either the same way.
function ask(request) {
  return calculator.ask(request).catch((error) => ({ error: { message: t("status.failed", { reason: error.message }) } }));
}

// ---- the letter, from the model and what was typed ----------------------------------------

// The parts as the letter prints them: a run of per-issue parts is written once for each issue.
function runsOf(sections) {
  const runs = [];
  for (const section of sections) {
    const last = runs.at(-1);
    if (section.per_issue && last && last.perIssue) last.sections.push(section);
    else runs.push({ perIssue: Boolean(section.per_issue), sections: [section] });
  }
  return runs;
}

function emptyDraft(model) {
  const part = (s) => (s.sides ? Object.fromEntries(model.parties.map((party) => [party.id, ""])) : "");
  const perIssue = model.sections.filter((s) => s.per_issue);
  return {
    caption: Object.fromEntries(model.caption.fields.map((f) => [f.id, f.default || ""])),
    parts: Object.fromEntries(model.sections.filter((s) => !s.per_issue).map((s) => [s.id, part(s)])),
    issues: perIssue.length ? [Object.fromEntries(perIssue.map((s) => [s.id, part(s)]))] : [],
    signature: model.signature ? { date: "", other: "", parties: Object.fromEntries(signers(model).map((party) =>
      [party.id, { name: "", role: "", contact: "" }])) } : null,
  };
}

// The letter as blocks, each printed as a paragraph (or the caption's two columns), each followed
// by one blank line unless it is "tight" (below). The same blocks make the plain text the core
// checks, the printed page and the Word file.
function letterBlocks(model, draft, en) {
  const blocks = [{ type: "center", bold: true, lines: model.caption.lines }];
  const left = [];
  const right = [];
  let title = null;
  for (const field of model.caption.fields) {
    const value = (draft.caption[field.id] || "").trim();
    if (field.id === "case_number") {
      right.push([field.letter_label, value || "__________", field.suffix].filter(Boolean).join(" "));
    } else if (field.id === "title") {
      title = value || field.default || "";
    } else if (value) {
      left.push(...value.split("\n"));
    }
  }
  blocks.push({ type: "caption", left, right });
  // The title, and any words the judge wants on the caption ("DISCOVERY MATTER").
  const centred = [title, ...(model.caption.words || [])].filter(Boolean);
  if (centred.length) blocks.push({ type: "center", bold: true, lines: centred });
  const body = (section, value) => {
    if (!section.sides) return text(value);
    return model.parties.flatMap((party) => [{ type: "label", text: party.letter_label }, ...text(value?.[party.id])]);
  };
  const text = (value) => ((value || "").trim() ? [{ type: "para", text: value.replace(/\s+$/, "") }] : []);
  for (const run of runsOf(model.sections)) {
    if (!run.perIssue) {
      const [section] = run.sections;
      // A part the sources do not name (the model's free part) has no heading of its own.
      if (section.heading) blocks.push({ type: "heading", text: section.heading });
      blocks.push(...body(section, draft.parts[section.id]));
      continue;
    }
    draft.issues.forEach((issue, i) => {
      blocks.push({ type: "heading", text: `${model.issue.letter_label} ${i + 1}` });
      for (const section of run.sections) {
        blocks.push({ type: "subheading", text: section.heading }, ...body(section, issue[section.id]));
      }
    });
  }
  if (model.signature && draft.signature) {
    const sign = draft.signature;
    blocks.push({ type: "heading", text: model.signature.heading }, ...text(sign.other));
    for (const signer of signers(model)) {
      const party = sign.parties[signer.id] || {};
      const lines = [sign.date.trim() ? en("builder.doc.dated", { date: sign.date.trim() }) : null,
        en("builder.doc.signed", { name: (party.name || "").trim() || "__________" }), (party.name || "").trim(),
        ...(party.role || "").split("\n"), ...(party.contact || "").split("\n")];
      blocks.push({ type: "signature", lines: lines.filter((line) => line && line.trim()) });
    }
  }
  // A heading runs straight into what it heads (a part, a side's text); one with nothing under it
  // (a part not written yet) is followed by a blank line, like every other block.
  const level = { heading: 1, subheading: 2, label: 3, para: 4 };
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    b.tight = Boolean(level[b.type] && level[b.type] < 4 && next && (level[next.type] || 0) > level[b.type]);
  });
  return blocks;
}

function blockLines(block) {
  if (block.type === "center" || block.type === "signature") return block.lines;
  if (block.type === "caption") return [...block.left, ...block.right];
  return [block.text];
}

// The plain text the core's letter check estimates: each block's lines, a blank line after each
// block that is not tight.
function plainText(blocks) {
  return blocks.map((b, i) => blockLines(b).join("\n") + (i === blocks.length - 1 ? "" : b.tight ? "\n" : "\n\n")).join("");
}

// ---- print -----------------------------------------------------------------------------------

// The printed letter: a sheet outside the page's content, shown only when printing (the rest of
// the page is not printed), on the model's paper, margins, type size and spacing.
function renderSheet(sheet, blocks) {
  const lines = (list) => list.map((line) => el("span", { class: "cf-l-line", text: line }));
  sheet.replaceChildren(...blocks.map((b) => {
    const tight = b.tight ? " cf-l-tight" : "";
    if (b.type === "caption") {
      return el("div", { class: "cf-l-caption" }, el("div", {}, ...lines(b.left)), el("div", {}, ...lines(b.right)));
    }
    if (b.type === "center" || b.type === "signature") {
      return el("p", { class: `cf-l-${b.type}${b.bold ? " cf-l-bold" : ""}` }, ...lines(b.lines));
    }
    return el("p", { class: `cf-l-${b.type}${tight}`, text: b.text });
  }));
}

function pageStyle(page) {
  // The document model's page, as CSS: set through the CSSOM (the site's policy allows no inline
  // style), and only on this page.
  const style = new CSSStyleSheet();
  const line = Number(page.line_height) || 1.2;
  const family = JSON.stringify(String(page.font_family || "Times New Roman"));
  style.replaceSync(`@page { size: ${page.width_in}in ${page.height_in}in; margin: ${page.margin_in}in; }
.cf-letter-sheet { font-size: ${page.font_pt}pt; line-height: ${line};
  font-family: ${family}, Times, "Liberation Serif", "Nimbus Roman", serif; }
.cf-letter-sheet > * { margin: 0 0 ${line}em; }
.cf-letter-sheet > .cf-l-tight { margin-bottom: 0; }`);
  return style;
}

// ---- Word file -------------------------------------------------------------------------------

let docxModule = null;
function loadDocx() {
  // The writer (the npm package docx, self-hosted under its version) loads only when asked for.
  if (!site.routes.docx) return Promise.reject(new Error("no Word writer"));
  docxModule ??= import(route("docx").href).catch((error) => { docxModule = null; throw error; });
  return docxModule;
}

async function wordFile(blocks, page) {
  const docx = await loadDocx();
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableBorders, TableCell, TableRow,
    TextRun, WidthType } = docx;
  const twips = (inches) => Math.round(inches * 1440);
  const size = Math.round(page.font_pt * 2); // half-points
  const line = Math.round((Number(page.line_height) || 1.2) * page.font_pt * 20); // twips
  const spacing = (tight) => ({ line, lineRule: "atLeast", before: 0, after: tight ? 0 : line });
  const paragraphs = (list, options = {}) => list.map((text, i) => new Paragraph({
    ...options, spacing: spacing(options.tight || i < list.length - 1),
    children: [new TextRun({ text, bold: Boolean(options.bold) })] }));
  const levels = { heading: HeadingLevel.HEADING_1, subheading: HeadingLevel.HEADING_2, label: HeadingLevel.HEADING_3 };
  const children = blocks.flatMap((b) => {
    if (b.type === "center") return paragraphs(b.lines, { alignment: AlignmentType.CENTER, bold: b.bold });
    if (b.type === "caption") {
      const cell = (list, alignment) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE },
        children: list.length ? paragraphs(list, { alignment, tight: true }) : [new Paragraph({})] });
      return [new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: TableBorders.NONE,
        rows: [new TableRow({ children: [cell(b.left, AlignmentType.LEFT), cell(b.right, AlignmentType.RIGHT)] })] }),
      new Paragraph({ spacing: spacing(true), children: [] })];
    }
    if (b.type === "signature") return paragraphs(b.lines);
    if (b.type === "para") return paragraphs(b.text.split("\n"));
    return [new Paragraph({ heading: levels[b.type], spacing: spacing(b.tight), children: [new TextRun({ text: b.text })] })];
  });
  // Headings are Word's own heading styles (a reader's word processor can navigate them), in the
  // letter's type: the same font and size, bold, black.
  const font = page.font_family || "Times New Roman";
  const heading = (id, name) => ({ id, name, basedOn: "Normal", next: "Normal", quickFormat: true,
    run: { font, size, bold: true, color: "000000" }, paragraph: { spacing: spacing(true) } });
  const doc = new Document({
    styles: { default: { document: { run: { font, size } } },
      paragraphStyles: [heading("Heading1", "Heading 1"), heading("Heading2", "Heading 2"), heading("Heading3", "Heading 3")] },
    sections: [{ properties: { page: {
      size: { width: twips(page.width_in), height: twips(page.height_in) },
      margin: { top: twips(page.margin_in), right: twips(page.margin_in), bottom: twips(page.margin_in), left: twips(page.margin_in) },
    } }, children }],
  });
  return Packer.toBlob(doc);
}

// ---- drafts ----------------------------------------------------------------------------------

class DraftError extends Error {}

// A draft file as it was saved, checked: every value a string, nothing but what a draft holds.
function parseDraft(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new DraftError(t("builder.open-bad"));
  }
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const strings = (v) => isObject(v) && Object.values(v).every((x) => typeof x === "string");
  const part = (v) => typeof v === "string" || strings(v);
  const parts = (v) => isObject(v) && Object.values(v).every(part);
  const ok = isObject(data) && data.type === DRAFT_TYPE && data.version === DRAFT_VERSION
    && typeof data.judge === "string" && typeof data.procedure === "string"
    && strings(data.caption) && parts(data.parts)
    && Array.isArray(data.issues) && data.issues.length <= MAX_ISSUES && data.issues.every(parts)
    && (data.signature === null || (isObject(data.signature) && typeof data.signature.date === "string"
      && typeof data.signature.other === "string" && isObject(data.signature.parties)
      && Object.values(data.signature.parties).every(strings)));
  if (!ok) throw new DraftError(t("builder.open-bad"));
  return data;
}

// The draft's text put into this model's parts; what the model has no place for is named.
function fitDraft(model, data) {
  const draft = emptyDraft(model);
  const leftOut = [];
  const hasText = (value) => (typeof value === "string" ? value : Object.values(value).join("")).trim() !== "";
  const take = (into, from, label) => {
    for (const [id, value] of Object.entries(from)) {
      if (!Object.hasOwn(into, id)) {
        if (hasText(value)) leftOut.push(label(id));
        continue;
      }
      into[id] = typeof into[id] === "string" ? (typeof value === "string" ? value : Object.values(value).join("\n"))
        : Object.fromEntries(Object.keys(into[id]).map((side, n) => [side, typeof value === "string" ? (n ? "" : value)
          : value[side] || ""]));
    }
  };
  take(draft.caption, data.caption, (id) => id);
  take(draft.parts, data.parts, (id) => id);
  if (draft.issues.length) {
    draft.issues = (data.issues.length ? data.issues : [{}]).map((issue, i) => {
      const into = structuredClone(emptyDraft(model).issues[0]);
      take(into, issue, (id) => `${model.issue.label} ${i + 1}: ${id}`);
      return into;
    });
  } else {
    data.issues.forEach((issue, i) => take({}, issue, (id) => `${model.issue.label} ${i + 1}: ${id}`));
  }
  if (draft.signature && data.signature) {
    draft.signature.date = data.signature.date;
    draft.signature.other = data.signature.other;
    for (const id of Object.keys(draft.signature.parties)) {
      const saved = data.signature.parties[id] || {};
      for (const key of Object.keys(draft.signature.parties[id])) if (typeof saved[key] === "string") draft.signature.parties[id][key] = saved[key];
    }
  }
  return { draft, leftOut: [...new Set(leftOut)] };
}

// ---- the page --------------------------------------------------------------------------------

function sourceDetails(source) {
  return el("details", { class: "cf-source" }, el("summary", { text: t("builder.source") }), quoteBlock(source));
}

function requirementList(requirements) {
  if (!requirements || !requirements.length) return null;
  return el("ul", { class: "cf-builder__rules" }, ...requirements.map((r) => el("li", {},
    r.label ? el("strong", { text: `${r.label}: ` }) : null, r.text, r.source ? sourceDetails(r.source) : null)));
}

function field(kind, attrs, labelText, hintText) {
  const id = nextId("letter");
  const hint = hintText ? el("span", { class: "cf-hint", id: `${id}-hint`, text: hintText }) : null;
  const input = el(kind, { id, "aria-describedby": hint ? `${id}-hint` : null, ...attrs });
  return { input, node: el("div", { class: "cf-field" }, el("label", { for: id, text: labelText }), hint, input) };
}

class Builder {
  constructor(section, english) {
    this.section = section;
    this.en = english;
    this.sheet = el("article", { class: "cf-letter-sheet", lang: "en" });
    document.body.append(this.sheet);
    this.style = null;
    this.typed = false;
    this.timer = null;
    this.checks = 0;
    this.current = null; // {judge, procedure} shown now
  }

  // ---- opening a letter ----

  // The letter the address names. moved: the address changed while the page was open (a link on
  // it was followed); the letter is then brought into view.
  async followAddress(params = new URLSearchParams(window.location.hash.replace(/^#/, "")), moved = false) {
    const judge = params.get("judge");
    const procedure = params.get("procedure");
    if (!judge || !procedure) {
      if (!this.current) this.showChooser();
      return;
    }
    if (this.current && this.current.judge === judge && this.current.procedure === procedure) return;
    if (this.current && this.typed && !window.confirm(t("builder.switch"))) {
      rememberInAddress(new URLSearchParams(this.current));
      return;
    }
    await this.open(judge, procedure, null, moved);
  }

  showChooser(problem = null) {
    this.current = null;
    document.body.classList.remove("cf-letter-page"); // printing prints the page, not an empty letter
    this.pageStyle(null);
    this.section.replaceChildren(
      problem ? el("p", { class: "cf-problem", role: "alert", text: problem }) : null,
      el("p", { text: t("builder.choose") }), this.draftOpener());
  }

  async open(judgeId, procedureId, data = null, focus = false) {
    const status = el("p", { class: "cf-checker__status", role: "status", "aria-live": "polite" });
    statusLine(status);
    this.section.replaceChildren(status, el("p", { class: "cf-hint", text: t("builder.loading") }));
    let judge;
    try {
      judge = await loadJudge(judgeId);
    } catch (error) {
      this.showChooser(error.message);
      return;
    }
    const model = await ask({ kind: "document", judge: judgeId, procedure: procedureId });
    if (model.error) {
      this.showChooser(model.error.message);
      return;
    }
    this.current = { judge: judgeId, procedure: procedureId };
    rememberInAddress(new URLSearchParams(this.current));
    document.body.classList.add("cf-letter-page"); // printing prints the letter alone
    this.model = model;
    this.judge = judge;
    this.procedure = judge.procedures.find((p) => p.id === procedureId) || null;
    this.pageStyle(model.page);
    let draft = emptyDraft(model);
    const notes = [];
    if (data) {
      const fitted = fitDraft(model, data);
      draft = fitted.draft;
      if (fitted.leftOut.length) notes.push(t("builder.open-left-out", { parts: fitted.leftOut.join(", ") }));
    }
    this.typed = false;
    this.render(status, draft, notes);
    if (data) this.update(true);
    if (focus) {
      this.title.scrollIntoView({ block: "start" });
      this.title.focus({ preventScroll: true });
    }
  }

  // The open letter's page as CSS, on this page only (none while no letter is open).
  // A browser without constructable style sheets prints the letter on its own default page.
  pageStyle(page) {
    if (!("adoptedStyleSheets" in document)) return;
    const others = document.adoptedStyleSheets.filter((sheet) => sheet !== this.style);
    this.style = page ? pageStyle(page) : null;
    document.adoptedStyleSheets = this.style ? [...others, this.style] : others;
  }

  render(status, draft, notes) {
    const model = this.model;
    this.title = el("h2", { id: nextId("letter-title"), tabindex: "-1", class: "cf-builder__title", text: model.title });
    const about = el("p", { class: "cf-for" }, judgeLink(this.judge, judgeName(this.judge)),
      this.procedure ? ` — ${this.procedure.title}` : null);
    const english = el("p", { class: "cf-builder__english" }, el("strong", { text: `${t("builder.english")}: ` }), model.why_english);
    const privacy = el("div", { class: "cf-builder__notice", role: "note" },
      el("p", { text: model.notice }), el("p", { text: t("builder.private") }));
    this.opened = el("p", { class: "cf-hint", role: "status", text: notes.join(" ") });
    this.form = el("form", { class: "cf-form cf-letter-form", novalidate: true });
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("input", () => { this.typed = true; this.schedule(); });
    this.fillForm(draft);
    const other = model.other_requirements && model.other_requirements.length
      ? el("section", { class: "cf-builder__other" }, el("h3", { text: t("builder.other-rules") }), requirementList(model.other_requirements))
      : null;
    this.section.replaceChildren(status, this.title, about, caveatNotes(model.caveats), privacy, english, this.opened, other, this.form,
      this.checkPanel(), this.deadlinePanel(), this.exportPanel());
    renderSheet(this.sheet, letterBlocks(model, draft, this.en));
  }

  // ---- the form: caption, parts, issues, signatures ----

  fillForm(draft) {
    const model = this.model;
    const parts = [this.captionPart(draft)];
    for (const run of runsOf(model.sections)) {
      if (run.perIssue) parts.push(this.issuesPart(run, draft));
      else parts.push(this.sectionPart(run.sections[0], draft.parts[run.sections[0].id], `part.${run.sections[0].id}`, "h3"));
    }
    if (model.signature) parts.push(this.signaturePart(draft.signature));
    this.form.replaceChildren(...parts);
  }

  captionPart(draft) {
    const caption = this.model.caption;
    const headingId = nextId("caption");
    const fields = caption.fields.map((f) => {
      const hint = [f.hint, f.suffix ? t("builder.suffix", { suffix: f.suffix }) : null].filter(Boolean).join(" ");
      const attrs = { name: `caption.${f.id}`, type: "text", value: draft.caption[f.id] || null, lang: "en",
        autocomplete: "off", spellcheck: f.id === "case_number" ? "false" : null };
      const { input, node } = field("input", attrs, f.label, hint);
      if (f.suffix) {
        // The judge's designation, shown where it is printed: right after the number.
        const suffixed = el("span", { class: "cf-suffixed" });
        input.replaceWith(suffixed);
        suffixed.append(input, el("span", { class: "cf-suffix", lang: "en", "aria-hidden": "true", text: f.suffix }));
      }
      return node;
    });
    return el("section", { class: "cf-part", "aria-labelledby": headingId },
      el("h3", { id: headingId, text: t("builder.caption") }),
      el("p", { class: "cf-hint", text: t("builder.caption-lines") }),
      el("p", { class: "cf-caption-lines", lang: "en" }, ...caption.lines.map((line) => el("span", { class: "cf-l-line", text: line }))),
      caption.lines_source ? sourceDetails(caption.lines_source) : null,
      caption.requirements && caption.requirements.length ? el("p", { class: "cf-hint", text: t("builder.rules") }) : null,
      requirementList(caption.requirements), ...fields);
  }

  // One part of the letter: its English heading, the prompt in the reader's language, its source,
  // and a box for the text (one for each side, where each side writes its own).
  sectionPart(section, value, key, level, within = null) {
    const headingId = nextId(`part-${section.id}`);
    const promptId = `${headingId}-prompt`;
    const labelled = (...ids) => [within, headingId, ...ids].filter(Boolean).join(" ");
    const box = (name, text, labelIds) => el("textarea", { name, rows: "6", lang: "en", "aria-labelledby": labelIds,
      "aria-describedby": promptId }, text || "");
    const boxes = section.sides
      ? this.model.parties.map((party) => {
        const sideId = nextId(party.id);
        return el("div", { class: "cf-field cf-side" }, el("span", { class: "cf-side__label", id: sideId, text: party.label }),
          box(`${key}.${party.id}`, value?.[party.id], labelled(sideId)));
      })
      : [el("div", { class: "cf-field" }, box(key, value, labelled()))];
    // The model's free part (the sources list no parts, or only some) has no heading: it is named
    // as the letter's own text.
    const heading = section.heading ? el(level, { id: headingId, lang: "en", text: section.heading })
      : el(level, { id: headingId, text: t("builder.free") });
    return el("section", { class: "cf-part", "aria-labelledby": headingId }, heading,
      el("p", { id: promptId, class: "cf-part__prompt", text: section.prompt }),
      section.sourced === false ? el("p", { class: "cf-hint", text: t("builder.unsourced") }) : null,
      section.source ? sourceDetails(section.source) : null,
      ...boxes);
  }

  issuesPart(run, draft) {
    const count = draft.issues.length;
    const issues = draft.issues.map((issue, i) => {
      const headingId = nextId("issue");
      const remove = count > 1 ? el("button", { type: "button", class: "md-button cf-issue__remove", text: t("builder.remove-issue", { n: i + 1 }) }) : null;
      if (remove) remove.addEventListener("click", () => this.removeIssue(i));
      return el("section", { class: "cf-issue", "aria-labelledby": headingId, "data-issue": String(i) },
        el("h3", { id: headingId, tabindex: "-1", text: `${this.model.issue.label} ${i + 1}` }),
        ...run.sections.map((s) => this.sectionPart(s, issue[s.id], `issue.${i}.${s.id}`, "h4", headingId)), remove);
    });
    const add = el("button", { type: "button", class: "md-button cf-issue__add", text: t("builder.add-issue") });
    add.disabled = count >= MAX_ISSUES;
    add.addEventListener("click", () => this.addIssue());
    return el("div", { class: "cf-issues" }, el("p", { class: "cf-hint", text: t("builder.issues-lede") }), ...issues, add);
  }

  signaturePart(sign) {
    const signature = this.model.signature;
    const headingId = nextId("signature");
    const date = field("input", { name: "sign.date", type: "text", value: sign.date || null, lang: "en", autocomplete: "off" },
      t("builder.sign-date"), t("builder.sign-date-hint"));
    const other = field("textarea", { name: "sign.other", rows: "3", lang: "en" }, t("builder.sign-other"), t("builder.sign-other-hint"));
    other.input.value = sign.other || "";
    const parties = signers(this.model).map((signer) => {
      const side = signer.id;
      const party = sign.parties[side] || {};
      const name = field("input", { name: `sign.${side}.name`, type: "text", value: party.name || null, autocomplete: "off" }, t("builder.sign-name"));
      const role = field("input", { name: `sign.${side}.role`, type: "text", value: party.role || null, lang: "en", autocomplete: "off" },
        t("builder.sign-role"), t("builder.sign-role-hint"));
      const contact = field("textarea", { name: `sign.${side}.contact`, rows: "3", autocomplete: "off" }, t("builder.sign-contact"));
      contact.input.value = party.contact || "";
      return el("fieldset", { class: "cf-party" },
        el("legend", { text: signer.label ? t("builder.sign-for", { side: signer.label }) : t("builder.sign-one") }),
        name.node, role.node, contact.node);
    });
    return el("section", { class: "cf-part", "aria-labelledby": headingId },
      el("h3", { id: headingId, lang: "en", text: signature.heading }),
      el("p", { class: "cf-part__prompt", text: signature.prompt }),
      signature.requirements && signature.requirements.length ? el("p", { class: "cf-hint", text: t("builder.rules") }) : null,
      requirementList(signature.requirements), date.node, ...parties, other.node);
  }

  // ---- reading the form ----

  collect() {
    const model = this.model;
    const value = (name) => (this.form.elements.namedItem(name)?.value ?? "");
    const part = (s, key) => (s.sides ? Object.fromEntries(model.parties.map((p) => [p.id, value(`${key}.${p.id}`)])) : value(key));
    const perIssue = model.sections.filter((s) => s.per_issue);
    const count = this.form.querySelectorAll(".cf-issues")[0]?.querySelectorAll(".cf-issue").length || 0;
    return {
      caption: Object.fromEntries(model.caption.fields.map((f) => [f.id, value(`caption.${f.id}`)])),
      parts: Object.fromEntries(model.sections.filter((s) => !s.per_issue).map((s) => [s.id, part(s, `part.${s.id}`)])),
      issues: Array.from({ length: count }, (_, i) => Object.fromEntries(perIssue.map((s) => [s.id, part(s, `issue.${i}.${s.id}`)]))),
      signature: model.signature ? { date: value("sign.date"), other: value("sign.other"),
        parties: Object.fromEntries(signers(model).map(({ id: side }) => [side, { name: value(`sign.${side}.name`),
          role: value(`sign.${side}.role`), contact: value(`sign.${side}.contact`) }])) } : null,
    };
  }

  addIssue() {
    const draft = this.collect();
    draft.issues.push(structuredClone(emptyDraft(this.model).issues[0]));
    this.fillForm(draft);
    const added = this.form.querySelectorAll(".cf-issues")[0].querySelectorAll(".cf-issue");
    added[added.length - 1].querySelector("textarea").focus();
    this.say(t("builder.issue-added", { n: draft.issues.length }));
    this.typed = true;
    this.schedule();
  }

  removeIssue(index) {
    const draft = this.collect();
    draft.issues.splice(index, 1);
    this.fillForm(draft);
    const left = this.form.querySelectorAll(".cf-issues")[0].querySelectorAll(".cf-issue");
    left[Math.min(index, left.length - 1)].querySelector("h3").focus();
    this.say(t("builder.issue-removed"));
    this.typed = true;
    this.schedule();
  }

  say(text) {
    this.note.textContent = text;
  }

  // ---- as the reader types: the letter check, and the printed sheet ----

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), CHECK_DELAY_MS);
  }

  blocks() {
    return letterBlocks(this.model, this.collect(), this.en);
  }

  async update(force = false) {
    clearTimeout(this.timer);
    const blocks = this.blocks();
    renderSheet(this.sheet, blocks);
    if (!this.typed && !force) return;
    this.checks += 1;
    const mine = this.checks;
    const answer = await ask({ kind: "letter", judge: this.model.judge, procedure: this.model.procedure,
      text: plainText(blocks) });
    if (mine !== this.checks) return; // a newer check is on its way
    if (answer.error) {
      this.checkResults.replaceChildren(el("p", { class: "cf-problem", text: answer.error.message }));
      return;
    }
    const head = answer.pages === null ? null : el("p", { class: answer.ok ? "cf-ok" : "cf-problem",
      text: t("letter.estimate", { pages: answer.pages, max: answer.max_pages ?? "—" }) });
    this.checkResults.replaceChildren(head, findingList(answer.findings));
    this.assumptions.replaceChildren(...(answer.assumptions || []).map((a) => el("li", { text: a })));
    // For scripts and tests: which check this is, and what it found.
    Object.assign(this.checkResults.dataset, { checks: String(mine), pages: String(answer.pages), ok: String(answer.ok) });
  }

  checkPanel() {
    const headingId = nextId("check");
    const check = this.model.letter_check;
    const said = check ? [...check.limits, ...check.unset] : [];
    this.checkResults = el("div", { class: "cf-results cf-builder__results", "aria-live": "polite" },
      el("p", { class: "cf-hint", text: t("builder.check-empty") }));
    this.assumptions = el("ul");
    return el("section", { class: "cf-builder__check", "aria-labelledby": headingId },
      el("h3", { id: headingId, text: t("builder.check-title") }),
      said.length ? el("p", { class: "cf-hint", text: t("letter.limits") }) : null,
      said.length ? el("ul", {}, ...said.map((s) => el("li", { text: s }))) : null,
      this.checkResults,
      el("details", { class: "cf-builder__assumed" }, el("summary", { text: t("builder.assumed") }), this.assumptions));
  }

  // ---- the safe date to file it: the core's deadlines answer for the dates the reader enters ----

  deadlinePanel() {
    const headingId = nextId("deadline");
    const procedure = this.procedure;
    const judgePage = route("judge_page", { judge: this.judge.id });
    const parts = [el("h3", { id: headingId, text: t("builder.deadline-title") })];
    if (!this.model.filing_deadline || !procedure || !procedure.events.length) {
      parts.push(el("p", {}, t("builder.deadline-none"), " ",
        el("a", { href: `${judgePage.href}#${procedure ? procedure.id : ""}`, text: judgeName(this.judge) })));
      return el("section", { class: "cf-builder__deadline", "aria-labelledby": headingId }, ...parts);
    }
    const status = el("p", { class: "cf-hint", role: "status" });
    const results = el("div", { class: "cf-results", "aria-live": "polite" });
    const form = el("form", { class: "cf-form", novalidate: true }, ...dateFieldsets(procedure, {}),
      el("button", { type: "submit", class: "md-button", text: t("builder.deadline-submit") }));
    onSubmit(form, async () => {
      for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
      for (const error of form.querySelectorAll(".cf-error")) error.replaceChildren();
      status.textContent = "";
      const request = readForm(form, this.judge, procedure);
      results.textContent = t("status.working");
      const answer = await ask(request);
      if (answer.error) {
        results.replaceChildren();
        showError(form, status, answer);
        return;
      }
      const filing = this.model.filing_deadlines || [this.model.filing_deadline];
      const found = answer.deadlines.filter((d) => filing.includes(d.id));
      const all = el("p", {}, el("a", { href: `${judgePage.href}#${linkFields(request)}`, text: t("builder.deadline-all") }));
      results.replaceChildren(
        ...(answer.warnings || []).map((w) => el("p", { class: "cf-warning", role: "note", text: w.text })),
        found.length ? el("ol", { class: "cf-result-list" }, ...found.map(deadlineItem)) : null,
        ...(found.length ? [] : answer.missing.map((m) => el("p", { class: "cf-hint", text: m.text }))), all);
    });
    return el("section", { class: "cf-builder__deadline", "aria-labelledby": headingId }, ...parts,
      el("p", { class: "cf-hint", text: t("builder.deadline-lede") }), status, form, results);
  }

  // ---- print, Word, drafts ----

  exportPanel() {
    const headingId = nextId("export");
    const page = this.model.page;
    this.note = el("p", { class: "cf-hint cf-builder__note", role: "status" });
    const print = el("button", { type: "button", class: "md-button md-button--primary", text: t("builder.print") });
    print.addEventListener("click", () => {
      this.update();
      window.print();
    });
    const word = el("button", { type: "button", class: "md-button", text: t("builder.docx"), hidden: !site.routes.docx });
    word.addEventListener("click", async () => {
      this.say(t("builder.docx-working"));
      try {
        const blob = await wordFile(this.blocks(), page);
        const file = `${this.fileStem()}.docx`;
        download(blob, file);
        this.say(t("builder.docx-done", { file }));
      } catch (error) {
        this.say(t("builder.docx-failed", { reason: error.message }));
      }
    });
    const save = el("button", { type: "button", class: "md-button", text: t("builder.save") });
    save.addEventListener("click", () => {
      const data = { type: DRAFT_TYPE, version: DRAFT_VERSION, judge: this.model.judge, procedure: this.model.procedure,
        ...this.collect() };
      const file = `${this.fileStem()}-draft.json`;
      download(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }), file);
      this.typed = false;
      this.say(t("builder.save-done", { file }));
    });
    return el("section", { class: "cf-builder__export", "aria-labelledby": headingId },
      el("h3", { id: headingId, text: t("builder.export-title") }),
      el("p", { class: "cf-hint", text: t("builder.print-hint", { paper: page.paper, margin: page.margin_in, pt: page.font_pt }) }),
      el("div", { class: "cf-actions" }, print, word, save), this.draftOpener(), this.note);
  }

  fileStem() {
    return `conferral-${this.model.judge}-${this.model.procedure}`;
  }

  draftOpener() {
    const { input, node } = field("input", { type: "file", name: "draft", accept: "application/json,.json" },
      t("builder.open"), t("builder.open-hint"));
    const problem = el("p", { class: "cf-problem", role: "alert" });
    input.addEventListener("change", async () => {
      const file = input.files[0];
      problem.textContent = "";
      if (!file) return;
      try {
        if (file.size > MAX_DRAFT_BYTES) throw new DraftError(t("builder.open-too-big", { kb: Math.ceil(file.size / 1024) }));
        const data = parseDraft(await file.text());
        const index = await loadIndex();
        if (!index.judges.some((j) => j.id === data.judge)) {
          throw new DraftError(t("builder.open-unknown-judge", { judge: data.judge, procedure: data.procedure }));
        }
        await this.open(data.judge, data.procedure, data, true);
        if (!this.current) return; // the core named what is wrong with it
        this.opened.textContent = [t("builder.open-done", { file: file.name }), this.opened.textContent].filter(Boolean).join(" ");
      } catch (error) {
        if (!(error instanceof DraftError)) throw error;
        problem.textContent = error.message;
        input.value = "";
      }
    });
    return el("div", { class: "cf-builder__open" }, node, problem);
  }
}

// The list of judges on the page (readable without JavaScript, each to the judge's page): each
// item also opens its letter here.
function enhanceList() {
  for (const item of document.querySelectorAll(".cf-letter-list li[data-judge][data-procedure]")) {
    const params = new URLSearchParams({ judge: item.dataset.judge, procedure: item.dataset.procedure });
    item.append(" ", el("a", { href: `#${params}`, class: "cf-write-here", text: t("builder.write-here") }));
  }
}

export async function mountBuilder(section) {
  const english = await translator("en");
  const builder = new Builder(section, english);
  enhanceList();
  window.addEventListener("hashchange", () => builder.followAddress(undefined, true));
  window.addEventListener("beforeprint", () => { if (builder.model) renderSheet(builder.sheet, builder.blocks()); });
  await builder.followAddress(linkParams());
}
