"""Rules as data: courts' and judges' procedures, read strictly from data/courts and data/judges.

Every deadline, window, check and requirement carries a `source` (document, pinpoint,
verbatim quote, date). A judge inherits procedures from its court (`inherits`), may extend
an inherited procedure (`[[extend]]`: a requirement with the same id replaces the court's,
with its own source) and may add its own procedures.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from . import calendars, loader
from .loader import DataError, Table
from .periods import AFTER, BEFORE, BUSINESS_DAYS, COURT_DAYS, DAYS, HOURS
from .translations import localize

# A judge's status: sitting; a district judge on senior status; a retired magistrate judge recalled
# to service; retired; left the post for a higher one (e.g. magistrate judge -> district judge); or
# not confirmed by any recent source.
STATUSES = ("active", "senior", "recalled", "retired", "elevated", "unknown")
STATUSES_WITH_DATE = ("retired", "elevated")
# Requirement kinds that inform a reader without being a rule of the dispute itself.
INFO_ONLY_KINDS = ("referral",)  # the page says since when, so the data must
ROLES = ("magistrate", "district")
# A judge id: <court>-<surname>, lowercase ASCII, spaces and apostrophes as hyphens, accents dropped
# (cand-van-keulen, caed-barch-kuchta); a second judge with the same surname adds a first initial.
# The browser checks links against this same pattern (published in the open data).
JUDGE_ID = re.compile(r"[a-z]+(?:-[a-z]+)+")
# A source older than this, counted from the day we last checked it, is labelled old on every page
# and result: standing orders here are revised every few years (one judge's: 2013, 2014, 2015, 2017,
# 2018, 2023), so an older one may well have been replaced.
OLD_AFTER_YEARS = 5
LINK_KINDS = ("judge-page", "judges", "local-rules", "standing-orders")
# How the court refers to a judge (a judge file's [address]: "she" or "he", shown by a court's or the
# judge's own document), or "unknown" where no such source was found. Languages that mark gender
# (Spanish: "la jueza", "el juez") word a judge by it, and use neutral words for "unknown": never a
# guess from a first name.
PRONOUNS = ("she", "he")
ADDRESS_FORMS = (*PRONOUNS, "unknown")
# The words that show a pronoun in a source's quote (whole words, any case).
PRONOUN_WORDS = {"she": ("she", "her", "hers", "herself"), "he": ("he", "him", "his", "himself")}
SOURCE_KINDS = ("court-document", "court-notice", "quotations", "rule-text", "secondary")
EVENT_TYPES = ("date", "datetime")
MODES = ("in-person", "phone", "video", "letter", "email")
PARTICIPANTS = ("lead-trial-counsel", "counsel", "party")
# The requirement kinds a letter is checked against (api kind "letter"): a procedure with none has no letter check.
# Each names the document it limits (`document`, in its source's own words: "joint letter", "Joint Statement").
LETTER_LIMITS = ("page-limit", "font")
# The requirement kinds that name the document a procedure has the parties write (its limits, and the
# list of its parts): all of them in force at once name the same document (_check_documents).
DOCUMENT_KINDS = (*LETTER_LIMITS, "contents")
# How a part of a document's contents (a `contents` requirement's `parts`) is written: a section of
# the letter with its own heading, or a part of its caption or of its signature block.
PART_ROLES = ("section", "caption", "signature")
# A section's heading is printed in the letter, which is written in English (the court's language).
HEADING = re.compile(r"[A-Z0-9][A-Za-z0-9 ,.;:'()/&-]*")
SECTION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TEXT_KINDS = ("scope", "exception", "consequence", "signatures", "caption", "certification", "sequence",
              "location", "record", "conduct", "stay", "request", "outcome", "hearing", "exhibits", "referral")
# How a page shows a requirement: in its procedure's table of requirements, or, for these kinds,
# after it, as what happens when the rule is not kept.
CONSEQUENCE_KINDS = ("consequence",)
# Typed fields of each requirement kind: name -> (type, required)
REQUIREMENT_FIELDS: dict[str, dict[str, tuple[Any, bool]]] = {
    "conferral-mode": {"modes": ("modes", True), "insufficient": ("modes", False)},
    "conferral-who": {"who": (PARTICIPANTS, True)},
    "conferral-response": {"criticised_hours": (int, True)},
    "page-limit": {"document": (str, True), "max_pages": (int, True),
                   "counts": (("all-pages", "excluding-exhibits", "not-stated"), True)},
    "font": {"document": (str, True), "min_pt": (int, True)},
    "submission": {"method": (("email", "e-file"), True), "address": (str, False)},
    "courtesy-copy": {"required": (bool, True), "label": (str, False)},
    # The document's parts: `items` in words; `document`, its name in its source's words; `parts`, how
    # the items are laid out in the letter (headings in English); `each_side`, each side writes its own
    # (not one joint document); `partial`, the source lists only some of the document's parts.
    "contents": {"items": ("strings", True), "document": (str, True), "parts": ("parts", False),
                 "each_side": (bool, False), "partial": (bool, False)},
    **{kind: {} for kind in TEXT_KINDS},
    # What the caption (a filing's heading) must carry, each in the quote's own words: a designation
    # after the case number ("(JCS)"), words in the caption ("DISCOVERY MATTER"), the document's title.
    "caption": {"designation": (str, False), "words": (str, False), "title": (str, False)},
}


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: the document, the pinpoint, the verbatim quote and its dates."""

    doc: str
    pin: str
    quote: str
    verified: dt.date
    dated: dt.date | None = None
    form: str = "verbatim"  # or "summary": a summary of cited orders (ours, or a third party's), not the court's words
    translation: str | None = None  # the quote in the reader's language; never the official text

    @property
    def old(self) -> bool:
        """Dated more than OLD_AFTER_YEARS before we last checked it (undated: not known to be old)."""
        return self.dated is not None and years_between(self.dated, self.verified) >= OLD_AFTER_YEARS

    def to_json(self) -> dict[str, Any]:
        meta = sources()[self.doc]
        # The document's own title: a reader sees it, never our id for the document.
        out = {"doc": self.doc, "title": meta["title"], "pin": self.pin, "quote": self.quote, "form": self.form,
               "dated": self.dated.isoformat() if self.dated else None, "verified": self.verified.isoformat(),
               "paragraph": paragraph_of(self.doc, self.quote), "old": self.old,
               "secondary": meta["kind"] == "secondary", "precision": meta["precision"]}
        if self.translation is not None:
            out["translation"] = self.translation
        return out


@dataclass(frozen=True)
class InForce:
    """The dates a version of a rule is known to be in force (OpenFisca-style dated values): from
    the date of the document that shows it, until the day before a later source changed it."""

    start: dt.date | None = None
    until: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)

    def overlaps(self, other: InForce) -> bool:
        return ((self.start is None or other.until is None or self.start <= other.until)
                and (other.start is None or self.until is None or other.start <= self.until))

    def to_json(self) -> dict[str, str | None]:
        return {"from": self.start.isoformat() if self.start else None,
                "until": self.until.isoformat() if self.until else None}


ALWAYS = InForce()


def years_between(earlier: dt.date, later: dt.date) -> int:
    """Whole years from `earlier` to `later` (0 if later is not after it)."""
    years = later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))
    return max(years, 0)


@dataclass(frozen=True)
class Event:
    """A date or time the reader gives (a hearing, a conference), with its form label."""

    id: str
    label: str  # a form label: "Hearing date"
    noun: str  # for sentences: "the hearing"
    type: str
    hint: str
    served: bool  # the event is the service of papers: its method matters for FRCP 6(d)
    in_court: bool = False  # held by the court (a hearing): a weekend or court holiday is surely a mistake


@dataclass(frozen=True)
class Condition:
    """A yes/no fact the reader states, on which some rules depend."""

    id: str
    label: str


@dataclass(frozen=True)
class Deadline:
    """A deadline rule: so many days or hours before or after an event, with its source."""

    id: str
    title: str
    anchor: str
    count: int
    unit: str  # periods.UNITS: "days" | "hours" | "business-days" | "court-days"
    direction: str
    source: Source
    clock: dt.time | None = None
    clock_edge: str = "by"  # "by" the clock time, or "before" it ("before noon")
    group: str | None = None
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    note: str | None = None
    in_force: InForce = ALWAYS
    # The event this deadline is the last day for (Spero: the meeting deadline sets the event
    # "meeting"). It orders the procedure's events, and lets the engine assume the event on its
    # last allowed day when a reader has not entered it. Set only where the rule's words say so.
    sets: str | None = None
    # The deadline is the one for filing or sending the document the procedure names (its `contents`
    # and letter limits): the document builder shows it beside the letter.
    files_document: bool = False


@dataclass(frozen=True)
class Window:
    """A span of days counted from an event (its first and last day), with its source."""

    id: str
    title: str
    anchor: str
    first_day: int
    last_day: int
    source: Source
    note: str | None = None
    in_force: InForce = ALWAYS


@dataclass(frozen=True)
class Check:
    """A rule that two events be at least so many days apart, with its source."""

    id: str
    title: str
    first: str
    second: str
    min_days: int
    source: Source
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    in_force: InForce = ALWAYS


@dataclass(frozen=True)
class Requirement:
    """A requirement that is not a date (how to meet, what to file, page limits), with its source."""

    id: str
    kind: str
    text: str
    source: Source
    fields: dict[str, Any] = field(default_factory=dict)
    owner: str = ""  # the court or judge whose file states it
    in_force: InForce = ALWAYS


@dataclass(frozen=True)
class Procedure:
    """One way a dispute reaches the court, as a court or judge sets it: events, deadlines, requirements."""

    id: str
    title: str
    summary: str
    owner: str  # the court or judge whose file defines it
    events: tuple[Event, ...]
    conditions: tuple[Condition, ...]
    deadlines: tuple[Deadline, ...]
    windows: tuple[Window, ...]
    checks: tuple[Check, ...]
    requirements: tuple[Requirement, ...]

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)

    def requirements_on(self, day: dt.date | None) -> tuple[Requirement, ...]:
        """The requirements in force on `day` (None: the newest version of each)."""
        return in_force_on(self.requirements, day)


@dataclass(frozen=True)
class Status:
    """A judge's service (active, senior, retired, ...), on what evidence, as of when."""

    value: str
    as_of: dt.date  # the date of the newest evidence
    evidence: tuple[Source, ...]  # newest first
    date: dt.date | None = None  # when the status began, e.g. the day the judge retired
    note: str | None = None
    to: str | None = None  # elevated out of this court: the court the judge went to

    @property
    def left_court(self) -> bool:
        return self.value in ("retired", "elevated") and (self.value == "retired" or self.to is not None)

    @property
    def secondary_only(self) -> bool:
        return all(sources()[e.doc]["kind"] == "secondary" for e in self.evidence)

    @property
    def old(self) -> bool:
        return years_between(self.as_of, max(e.verified for e in self.evidence)) >= 1


@dataclass(frozen=True)
class Link:
    """An official page a reader can open (a judge's page, the local rules). The address must be
    written verbatim in a stored source: never made up from a pattern."""

    url: str
    doc: str
    kind: str = "judge-page"  # LINK_KINDS: what the page is (its words come from the catalog)


@dataclass(frozen=True)
class Address:
    """How a court or the judge's own document refers to the judge ("she", "he"), with the words
    that show it."""

    pronoun: str
    source: Source


@dataclass(frozen=True)
class Judge:
    """A judge: names, court, status, and the procedures and requirements that apply before them."""

    id: str
    court: str
    name: str
    role: str
    title: str
    initials: str
    status: Status
    location: str | None
    verified: dt.date
    procedures: tuple[Procedure, ...]
    chambers: str | None = None
    chambers_source: Source | None = None
    page: Link | None = None
    address: Address | None = None

    @property
    def form(self) -> str:
        """How a sentence addresses the judge (ADDRESS_FORMS): the pronoun a source shows, or "unknown"."""
        return self.address.pronoun if self.address else "unknown"

    @property
    def has_own_rules(self) -> bool:
        """Does any source show discovery rules of this judge's own (not only the court's)? How a
        district judge's discovery reaches the magistrate judge (`referral`) is not a rule of the
        dispute itself: a page with only that still says the court's rules apply."""
        return any(p.owner == self.id or any(r.owner == self.id and r.kind not in INFO_ONLY_KINDS
                                             for r in p.requirements) for p in self.procedures)

    def procedure(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)


@dataclass(frozen=True)
class Marker:
    """A designation after a case number that is not a judge's initials, e.g. "(PC)"."""

    code: str
    meaning: str
    source: Source | None  # None: seen on case numbers, but no source explains it


@dataclass(frozen=True)
class Caption:
    """The court's name as the first lines of a paper filed there print it ("UNITED STATES DISTRICT
    COURT", "NORTHERN DISTRICT OF CALIFORNIA"), as the court's own documents print it (`source`)."""

    lines: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class CourtRules:
    """A court's own procedures and requirements, which its judges inherit unless they set their own."""

    court: calendars.Court
    procedures: tuple[Procedure, ...]
    requirements: tuple[Requirement, ...]
    links: tuple[Link, ...] = ()
    markers: tuple[Marker, ...] = ()
    caption: Caption | None = None


def in_force_on(items: Any, day: dt.date | None) -> tuple[Any, ...]:
    """Of items with versions (same id, dated `in_force`), the one in force on `day`; with `day`
    None, the newest version of each id. Items keep their order."""
    if day is not None:
        return tuple(i for i in items if i.in_force.covers(day))
    newest: dict[str, Any] = {}
    for item in items:
        held = newest.get(item.id)
        if held is None or (item.in_force.start or dt.date.min) > (held.in_force.start or dt.date.min):
            newest[item.id] = item
    return tuple(i for i in items if newest[i.id] is i)


# ---- reading -------------------------------------------------------------------------------

def _source(t: Table | None) -> Source:
    if t is None:
        raise AssertionError("unreachable: callers pass required tables")
    src = Source(doc=t.get("doc", str), pin=t.get("pin", str), quote=t.get("quote", str),
                 verified=t.get("verified", dt.date), dated=t.get("dated", dt.date, None),
                 form=t.choice("form", ("verbatim", "summary"), "verbatim"))
    t.done()
    if src.doc not in sources():
        raise DataError(t.file, f"{t.where}.doc", f"unknown source document {src.doc!r}")
    if src.form == "summary" and sources()[src.doc]["kind"] not in ("quotations", "secondary"):
        raise DataError(t.file, f"{t.where}.form", "a summary must come from a quotations or secondary document")
    if src.dated is not None and src.dated > src.verified:
        raise DataError(t.file, f"{t.where}.dated", "a source cannot be dated after the day it was checked")
    return src


def _in_force(t: Table) -> InForce:
    raw = t.table("in_force", None)
    if raw is None:
        return ALWAYS
    value = InForce(raw.get("from", dt.date, None), raw.get("until", dt.date, None))
    raw.done()
    if value.start is None and value.until is None:
        raise DataError(t.file, f"{t.where}.in_force", "give from, until or both")
    if value.start and value.until and value.until < value.start:
        raise DataError(t.file, f"{t.where}.in_force.until", "ends before it starts")
    return value


def _ids(t: Table, key: str) -> tuple[str, ...]:
    return tuple(t.strings(key, []))


def _event(t: Table) -> Event:
    e = Event(t.get("id", str), t.get("label", str), t.get("noun", str), t.choice("type", EVENT_TYPES), t.get("hint", str),
              t.get("served", bool, False), t.get("in_court", bool, False))
    t.done()
    return e


# The keys that state a deadline's period, and its unit. A data file names exactly one.
PERIOD_KEYS = {"days": DAYS, "hours": HOURS, "business_days": BUSINESS_DAYS, "court_days": COURT_DAYS}


def _deadline(t: Table) -> Deadline:
    given = {key: t.get(key, int, None) for key in PERIOD_KEYS}
    given = {key: n for key, n in given.items() if n is not None}
    if len(given) != 1:
        raise DataError(t.file, t.where, f"give exactly one of {', '.join(PERIOD_KEYS)}")
    (key, count), = cast("dict[str, int]", given).items()  # the Nones were just dropped
    if count < 1:
        raise DataError(t.file, f"{t.where}.{key}", "must be at least 1")
    clock = t.get("clock", str, None)
    try:
        clock_time = dt.time.fromisoformat(clock) if clock else None
    except ValueError:
        raise DataError(t.file, f"{t.where}.clock", f"{clock!r} is not HH:MM") from None
    edge = t.choice("clock_edge", ("by", "before"), "by")
    if "clock_edge" in t.raw and clock_time is None:
        raise DataError(t.file, f"{t.where}.clock_edge", "needs a clock")
    d = Deadline(id=t.get("id", str), title=t.get("title", str), anchor=t.get("anchor", str),
                 count=count, unit=PERIOD_KEYS[key],
                 direction=t.choice("direction", (AFTER, BEFORE)), source=_source(t.table("source")),
                 clock=clock_time, clock_edge=edge,
                 group=t.get("group", str, None), when=_ids(t, "when"), unless=_ids(t, "unless"),
                 note=t.get("note", str, None), in_force=_in_force(t), sets=t.get("sets", str, None),
                 files_document=t.get("files_document", bool, False))
    t.done()
    return d


def _window(t: Table) -> Window:
    w = Window(t.get("id", str), t.get("title", str), t.get("anchor", str), t.get("first_day", int),
               t.get("last_day", int), _source(t.table("source")), t.get("note", str, None), _in_force(t))
    t.done()
    return w


def _check(t: Table) -> Check:
    c = Check(t.get("id", str), t.get("title", str), t.get("first", str), t.get("second", str),
              t.get("min_days", int), _source(t.table("source")), _ids(t, "when"), _ids(t, "unless"), _in_force(t))
    t.done()
    return c


def _requirement(t: Table, owner: str) -> Requirement:
    kind = t.choice("kind", tuple(REQUIREMENT_FIELDS))
    values: dict[str, Any] = {}
    # by the field's kind: strings, a choice, a number or a flag, or a document's parts
    value: list[str] | list[dict[str, Any]] | str | int | None
    for name, (kind_of, required) in REQUIREMENT_FIELDS[kind].items():
        default = ... if required else None
        if kind_of == "modes":
            value = t.strings(name, default)
            bad = [m for m in value or () if m not in MODES]
            if bad:
                raise DataError(t.file, f"{t.where}.{name}", f"unknown mode {bad[0]!r}")
        elif kind_of == "strings":
            value = t.strings(name, default)
        elif kind_of == "parts":
            value = _parts(t, name) if name in t.raw else None
        elif isinstance(kind_of, tuple):
            value = t.choice(name, kind_of, default)
        else:
            value = t.get(name, kind_of, default)
        if value is not None:
            values[name] = value
    r = Requirement(t.get("id", str), kind, t.get("text", str), _source(t.table("source")), values, owner,
                    _in_force(t))
    t.done()
    if kind in DOCUMENT_KINDS:
        _check_document(t, r)
    if kind == "contents" and "parts" in values:
        _check_parts(t, r)
    if kind == "caption":
        _check_caption(t, r)
    return r


def _parts(t: Table, name: str) -> list[dict[str, Any]]:
    """A contents requirement's parts, each a table: which items it `covers` (numbered from 1) and its
    `role`; a section also has an `id`, an English `heading`, a `prompt` (what to write, in plain words)
    and whether it is written once per issue (`per_issue`) and once per side (`sides`)."""
    out: list[dict[str, Any]] = []
    for part in t.tables(name):
        role = part.choice("role", PART_ROLES, "section")
        covers = part.get("covers", list)
        if not covers or not all(isinstance(n, int) and not isinstance(n, bool) for n in covers):
            raise DataError(part.file, f"{part.where}.covers", "give the numbers of the items it covers (from 1)")
        entry: dict[str, Any] = {"role": role, "covers": list(covers)}
        if role == "section":
            entry.update(id=part.get("id", str), heading=part.get("heading", str), prompt=part.get("prompt", str),
                         per_issue=part.get("per_issue", bool, False), sides=part.get("sides", bool, False))
        part.done()
        out.append(entry)
    if not out:
        raise DataError(t.file, f"{t.where}.{name}", "list at least one part, or leave parts out")
    return out


def _check_parts(t: Table, r: Requirement) -> None:
    """Every item of the contents is covered by a part, each part covers items that exist, and each
    section has a stable id and an English heading (the letter is written in English)."""
    items, parts = r.fields["items"], r.fields["parts"]
    covered: set[int] = set()
    ids: set[str] = set()
    for i, part in enumerate(parts):
        where = f"{t.where}.parts[{i}]"
        for n in part["covers"]:
            if not 1 <= n <= len(items):
                raise DataError(t.file, f"{where}.covers", f"there is no item {n} (items are numbered 1 to {len(items)})")
        covered.update(part["covers"])
        if part["role"] != "section":
            continue
        if not SECTION_ID.fullmatch(part["id"]):
            raise DataError(t.file, f"{where}.id", "a section id is lowercase letters, digits and hyphens")
        if part["id"] in ids:
            raise DataError(t.file, f"{where}.id", f"two sections share the id {part['id']!r}")
        ids.add(part["id"])
        heading = part["heading"]
        if not HEADING.fullmatch(heading) or heading != " ".join(heading.split()):
            raise DataError(t.file, f"{where}.heading", "an English heading: starts with a capital letter or a digit, "
                                                        "plain letters and punctuation, single spaces")
        if not part["prompt"].strip():
            raise DataError(t.file, f"{where}.prompt", "say in plain words what to write here")
    missing = [n for n in range(1, len(items) + 1) if n not in covered]
    if missing:
        raise DataError(t.file, f"{t.where}.parts", f"item {missing[0]} is in no part: every item is written somewhere")


def _check_caption(t: Table, r: Requirement) -> None:
    """What a caption requirement says the caption carries is written, word for word, in its quote."""
    quote = " ".join(r.source.quote.split())
    for name in ("designation", "words", "title"):
        value = r.fields.get(name)
        if value is None:
            continue
        if not value.strip() or value != " ".join(value.split()):
            raise DataError(t.file, f"{t.where}.{name}", "give the words, without extra spaces")
        if value not in quote:
            raise DataError(t.file, f"{t.where}.{name}", f"{value!r} is not in the quote: take it word for word "
                                                         "from the source")


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _check_document(t: Table, r: Requirement) -> None:
    """A letter limit, or a list of a document's contents, names its document as its source does: the
    name is written in that document."""
    name = r.fields["document"]
    if not name.strip() or name != " ".join(name.split()):
        raise DataError(t.file, f"{t.where}.document", "give the document's name, without extra spaces")
    if _words(name) not in _words(source_text(r.source.doc)):
        raise DataError(t.file, f"{t.where}.document",
                        f"{name!r} is not written in {r.source.doc!r}: name the document in its source's own words")


def letter_document(requirements: Sequence[Requirement]) -> str | None:
    """The name of the document a procedure's letter limits govern (None: no letter limit). Every
    limit in force at once names the same document (rules._check_documents)."""
    return next((r.fields["document"] for r in requirements if r.kind in LETTER_LIMITS), None)


def _check_documents(file: str, where: str, p: Procedure) -> None:
    """The letter limits and contents in force together name one document (a procedure checks and
    lays out one letter), and its sections have different ids."""
    for day in {None, *(r.in_force.start for r in p.requirements if r.in_force.start)}:
        in_force = p.requirements_on(day)
        limits = {_words(r.fields["document"]) for r in in_force if r.kind in LETTER_LIMITS}
        if len(limits) > 1:
            raise DataError(file, where, f"procedure {p.id!r}: its page and type limits name different documents "
                                         f"({', '.join(sorted(limits))})")
        names = {_words(r.fields["document"]) for r in in_force if r.kind in DOCUMENT_KINDS}
        if len(names) > 1:
            raise DataError(file, where, f"procedure {p.id!r}: its limits and contents name different documents "
                                         f"({', '.join(sorted(names))})")
        ids = [part["id"] for r in in_force if r.kind == "contents"
               for part in r.fields.get("parts", ()) if part["role"] == "section"]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise DataError(file, where, f"procedure {p.id!r}: two sections share the id {dupes[0]!r}")
    for i, d in enumerate(p.deadlines):
        if d.files_document and not any(r.kind in DOCUMENT_KINDS for r in p.requirements):
            raise DataError(file, f"{where}.deadline[{i}].files_document",
                            f"procedure {p.id!r} names no document (no contents, page or type limit)")


def _procedure(t: Table, owner: str) -> Procedure:
    p = Procedure(
        id=t.get("id", str), title=t.get("title", str), summary=t.get("summary", str), owner=owner,
        events=tuple(_event(e) for e in t.tables("event")),
        conditions=tuple(_condition(c) for c in t.tables("condition")),
        deadlines=tuple(_deadline(d) for d in t.tables("deadline")),
        windows=tuple(_window(w) for w in t.tables("window")),
        checks=tuple(_check(c) for c in t.tables("check")),
        requirements=tuple(_requirement(r, owner) for r in t.tables("requirement")),
    )
    t.done()
    _check_references(t, p)
    _check_documents(t.file, t.where or "procedure", p)
    return p


def _condition(t: Table) -> Condition:
    c = Condition(t.get("id", str), t.get("label", str))
    t.done()
    return c


def _check_references(t: Table, p: Procedure) -> None:
    """Dangling references are errors: every anchor is an event, every condition is declared."""
    events = {e.id: e for e in p.events}
    conditions = {c.id for c in p.conditions}
    items: Sequence[object]  # each loop below narrows it to the items it walks
    anchored: tuple[tuple[Sequence[Deadline | Window], str], ...] = ((p.deadlines, "deadline"), (p.windows, "window"))
    for items, kind in anchored:
        for i, item in enumerate(items):
            if item.anchor not in events:
                raise DataError(t.file, f"{t.where}.{kind}[{i}].anchor", f"{item.anchor!r} is not an event of {p.id!r}")
    for i, d in enumerate(p.deadlines):
        if d.unit == "hours" and events[d.anchor].type != "datetime":
            raise DataError(t.file, f"{t.where}.deadline[{i}].hours", "an hour deadline needs a datetime event")
        for cond in d.when + d.unless:
            if cond not in conditions:
                raise DataError(t.file, f"{t.where}.deadline[{i}]", f"unknown condition {cond!r}")
    _check_sets(t, p, events)
    for i, c in enumerate(p.checks):
        for ref in (c.first, c.second):
            if ref not in events:
                raise DataError(t.file, f"{t.where}.check[{i}]", f"{ref!r} is not an event of {p.id!r}")
        for cond in c.when + c.unless:
            if cond not in conditions:
                raise DataError(t.file, f"{t.where}.check[{i}]", f"unknown condition {cond!r}")
    for kind, items in (("event", p.events), ("condition", p.conditions)):
        ids = [item.id for item in items]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise DataError(t.file, f"{t.where}.{kind}", f"duplicate id {dupes[0]!r}")
    for kind, items in (("deadline", p.deadlines), ("window", p.windows), ("check", p.checks),
                        ("requirement", p.requirements)):
        check_versions(t.file, f"{t.where}.{kind}", items)


def _check_sets(t: Table, p: Procedure, events: dict[str, Event]) -> None:
    """`sets` names another event of the procedure, which comes after the deadline's anchor; a
    datetime event is set only by a deadline that ends at a time of day; and no event is, through
    a chain of such deadlines, set from itself."""
    follows: dict[str, set[str]] = {}  # event -> the events a deadline of it sets
    for i, d in enumerate(p.deadlines):
        if d.sets is None:
            continue
        where = f"{t.where}.deadline[{i}].sets"
        if d.sets not in events:
            raise DataError(t.file, where, f"{d.sets!r} is not an event of {p.id!r}")
        if d.sets == d.anchor:
            raise DataError(t.file, where, "a deadline cannot set the event it is counted from")
        if d.direction != AFTER:
            raise DataError(t.file, where, "only a deadline counted after its event can set a later event")
        if events[d.sets].type == "datetime" and d.unit != HOURS and d.clock is None:
            raise DataError(t.file, where, f"{d.sets!r} takes a time of day, and this deadline ends on a date")
        follows.setdefault(d.anchor, set()).add(d.sets)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in follows.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    for i, d in enumerate(p.deadlines):
        if d.sets is not None and reaches(d.sets, d.anchor, {d.sets}):
            raise DataError(t.file, f"{t.where}.deadline[{i}].sets", f"{d.sets!r} would come both before and after {d.anchor!r}")


def check_versions(file: str, where: str, items: Any) -> None:
    """Items may share an id only as versions in time: each dated, none overlapping another."""
    by_id: dict[str, list[Any]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    for item_id, versions in by_id.items():
        if len(versions) < 2:
            continue
        if any(v.in_force == ALWAYS for v in versions):
            raise DataError(file, where, f"duplicate id {item_id!r} (versions of one rule each need in_force)")
        for i, a in enumerate(versions):
            for b in versions[i + 1:]:
                if a.in_force.overlaps(b.in_force):
                    raise DataError(file, where, f"versions of {item_id!r} overlap in time")


def _link(t: Table, kind: str | None = None) -> Link:
    link = Link(t.get("url", str), t.get("doc", str), kind or t.choice("kind", LINK_KINDS))
    t.done()
    if link.doc not in sources():
        raise DataError(t.file, f"{t.where}.doc", f"unknown source document {link.doc!r}")
    if link.url not in source_text(link.doc):
        raise DataError(t.file, f"{t.where}.url", f"{link.url!r} is not written in {link.doc!r}: link only to addresses a source gives")
    return link


def _marker(t: Table) -> Marker:
    source_t = t.table("source", None)
    marker = Marker(t.get("code", str), t.get("meaning", str), _source(source_t) if source_t is not None else None)
    t.done()
    if not re.fullmatch(r"[A-Z]{1,4}", marker.code):
        raise DataError(t.file, f"{t.where}.code", "a marker is 1-4 capital letters, without parentheses")
    return marker


def parse_court_rules(file: str, raw: dict[str, Any], court: calendars.Court | None = None) -> CourtRules:
    """Read one court file's rules strictly. `court`: its header as calendars.courts() already read
    it from this same file (not read and checked a second time); None: read it here."""
    t = Table(file, "", raw)
    if court is None:
        court = calendars.parse_court(file, {k: v for k, v in raw.items() if k not in calendars.RULE_SECTIONS})
    procedures = tuple(_procedure(p, court.id) for p in t.tables("procedure"))
    requirements = tuple(_requirement(r, court.id) for r in t.tables("requirement"))
    links = tuple(_link(link) for link in t.tables("link"))
    markers = tuple(_marker(m) for m in t.tables("marker"))
    caption = _caption(t.table("caption"))
    for key in ("id", "name", "short_name", "time_zone", "state", "checked"):
        t.get(key, (str, dt.date))
    t.done()
    codes = [m.code for m in markers]
    if len(codes) != len(set(codes)):
        raise DataError(file, "marker", "a marker is listed twice")
    if not any(link.kind == "judges" for link in links):
        raise DataError(file, "link", "give the court's list of judges (a link of kind \"judges\")")
    return CourtRules(court, procedures, requirements, links, markers, caption)


def _caption(t: Table) -> Caption:
    """The court's caption lines, strictly: each line as the quote prints it (in capitals, in order),
    and the quote word for word in a court's own document."""
    caption = Caption(tuple(t.strings("lines")), _source(t.table("source")))
    t.done()
    src = caption.source
    if not caption.lines or any(not line.strip() or line != " ".join(line.split()) for line in caption.lines):
        raise DataError(t.file, f"{t.where}.lines", "give the caption's lines, each without extra spaces")
    if sources()[src.doc]["kind"] not in ("court-document", "court-notice"):
        raise DataError(t.file, f"{t.where}.source", "take the caption from the court's own documents")
    if _words(src.quote) not in _words(source_text(src.doc)):
        raise DataError(t.file, f"{t.where}.source.quote", f"not written in {src.doc!r}: quote the document word for word")
    if " ".join(caption.lines) not in " ".join(src.quote.split()):
        raise DataError(t.file, f"{t.where}.lines", "the lines are not in the quote, in this order and case")
    return caption


def parse_judge(file: str, raw: dict[str, Any], court_rules: dict[str, CourtRules]) -> Judge:
    t = Table(file, "", raw)
    judge_id, court_id = t.get("id", str), t.get("court", str)
    if file.rsplit("/", 1)[-1] != f"{judge_id}.toml":
        raise DataError(file, "id", f"{judge_id!r} does not match the file name")
    if court_id not in court_rules:
        raise DataError(file, "court", f"unknown court {court_id!r}")
    if not judge_id.startswith(f"{court_id}-") or not JUDGE_ID.fullmatch(judge_id):
        raise DataError(file, "id", f"a judge id is <court>-<surname> in lowercase ASCII with hyphens, "
                                    f"e.g. {court_id}-smith or {court_id}-van-keulen")
    status = _status(t.table("status"))
    page_t = t.table("page", None)
    page = _link(page_t, "judge-page") if page_t is not None else None
    chambers_t = t.table("chambers", None)
    chambers = chambers_source = None
    if chambers_t is not None:
        chambers = chambers_t.get("text", str)
        chambers_source = _source(chambers_t.table("source"))
        chambers_t.done()
    address_t = t.table("address", None)
    inherited = {p.id: p for p in court_rules[court_id].procedures}
    procedures: list[Procedure] = []
    for i, name in enumerate(t.strings("inherits", [])):
        if name not in inherited:
            raise DataError(file, f"inherits[{i}]", f"{court_id!r} has no procedure {name!r}")
        procedures.append(inherited[name])
    for ext in t.tables("extend"):
        name = ext.get("procedure", str)
        index = next((i for i, p in enumerate(procedures) if p.id == name), None)
        if index is None:
            raise DataError(file, f"{ext.where}.procedure", f"{name!r} is not inherited by this judge")
        added = [_requirement(r, judge_id) for r in ext.tables("requirement")]
        ext.done()
        check_versions(file, f"{ext.where}.requirement", added)
        procedures[index] = _extend(procedures[index], added)
        _check_documents(file, ext.where, procedures[index])
    procedures += [_procedure(p, judge_id) for p in t.tables("procedure")]
    judge = Judge(id=judge_id, court=court_id, name=t.get("name", str), role=t.choice("role", ROLES),
                  title=t.get("title", str), initials=t.get("initials", str), status=status,
                  location=t.get("location", str, None), verified=t.get("verified", dt.date),
                  procedures=tuple(procedures), chambers=chambers, chambers_source=chambers_source, page=page,
                  address=_address(address_t, t.raw.get("name", "")) if address_t is not None else None)
    t.done()
    if not re.fullmatch(r"[A-Z]{2,4}", judge.initials):
        raise DataError(file, "initials", "initials are 2-4 capital letters, as on case numbers")
    ids = [p.id for p in judge.procedures]
    if len(ids) != len(set(ids)):
        raise DataError(file, "procedure", "two procedures share an id")
    return judge


def _address(t: Table, name: str) -> Address:
    """A judge's form of address, strictly: a pronoun the quote itself shows, about this judge (the
    quote names the judge's surname), in a court's or the judge's own words (not a third party's)."""
    address = Address(t.choice("pronoun", PRONOUNS), _source(t.table("source")))
    t.done()
    src = address.source
    if sources()[src.doc]["kind"] == "secondary" or src.form != "verbatim":
        raise DataError(t.file, "address.source", "the form of address must come from the court's or the judge's "
                                                  "own words, verbatim (not a third party's)")
    if _words(src.quote) not in _words(source_text(src.doc)):
        raise DataError(t.file, "address.source.quote", f"not written in {src.doc!r}: quote the document word for word")
    words = re.findall(r"[A-Za-z]+", src.quote.casefold())
    if not set(PRONOUN_WORDS[address.pronoun]) & set(words):
        raise DataError(t.file, "address.source.quote", f"the quote does not show {address.pronoun!r} "
                                                        f"({', '.join(PRONOUN_WORDS[address.pronoun])})")
    other = "he" if address.pronoun == "she" else "she"
    if set(PRONOUN_WORDS[other]) & set(words):
        raise DataError(t.file, "address.source.quote", f"the quote also shows {other!r}: quote only words about the judge")
    surname = re.sub(r",? Jr\.?$", "", name).split()[-1] if name else ""
    if surname.casefold() not in src.quote.replace("’", "'").casefold():
        raise DataError(t.file, "address.source.quote", f"the quote must name the judge ({surname!r})")
    return address


def _status(t: Table) -> Status:
    status = Status(t.choice("value", STATUSES), t.get("as_of", dt.date),
                    tuple(_source(e) for e in t.tables("evidence")), t.get("date", dt.date, None),
                    t.get("note", str, None), t.get("to", str, None))
    t.done()
    if status.to is not None and status.value != "elevated":
        raise DataError(t.file, "status.to", "only an elevated judge goes to another court")
    if not status.evidence:
        raise DataError(t.file, "status.evidence", "say what the status rests on (one source or more)")
    if status.value in STATUSES_WITH_DATE and status.date is None:
        raise DataError(t.file, "status.date", f"a status of {status.value!r} needs the date it began")
    # as_of is the date of the newest evidence; an undated court notice ("retired on ...") may be newer
    # than every dated one, but never older.
    dated = [e.dated for e in status.evidence if e.dated is not None]
    undated = len(dated) < len(status.evidence)
    if dated and (status.as_of < max(dated) if undated else status.as_of != max(dated)):
        raise DataError(t.file, "status.as_of", f"must be the date of the newest evidence ({max(dated)})")
    if status.as_of > max(e.verified for e in status.evidence):
        raise DataError(t.file, "status.as_of", "is after the day the evidence was checked")
    return status


def _extend(base: Procedure, added: list[Requirement]) -> Procedure:
    """A judge's requirement replaces every version of the court's one with the same id, or is added
    (the judge's own versions in time are kept together)."""
    replaced = {r.id for r in added}
    kept, placed = [], set()
    for r in base.requirements:
        if r.id not in replaced:
            kept.append(r)
        elif r.id not in placed:
            kept += [a for a in added if a.id == r.id]
            placed.add(r.id)
    kept += [a for a in added if a.id not in placed]
    return Procedure(base.id, base.title, base.summary, base.owner, base.events, base.conditions, base.deadlines,
                     base.windows, base.checks, tuple(kept))


# ---- lazy access ---------------------------------------------------------------------------

@functools.cache
def sources() -> dict[str, dict[str, Any]]:
    file = "sources.toml"
    t = Table(file, "", loader.load(file))
    out: dict[str, dict[str, Any]] = {}
    entry: dict[str, Any]
    for s in t.tables("source"):
        entry = {"id": s.get("id", str), "title": s.get("title", str),
                 "kind": s.choice("kind", SOURCE_KINDS),
                 "court": s.get("court", str, None), "dated": s.get("dated", dt.date, None),
                 "origin": s.get("origin", str), "url": s.get("url", str, None),
                 # How exact `dated` is: a list "as of Feb 2026" is dated 2026-02-01 with precision "month".
                 "precision": s.choice("precision", ("day", "month", "year"), "day")}
        s.done()
        if entry["id"] in out:
            raise DataError(file, f"{s.where}.id", f"duplicate id {entry['id']!r}")
        out[entry["id"]] = entry
    t.done()
    return out


@functools.cache
def source_text(doc: str) -> str:
    from importlib import resources

    return resources.files("conferral_core").joinpath("data", "sources", f"{doc}.txt").read_text(encoding="utf-8")


def paragraphs(doc: str) -> list[str]:
    """A source document's paragraphs (blank-line separated), numbered from 1 by position."""
    return [p for p in source_text(doc).split("\n\n") if p.strip()]


@functools.cache
def paragraph_of(doc: str, quote: str) -> int | None:
    """The number of the first paragraph that holds `quote` (whitespace-normalised), or None
    if it spans paragraphs; pages link a quote to its place with it."""
    wanted = " ".join(quote.split())
    for number, para in enumerate(paragraphs(doc), 1):
        if wanted in " ".join(para.split()):
            return number
    return None


@functools.cache
def _parsed_court_rules() -> dict[str, CourtRules]:
    """Each court's file, read and checked once, in the data's own English."""
    return {cid: parse_court_rules(f"courts/{cid}.toml", loader.load(f"courts/{cid}.toml"), court)
            for cid, court in calendars.courts().items()}


@functools.cache
def _parsed_judges() -> dict[str, Judge]:
    """Each judge's file, read and checked once, in the data's own English."""
    rules = _parsed_court_rules()
    out = {}
    for name in loader.list_dir("judges"):
        judge = parse_judge(f"judges/{name}", loader.load(f"judges/{name}"), rules)
        out[judge.id] = judge
    return out


@functools.cache
def _parsed_judge(judge_id: str) -> Judge | None:
    """One judge's file (judges/<id>.toml), read and checked alone: the first answer about one
    judge need not read all 86 (in the browser, a third of a second on a first visit). None when
    no file has that name or it holds another id: the caller then looks among them all."""
    name = f"{judge_id}.toml"
    if not JUDGE_ID.fullmatch(judge_id) or name not in loader.list_dir("judges"):
        return None
    judge = parse_judge(f"judges/{name}", loader.load(f"judges/{name}"), _parsed_court_rules())
    return judge if judge.id == judge_id else None


@functools.cache
def _localized_judge(judge_id: str, lang: str) -> Judge | None:
    one = _parsed_judge(judge_id)
    return one if one is None or lang == "en" else localize({judge_id: one}, lang)[judge_id]


def judge(judge_id: str, lang: str = "en") -> Judge | None:
    """The judge with this id, with the texts in `lang`, or None: `judges(lang)[judge_id]`,
    without reading every judge's file unless they have been read already."""
    if _parsed_judges.cache_info().currsize:  # all read (a restored engine): the same objects
        return judges(lang).get(judge_id)
    return _localized_judge(judge_id, lang) or judges(lang).get(judge_id)


@functools.cache
def court_rules(lang: str = "en") -> dict[str, CourtRules]:
    """Every court's rules, with the texts in `lang`: the one parse, translated after."""
    parsed = _parsed_court_rules()
    return parsed if lang == "en" else localize(parsed, lang)


@functools.cache
def judges(lang: str = "en") -> dict[str, Judge]:
    """Every judge, with the texts in `lang` (the data's own English, or its translation): the one
    parse, translated after (a court's procedure that many judges inherit is translated once)."""
    parsed = _parsed_judges()
    return parsed if lang == "en" else localize(parsed, lang)
