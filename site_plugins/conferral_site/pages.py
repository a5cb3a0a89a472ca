"""Data -> pages. Everything here reads conferral_core through its public JSON API
(`api.handle`) and its message catalog, and returns files; nothing here knows MkDocs.

Generated record pages (one per judge, court, year of holidays, source) stay out of the
site's navigation: index pages link them, so every page stays small and the build grows
linearly with the number of judges.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import multiprocessing
import os
import posixpath
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .markup import heading
from .sitejson import PLAIN_CHECKER

from conferral_core import api
from conferral_core.messages import LANGUAGES, catalog

_T = TypeVar("_T")



class SiteDataError(Exception):
    """The data cannot be turned into pages; the message says what to fix."""


# The site's public address (of the site at the root; every other language's is <address><lang>/)
# when none is set (CONFERRAL_SITE_URL, read by mkdocs.yml and `python -m conferral_site`): a name
# under .example, which can never be registered (RFC 2606), so canonical links, sitemaps and the
# embed snippets are valid addresses that plainly say the site's own address was never set.
PLACEHOLDER_SITE_URL = "https://conferral.example/"


def public_address(url: str) -> str:
    """The site's public address as given, if it is one: http(s), a host, a path ending in "/"
    (where the site's root is), nothing after it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not parts.path.endswith("/") \
            or parts.query or parts.fragment or any(c.isspace() or c in "\"'<>\\`" for c in url):
        raise SiteDataError(f"the site's public address {url!r} must be an http(s) address ending in '/', "
                            "e.g. https://conferral.example/ (set CONFERRAL_SITE_URL)")
    return url


@dataclass(frozen=True)
class SiteOptions:
    year: int  # the "current" year: holiday pages cover year - years_around .. year + years_around
    years_around: int = 2
    examples: bool = True  # the worked examples (the core's, api kind "examples"): /examples/ and judge pages
    api_dir: str = "api"  # where the open-data JSON goes
    lang: str = "en"  # the language of every page and of the open data
    site_url: str = PLACEHOLDER_SITE_URL  # the public address of the site at the root (the embed snippets name it)

    def __post_init__(self) -> None:
        public_address(self.site_url)


@dataclass(frozen=True)
class GeneratedFile:
    """A file of the generated docs tree. A page (path ending in .md) is Markdown of the fixed
    form markup.py describes: front matter, headings, raw HTML blocks."""

    src_uri: str  # its path in the tree: "judges/caed-claire.md", "api/judges.json"
    content: str | bytes


# Where a judge page stops being worth indexing for search: above it, the name, status and first
# steps; below it, long tables that would make the index slow to download and to build.
SEARCH_STOP = "<!-- conferral:search-stop -->"


def front_matter(title: str, description: str, skip: dict[str, str] | None = None) -> str:
    """`generated: true` tells a renderer the body is of markup.py's fixed form. `skip` ({"to": an
    id on the page, "label": its words}) is a keyboard user's first link: main.html puts it before
    the site's header and menus."""
    # JSON strings are valid YAML strings, whatever characters the title holds.
    extra = f"skip: {json.dumps(skip, ensure_ascii=False)}\n" if skip else ""
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
            f"description: {json.dumps(description, ensure_ascii=False)}\n{extra}generated: true\n---\n")


def ask(request: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Call the core's API; an error answer stops the build with the core's own message."""
    answer = api.handle({**request, "lang": lang})
    if "error" in answer:
        err = answer["error"]
        raise SiteDataError(f"{request.get('kind')} request failed: {err['message']} (field: {err['field']})")
    return answer


def language_root(lang: str) -> str:
    """Where a language's site lives: English at the root, every other language under /<lang>/."""
    return "" if lang == "en" else f"{lang}/"


def alternates(lang: str, path: str) -> list[dict[str, str]]:
    """The same page in every other language: its path from this site's root (which may climb
    out of it: "../judges/x/" from the Spanish site), its language and the language's own name."""
    up = "../" * language_root(lang).count("/")
    return [{"lang": other, "name": catalog(other).text("page", "language.name"),
             "path": up + language_root(other) + path} for other in LANGUAGES if other != lang]


def page_dir(src_uri: str) -> str:
    """The URL directory a page is served from (MkDocs directory URLs)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


@functools.lru_cache(maxsize=65536)
def relative(from_src: str, to_path: str) -> str:
    """A link from the page built from `from_src` to a site path ("judges/caed-claire/#x")."""
    target, _, anchor = to_path.partition("#")
    start = page_dir(from_src) or "."
    rel = posixpath.relpath(target or ".", start)
    if to_path.endswith("/") or target.endswith("/") or rel == ".":
        rel = rel.rstrip("/") + "/"
    if not target.endswith("/") and "." in posixpath.basename(target):
        rel = rel.rstrip("/")
    if rel == "./" and anchor:
        return f"#{anchor}"  # a link within the same page
    return rel + (f"#{anchor}" if anchor else "")


class Renderer:
    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.cat = catalog(lang)
        self.env = Environment(loader=PackageLoader("conferral_site", "templates"),
                               autoescape=select_autoescape(enabled_extensions=("md", "html"), default=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True,
                               # Markdown heading ids are written "{#id}", so Jinja comments use {## ##}.
                               comment_start_string="{##", comment_end_string="##}")
        # A link to another site reads as that site's name, not a long address (phones; a path is not a title).
        self.env.filters.update(date=self.date_text, time_tag=self.time_tag, dated_tag=self.dated_tag,
                                host=lambda url: urllib.parse.urlsplit(url).hostname or url)
        self.env.globals.update(t=self.t, tj=self.tj, plural=self.cat.plural, lang=lang, anchor=anchor, in_force=self.in_force,
                                said=self.said)
        self.date_text = functools.lru_cache(maxsize=4096)(self.date_text)  # type: ignore[method-assign]
        self._source_word = self.t("source")
        self._checked = self.cat.text("page", "quote.checked", date="{date}")

    def t(self, key: str, **params: Any) -> Markup:
        """A sentence of the page from the catalog's [page] section. The catalog's own text is
        trusted markup; every value put into it is escaped unless it is markup already."""
        return Markup(self.cat.text("page", key, **{k: escape(v) for k, v in params.items()}))

    def tj(self, key: str, judge: dict[str, Any], **params: Any) -> Markup:
        """A sentence of the page about one judge, worded for how the court refers to the judge
        (the judge's "address": "she", "he" or "unknown"; messages.Catalog.addressed)."""
        return Markup(self.cat.addressed("page", key, judge["address"], **{k: escape(v) for k, v in params.items()}))

    def date_text(self, iso: str) -> str:
        if "T" in iso:
            return self.cat.datetime(dt.datetime.fromisoformat(iso))
        return self.cat.date(dt.date.fromisoformat(iso))

    def time_tag(self, iso: str) -> Markup:
        return Markup(f'<time datetime="{escape(iso)}">{escape(self.date_text(iso))}</time>')

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one renderer per build; a few hundred distinct dates
    def source_summary(self, dated: str | None, precision: str, old: bool) -> Markup:
        if not dated:
            return self._source_word
        return self.t("source.summary-old" if old else "source.summary", date=self.dated_tag(dated, precision))

    def said(self, iso: str, text: str) -> Markup:
        """A computed date as the core worded it (e.g. "Mon Nov 30, 2026, before 12:00 noon")."""
        return Markup(f'<time datetime="{escape(iso)}">{escape(text)}</time>')

    def dated_tag(self, iso: str, precision: str = "day") -> Markup:
        """A document's date as exact as the document is: "February 2026" for a list dated by month."""
        if precision == "day":
            return self.time_tag(iso)
        day = dt.date.fromisoformat(iso)
        if precision == "year":
            return Markup(f'<time datetime="{day.year}">{day.year}</time>')
        text = self.cat.text("status", "month", month=self.cat.lookup("format", "months")[day.month - 1], year=day.year)
        return Markup(f'<time datetime="{day.year}-{day.month:02d}">{escape(text)}</time>')

    def in_force(self, span: dict[str, str | None]) -> Markup:
        """When a version of a rule is known to be in force, in words."""
        start, until = span["from"], span["until"]
        if start and until:
            return self.t("version.range", start=self.time_tag(start), end=self.time_tag(until))
        if start:
            return self.t("version.since", date=self.time_tag(start))
        return self.t("version.until", end=self.time_tag(until))

    def quote_html(self, source: dict[str, Any], href: str, title: str) -> Markup:
        """A quotation with its document, pinpoint and dates (Python, not a Jinja macro: it is
        on every row of every judge page, and this is the hot path of a large build)."""
        # f-strings with escape(): Markup.format is several times slower on this hot path.
        summary = f'{self.t("quote.summary")} ' if source["form"] == "summary" else ""
        if source["secondary"] and source["form"] != "summary":
            summary = f'{self.t("quote.secondary")} '
        old = f' {self.t("quote.old", year=source["dated"][:4])}' if source["old"] else ""
        dated = f" ({self.dated_tag(source['dated'], source['precision'])})" if source["dated"] else ""
        # The courts' words stay in English (the law); in another language the page says so
        # with lang="en" and gives a translation beside them, marked as not the official text.
        # The pinpoint is ours, in the page's language.
        lang = ' lang="en"' if self.lang != "en" else ""
        translation = (f'<p class="cf-translation">{self.t("quote.translation", text=source["translation"])}</p>'
                       if source.get("translation") else "")
        checked = self._checked.replace("{date}", str(self.time_tag(source["verified"])))
        return Markup(f'<blockquote class="cf-quote"><p{lang}>“{escape(source["quote"])}”</p>{translation}'
                      f'<footer>{summary}<a href="{escape(href)}">{escape(title)}</a>, '
                      f'<span>{escape(source["pin"])}</span>{dated}. {checked}{old}</footer></blockquote>')

    def render(self, template: str, src_uri: str, **context: Any) -> str:
        def link(path: str) -> str:
            return relative(src_uri, path)

        def source_link(source: dict[str, Any]) -> str:
            anchor = f"#p-{source['paragraph']}" if source.get("paragraph") else ""
            return relative(src_uri, f"sources/{source['doc']}/{anchor}")

        titles = context.get("titles", {})

        def quote(source: dict[str, Any]) -> Markup:
            # A reader sees the document's own title, never our id for it.
            return self.quote_html(source, source_link(source), titles[source["doc"]])

        def evidence(source: dict[str, Any]) -> Markup:
            """One piece of evidence for a judge's status: the document, its date, its words."""
            dated = f" ({self.dated_tag(source['dated'], source['precision'])})" if source["dated"] else ""
            label = f' {self.t("status.secondary")}' if source["secondary"] else ""
            return Markup(f'<a href="{escape(source_link(source))}">{escape(titles[source["doc"]])}</a>{dated}: '
                          f'<q lang="en">{escape(source["quote"])}</q>{label}')

        def source_ref(source: dict[str, Any]) -> Markup:
            # The source's date shows without opening it: a reader sees at once how old a rule is.
            summary = self.source_summary(source["dated"], source["precision"], source["old"])
            return Markup(f'<details class="cf-source" data-search-exclude><summary>{summary}</summary>'
                          f'{quote(source)}</details>')

        return self.env.get_template(template).render(link=link, source_link=source_link, quote=quote,
                                                      source_ref=source_ref, evidence=evidence, h=heading,
                                                      **context)

    def page(self, template: str, src_uri: str, title: str, description: str,
             skip: dict[str, str] | None = None, **context: Any) -> GeneratedFile:
        body = self.render(template, src_uri, title=title, **context)
        return GeneratedFile(src_uri, front_matter(title, description, skip) + body)


# ---- on every core --------------------------------------------------------------------------

# Below this many items, starting processes costs more than it saves.
PARALLEL_FROM = 200
_job: Callable[[Any], Any] | None = None


def _run_job(item: Any) -> Any:
    assert _job is not None  # set by in_parallel before the processes are forked
    return _job(item)


def in_parallel(job: Callable[[Any], _T], items: list[Any]) -> list[_T]:
    """[job(item) for item in items], on every core for a large site (the judge pages are most of
    a build's time). The processes are forked, so they share everything this one has loaded (the
    core's data, the templates) and `job` may be any function; the results come back in order.
    Only forked from a single-threaded process (`mkdocs serve` runs a server thread: there, and
    where fork does not exist, one process does it all)."""
    global _job
    workers = min(os.cpu_count() or 1, 8)
    if (len(items) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [job(item) for item in items]
    _job = job
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run_job, items, chunksize=max(1, len(items) // (workers * 8)))
    finally:
        _job = None


# ---- the pieces ----------------------------------------------------------------------------

@dataclass
class Catalogue:
    """Everything the pages need, read once through the API."""

    courts: list[dict[str, Any]]
    judges: list[dict[str, Any]]  # judge summaries (api kind "judges"); each judge page asks for its detail
    sources: list[dict[str, Any]]
    examples: list[dict[str, Any]] = field(default_factory=list)

    def court(self, court_id: str) -> dict[str, Any]:
        return next(c for c in self.courts if c["id"] == court_id)


def read_catalogue(options: SiteOptions) -> Catalogue:
    lang = options.lang
    courts = ask({"kind": "courts"}, lang)["courts"]
    judges = ask({"kind": "judges"}, lang)["judges"]
    judges.sort(key=lambda j: (j["court"], j["name"].split()[-1], j["name"]))
    sources = ask({"kind": "sources"}, lang)["sources"]
    cat = Catalogue(courts, judges, sources)
    if options.examples:
        cat.examples = read_examples(lang)
    return cat


def read_examples(lang: str = "en") -> list[dict[str, Any]]:
    """The core's worked examples (api kind "examples"), each with the engine's answer computed
    now, never stored, and its events' labels from its judge's procedure."""
    examples = []
    judges: dict[str, dict[str, Any]] = {}
    for ex in ask({"kind": "examples"}, lang)["examples"]:
        request = ex["request"]
        if request["judge"] not in judges:
            judges[request["judge"]] = ask({"kind": "judge", "judge": request["judge"]}, lang)["judge"]
        procedure = next(p for p in judges[request["judge"]]["procedures"] if p["id"] == request["procedure"])
        examples.append({"id": ex["id"], "title": ex["title"], "why": ex["why"], "judge": request["judge"],
                         "labels": {e["id"]: e["label"] for e in procedure["events"]},
                         "procedure": request["procedure"], "events": request["events"],
                         "service": request.get("service"), "conditions": request.get("conditions", []),
                         "result": ex["answer"]})
    return examples


def first_steps(cat: Any, judge: dict[str, Any]) -> list[str]:
    """"What to do first": 3-5 plain sentences, built from the judge's own data."""
    out: list[str] = []
    status = judge["status"]
    if status["warn"]:
        out.append(status["text"])
    if not judge["own_rules"]:
        out.append(cat.addressed("site", "first.court-rules", judge["address"], name=judge["name"]))
    mode, who = judge["governing"]["mode"], judge["governing"]["who"]  # the core says which governs
    if mode:
        out.append(mode["text"])
    else:
        requirements = [r for p in judge["procedures"] for r in p["requirements"] if r["current"]]
        first = next((r for r in requirements if r["kind"] == "sequence"), None)
        if first:
            out.append(first["text"])
    if who:
        out.append(who["text"])
    if len(out) < 3 and judge["court_requirements"]:
        out.append(judge["court_requirements"][0]["text"])  # every court here: certify that you conferred
    for proc in sorted(judge["procedures"], key=lambda p: p["inherited"]):
        current = [d for d in proc["deadlines"] if d["current"]]
        if current and len(out) < 5:
            d = current[0]
            out.append(cat.text("site", "first.deadline", procedure=proc["title"], title=d["title"], rule=d["rule"]))
    return out[:5]


def requirement_rows(cat: Any, procedure: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The requirements table: the rows the core gives the table role, labelled as the core says,
    in the order of the catalog's [rows] section (consequences are listed after the table)."""
    order = list(cat.section("rows"))
    rows = [r for r in procedure["requirements"] if r["role"] == "row" and r["current"]]
    return [(r["label"], r) for r in sorted(rows, key=lambda r: order.index(r["kind"]))]


def anchor(href: str, text: str) -> Markup:
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def timeline(procedure: dict[str, Any]) -> list[dict[str, Any]]:
    """Each event in order, with the deadlines and windows counted from it."""
    items = []
    for event in procedure["events"]:
        hangs = [d for d in procedure["deadlines"] if d["anchor"] == event["id"]]
        hangs += [w for w in procedure["windows"] if w["anchor"] == event["id"]]
        items.append({"event": event, "then": hangs})
    return items


def freshness(judge: dict[str, Any], court: dict[str, Any]) -> dict[str, Any]:
    """What a judge page says about how current its rules are, and where to check them."""
    judges_page = next(link["url"] for link in judge["court_links"] if link["kind"] == "judges")
    return {"procedure_names": "; ".join(p["title"] for p in court["procedures"]) or court["name"],
            "judge_list_url": judges_page, "newest_old": judge["newest_source_old"],
            "old_years": judge["old_after_years"]}


def documents_of(judge: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The document each of a judge's procedures asks the parties to write, as the core's
    `document` answer names it (the letter builder renders that answer in the browser); a
    procedure whose sources name no document is left out."""
    out = []
    for p in judge["procedures"]:
        answer = api.handle({"kind": "document", "judge": judge["id"], "procedure": p["id"], "lang": lang})
        if "error" in answer:
            if answer["error"]["code"] == "no-document":
                continue
            raise SiteDataError(f"document request for {judge['id']} / {p['id']} failed: {answer['error']['message']}")
        out.append({"procedure": p["id"], "procedure_title": p["title"], "document": answer["document"],
                    "title": answer["title"]})
    return out


def used_sources(judge: dict[str, Any]) -> list[dict[str, Any]]:
    """Every source quoted on a judge's page, grouped by document."""
    docs: dict[str, list[dict[str, Any]]] = {}
    items = judge["court_requirements"][:]
    for p in judge["procedures"]:
        items += p["deadlines"] + p["windows"] + p["checks"] + p["requirements"]
    if "chambers" in judge:
        items.append(judge["chambers"])
    items += [{"source": e} for e in judge["status"]["evidence"]]
    for item in items:
        src = item["source"]
        quotes = docs.setdefault(src["doc"], [])
        if all(q["quote"] != src["quote"] for q in quotes):
            quotes.append(src)
    return [{"doc": doc, "quotes": quotes} for doc, quotes in sorted(docs.items())]


# ---- the site ------------------------------------------------------------------------------

def build_site(options: SiteOptions, checker: str = PLAIN_CHECKER) -> list[GeneratedFile]:
    """Every generated page and the open data. `checker`: the checker script's path in the site
    (site.json's routes.checker), which the widget's bare page loads itself."""
    lang = options.lang
    r = Renderer(lang)
    data = read_catalogue(options)
    titles = {s["id"]: s["title"] for s in data.sources}
    files: list[GeneratedFile] = []
    examples_by_proc: dict[tuple[str, str], dict[str, Any]] = {}
    # A judge page shows, per procedure, the example that fills in the most events.
    for ex in sorted(data.examples, key=lambda e: (-len(e["events"]), len(e["conditions"]))):
        result = ex["result"]
        examples_by_proc.setdefault((ex["judge"], ex["procedure"]), {
            "title": ex["title"], "why": ex["why"], "deadlines": {d["id"]: d for d in result["deadlines"]},
            "windows": {w["id"]: w for w in result["windows"]}, "checks": {c["id"]: c for c in result["checks"]}})

    text = r.cat.text

    def rows(procedure: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return requirement_rows(r.cat, procedure)

    court_procedures = {c["id"]: ask({"kind": "court", "court": c["id"]}, lang)["court"] for c in data.courts}
    files.append(r.page("judges.html", "judges/index.md", text("site", "judges.title"), text("site", "judges.description"),
                        courts=data.courts, judges=data.judges, open_data=f"{options.api_dir.strip('/')}/judges.json"))

    def judge_files(judge_id: str) -> tuple[list[GeneratedFile], list[dict[str, Any]]]:
        """A judge's page and open data, both from the API's answer for that judge, and the
        documents its procedures ask the parties to write (for the letter builder's page)."""
        judge = ask({"kind": "judge", "judge": judge_id}, lang)["judge"]
        documents = documents_of(judge, lang)
        first_calculator = min(judge["procedures"], key=lambda p: p["inherited"], default=None)
        skip = ({"to": f"calculator-{first_calculator['id']}", "label": r.t("judge.skip")}
                if first_calculator else None)
        page = r.page(
            "judge.html", f"judges/{judge['id']}.md", text("site", "judge.title", name=judge["name"]),
            text("site", "judge.description", name=judge["name"], court=judge["court_short_name"]), skip,
            judge=judge, viewer=judge["id"], first=first_steps(r.cat, judge), timeline=timeline,
            rows=rows, examples=examples_by_proc, sources=used_sources(judge), titles=titles,
            documents={d["procedure"]: d for d in documents}, **freshness(judge, court_procedures[judge["court"]]))
        return ([page, GeneratedFile(f"{api_dir}/judges/{judge['id']}.json", as_json({"kind": "judge", "judge": judge}))],
                documents)

    api_dir = options.api_dir.strip("/")
    documents: dict[str, list[dict[str, Any]]] = {}
    for judge_id, (pair, written) in zip([j["id"] for j in data.judges],
                                         in_parallel(judge_files, [j["id"] for j in data.judges])):
        files += pair
        if written:
            documents[judge_id] = written
    files.append(r.page("letter.html", "letter/index.md", text("site", "letter.title"),
                        text("site", "letter.description"), courts=data.courts, judges=data.judges,
                        documents=documents))

    years = list(range(options.year - options.years_around, options.year + options.years_around + 1))
    files.append(r.page("courts.html", "courts/index.md", text("site", "courts.title"),
                        text("site", "courts.description"), courts=data.courts, judges=data.judges))
    for court in data.courts:
        src = f"courts/{court['id']}.md"
        detail = ask({"kind": "court", "court": court["id"]}, lang)["court"]
        src_years = {y: relative(src, f"holidays/{court['id']}/{y}/") for y in years}
        year_links = Markup(", ").join(anchor(href, str(y)) for y, href in src_years.items())
        sitting = [j for j in data.judges if j["court"] == court["id"]]
        files.append(r.page(
            "court.html", src, text("site", "court.title", name=court["name"]),
            text("site", "court.description", name=court["name"]), court=detail, viewer=court["id"],
            judges=sitting, year_links=year_links, rows=rows, timeline=timeline, titles=titles,
            examples={}, zone=r.cat.lookup("zones", detail["time_zone"])))

    files.append(r.page("holidays_index.html", "holidays/index.md", text("site", "holidays.title"),
                        text("site", "holidays.description"), courts=data.courts, years=years))
    for court in data.courts:
        for year in years:
            src = f"holidays/{court['id']}/{year}.md"
            calendar = ask({"kind": "calendar", "court": court["id"], "year": year}, lang)
            files.append(r.page(
                "holidays.html", src, text("site", "holiday.title", year=year, court=court["short_name"]),
                text("site", "holiday.description", year=year, court=court["name"]),
                court=court, year=year, years=years, holidays=calendar["holidays"]))

    files.append(r.page("sources.html", "sources/index.md", text("site", "sources.title"),
                        text("site", "sources.description"), sources=data.sources))
    for meta in data.sources:
        src = f"sources/{meta['id']}.md"
        doc = ask({"kind": "source", "doc": meta["id"]}, lang)
        files.append(r.page("source.html", src, doc["title"], text("site", "source.description", title=doc["title"]),
                            doc=doc))

    if options.examples:
        judges_by_id = {j["id"]: j for j in data.judges}
        for ex in data.examples:
            ex["entered"] = Markup("; ").join(
                Markup("{}: {}").format(ex["labels"][event], r.time_tag(when)) for event, when in ex["events"].items())
            if ex["service"]:
                ex["service"] = r.cat.lookup("service", ex["service"])
        files.append(r.page("examples.html", "examples/index.md", text("site", "examples.title"),
                            text("site", "examples.description"), examples=data.examples,
                            judges=judges_by_id))

    files.append(r.page("checker.html", "checker/index.md", text("site", "checker.title"),
                        text("site", "checker.description")))
    files += embed_pages(r, data, options.site_url, checker)
    files += open_data(options, data)
    # Every language's checker strings ship with every build: a widget takes lang=... .
    files += [GeneratedFile(f"assets/conferral/strings.{code}.json", json.dumps(
        catalog(code).section("checker"), ensure_ascii=False, sort_keys=True).encode("utf-8")) for code in LANGUAGES]
    return files


def embed_pages(r: Renderer, data: Catalogue, site_url: str, checker: str) -> list[GeneratedFile]:
    """The widget (/embed/: a bare page, no site chrome) and the "Embed this" page, whose snippets
    name the widget at the site's public address."""
    from .headers import meta_csp

    widget = r.render("embed_widget.html", "embed/index.md", alternates=alternates(r.lang, "embed/"),
                      embed_csp=meta_csp(embed=True), checker=checker)
    example = "judge=caed-claire&amp;procedure=informal-conference&amp;host=https://your-court.example"
    snippets = {
        "snippet_one": ('<iframe data-conferral src="' + site_url + 'embed/#' + example + '"\n'
                        f'  title="{r.t("embed.snippet-one-title")}"\n'
                        f'  sandbox="{EMBED_SANDBOX}"\n'
                        f'  allow="{EMBED_ALLOW}" loading="lazy" width="100%" height="640"></iframe>'),
        "snippet_all": ('<iframe data-conferral src="' + site_url + 'embed/#host=https://your-court.example"\n'
                        f'  title="{r.t("embed.snippet-all-title")}"\n  sandbox="{EMBED_SANDBOX}"\n'
                        f'  allow="{EMBED_ALLOW}" loading="lazy" width="100%" height="720"></iframe>'),
        "snippet_script": '<script src="' + site_url + 'assets/conferral/embed.js" defer></script>',
    }
    how = r.page("embed_this.html", "embed-this/index.md", r.cat.text("site", "embed.title"),
                 r.cat.text("site", "embed.description"), **snippets)
    return [GeneratedFile("embed/index.html", widget), how]


# The widget's frame: scripts and downloads (the calendar file); a link to the judge's page opens
# in a new tab, outside the sandbox; "Copy summary" and "Copy link" need the clipboard. Never
# allow-same-origin: with allow-scripts it would undo the sandbox.
EMBED_SANDBOX = "allow-scripts allow-downloads allow-popups allow-popups-to-escape-sandbox"
EMBED_ALLOW = "clipboard-write"


def as_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def open_data(options: SiteOptions, data: Catalogue) -> list[GeneratedFile]:
    """/api/judges.json and /api/courts.json: the same answers the API gives (each judge's own,
    /api/judges/<judge>.json, is written with the judge's page)."""
    base = options.api_dir.strip("/")
    files = [GeneratedFile(f"{base}/judges.json", as_json(ask({"kind": "judges"}, options.lang)))]
    files.append(GeneratedFile(f"{base}/courts.json", as_json(ask({"kind": "courts"}, options.lang))))
    return files


def judge_list_html(src_uri: str, lang: str = "en") -> str:
    """The "find your judge" list, for hand-written pages that ask for it."""
    r = Renderer(lang)
    judges = ask({"kind": "judges"}, lang)["judges"]
    courts = ask({"kind": "courts"}, lang)["courts"]
    return r.render("_judge_list.html", src_uri, courts=courts, judges=judges)
