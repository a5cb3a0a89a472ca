"""`conferral …`: a thin shell over api.handle.

Arguments become one API request; the answer is printed as JSON (--json) or as a short
human answer. Any error is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, Callable, NoReturn

from . import api, letters, periods
from .messages import LANGUAGES, Catalog, catalog

if TYPE_CHECKING:
    import datetime as dt


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        print(f"conferral: {message} (see 'conferral {self.prog.split()[-1]} --help')" if " " in self.prog
              else f"conferral: {message} (see 'conferral --help')", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    top = _Parser(prog="conferral", description="Meet-and-confer deadlines for U.S. federal courts.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default="en", help=f"the language of the answer ({', '.join(LANGUAGES)})")
    # Typed as plain parsers: `common` is one, and argparse takes any parser as a parent.
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = top.add_subparsers(
        dest="command", required=True, parser_class=_Parser)
    original_add = sub.add_parser

    def add_parser(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return original_add(name, parents=[common], **kwargs)

    sub.add_parser = add_parser  # type: ignore[method-assign]  # on purpose: every subcommand gets `common`

    p = sub.add_parser("period", help="count a period under FRCP 6")
    p.add_argument("--court", required=True, help="court id, e.g. caed or cand")
    p.add_argument("--from", dest="start", required=True, metavar="WHEN",
                   help="YYYY-MM-DD for days and business days, YYYY-MM-DDTHH:MM (court time) for hours")
    p.add_argument("--days", type=_whole, help="length in days")
    p.add_argument("--hours", type=_whole, help="length in hours")
    p.add_argument("--business-days", dest="business_days", type=_whole,
                   help="length in business days (weekdays that are not legal holidays)")
    p.add_argument("--before", action="store_true", help="count back from the event")
    p.add_argument("--service", choices=periods.SERVICE_METHODS,
                   help="how the papers were served (Rule 6(d))")
    p.add_argument("--json", action="store_true", help="print the API's JSON answer")

    c = sub.add_parser("calendar", help="a court's legal holidays for a year")
    c.add_argument("--court", required=True)
    c.add_argument("--year", required=True, type=_whole)
    c.add_argument("--json", action="store_true")

    s = sub.add_parser("courts", help="the courts Conferral knows")
    s.add_argument("--json", action="store_true")

    j = sub.add_parser("judges", help="the judges Conferral knows, with their procedures")
    j.add_argument("--json", action="store_true")

    d = sub.add_parser("deadlines", help="every deadline of a judge's procedure")
    d.add_argument("--judge", required=True, help="judge id, e.g. caed-claire")
    d.add_argument("--procedure", required=True, help="procedure id, e.g. informal-conference")
    d.add_argument("--event", action="append", default=[], metavar="NAME=WHEN",
                   help="an event and its date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM); repeat for more")
    d.add_argument("--service", choices=periods.SERVICE_METHODS,
                   help="how the order or papers were served (Rule 6(d))")
    d.add_argument("--condition", action="append", default=[], metavar="ID",
                   help="a condition of the procedure that applies (see `conferral judges`)")
    d.add_argument("--today", metavar="YYYY-MM-DD",
                   help="today's date, to mark the deadlines that have already passed")
    d.add_argument("--json", action="store_true")

    lt = sub.add_parser("letter", help="check a letter's pages and type size (exit 1 if it fails)")
    lt.add_argument("--judge", required=True)
    lt.add_argument("--procedure", required=True)
    lt.add_argument("file", metavar="FILE", help="the letter as a PDF, or a .txt file for an estimate")
    lt.add_argument("--json", action="store_true")

    dc = sub.add_parser("document", help="the parts, caption, limits and signatures of the document a procedure "
                                         "has you write (a joint letter, a Joint Statement)")
    dc.add_argument("--judge", required=True)
    dc.add_argument("--procedure", required=True)
    dc.add_argument("--date", metavar="YYYY-MM-DD", help="use the rules in force on this day (default: the newest)")
    dc.add_argument("--json", action="store_true")
    return top


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _request(args: argparse.Namespace) -> dict[str, Any]:
    return {**_kind_request(args), "lang": args.lang}


def _kind_request(args: argparse.Namespace) -> dict[str, Any]:
    cat = catalog(args.lang)
    if args.command == "period":
        req: dict[str, Any] = {"kind": "period", "court": args.court, "from": args.start,
                               "direction": "before" if args.before else "after"}
        for key in ("days", "hours", "business_days", "service"):
            if getattr(args, key) is not None:
                req[key] = getattr(args, key)
        return req
    if args.command == "calendar":
        return {"kind": "calendar", "court": args.court, "year": args.year}
    if args.command == "deadlines":
        events = {}
        for item in args.event:
            name, sep, when = item.partition("=")
            if not sep or not name or not when:
                raise _Usage(cat.text("cli", "event-format", item=item))
            if name in events:
                raise _Usage(cat.text("cli", "event-twice", name=name))
            events[name] = when
        req = {"kind": "deadlines", "judge": args.judge, "procedure": args.procedure, "events": events}
        if args.service:
            req["service"] = args.service
        if args.condition:
            req["conditions"] = args.condition
        if args.today:
            req["today"] = args.today
        return req
    if args.command == "letter":
        return _letter_request(args, cat)
    if args.command == "document":
        req = {"kind": "document", "judge": args.judge, "procedure": args.procedure}
        if args.date:
            req["date"] = args.date
        return req
    return {"kind": args.command}


class _Usage(Exception):
    """A command-line mistake found after argparse (printed as one line, exit 2)."""


def _letter_request(args: argparse.Namespace, cat: Catalog) -> dict[str, Any]:
    import base64
    from pathlib import Path

    path = Path(args.file)
    try:
        data = _read_capped(path)
    except OSError as err:
        raise _Usage(cat.text("cli", "cannot-read", file=args.file, reason=err.strerror or err)) from None
    if data is None:
        raise _Usage(cat.text("cli", "file-too-big", file=args.file, limit=letters.MAX_BYTES // 1024 // 1024))
    req: dict[str, Any] = {"kind": "letter", "judge": args.judge, "procedure": args.procedure}
    if path.suffix.lower() == ".txt":
        try:
            req["text"] = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _Usage(cat.text("cli", "not-utf8", file=args.file)) from None
    else:
        req["pdf"] = base64.b64encode(data).decode("ascii")
    return req


def _read_capped(path: Any) -> bytes | None:
    """The file's bytes, or None if it is larger than the letter checker takes. Never reads more
    than that: a regular file's size is known first, and anything else (a pipe, /dev/zero) is read
    in pieces up to one byte past the limit."""
    import os
    import stat

    info = os.stat(path)
    if stat.S_ISREG(info.st_mode) and info.st_size > letters.MAX_BYTES:
        return None
    chunks, total = [], 0
    with open(path, "rb") as handle:
        while total <= letters.MAX_BYTES:
            chunk = handle.read(min(1 << 20, letters.MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    return None if total > letters.MAX_BYTES else b"".join(chunks)


def _human(answer: dict[str, Any], cat: Catalog) -> str:
    def say(key: str, **params: Any) -> str:
        return cat.text("cli", key, **params)

    if answer["kind"] == "period":
        return _human_period(answer, cat, say)
    if answer["kind"] == "judges":
        return "\n".join(_human_judge(j, say) for j in answer["judges"])
    if answer["kind"] == "deadlines":
        return _human_deadlines(answer, cat, say)
    if answer["kind"] == "letter":
        return _human_letter(answer, say)
    if answer["kind"] == "document":
        return _human_document(answer, say)
    if answer["kind"] == "calendar":
        lines = [say("calendar", court=answer["court"], year=answer["year"])]
        for h in answer["holidays"]:
            extra = f" {say('forward-only')}" if h["forward_only"] else ""
            if "observed_for" in h:
                extra += f" {say('observed', date=_show(cat, h['observed_for']))}"
            lines.append(f"  {_show(cat, h['date'])}  {h['name']}{extra}  [{h['citation']}]")
        return "\n".join(lines)
    return "\n".join(f"{c['id']}  {c['name']}" for c in answer["courts"])


def _human_period(answer: dict[str, Any], cat: Catalog, say: Callable[..., str]) -> str:
    lines = [say("due", date=_show(cat, answer["due"]))]
    if answer["safe_due"] != answer["due"]:
        lines[0] += f"  {say('safe', date=_show(cat, answer['safe_due']))}"
    lines.append(say("how"))
    lines += [f"  {i}. {s['text']} [{say('rule.order') if s['rule'] == 'order' else 'FRCP ' + s['rule']}]"
              for i, s in enumerate(answer["steps"], 1)]
    lines += [say("warning", text=w["text"]) for w in answer["warnings"]]
    return "\n".join(lines)


def _show(cat: Catalog, value: str) -> str:
    return cat.datetime(_moment(value)) if "T" in value else cat.date(_date(value))


def _human_judge(j: dict[str, Any], say: Callable[..., str]) -> str:
    text = j["status"]["label"]  # the core's words for every status, as on the site
    procs = say("procedures", ids=", ".join(p["id"] for p in j["procedures"]))
    where = ", ".join(part for part in (j["initials"], j["location"]) if part)
    return f"{j['id']}  {j['name']} ({where}; {text})  {procs}"


def _human_deadlines(answer: dict[str, Any], cat: Catalog, say: Callable[..., str]) -> str:
    """The safe date first, always; the rule's later date only as the sentence that says why not
    to use it. A date counted from an assumed event says so, and on what it rests."""
    lines = [say("warning", text=w["text"]) for w in answer["warnings"]]
    for d in answer["deadlines"]:
        line = f"{d['title']}: {d['safe_due_text']}"
        if d["assumed"]:
            line += f"  {say('latest')}"
        lines.append(line)
        if d["assumed"]:
            lines.append("    " + d["assumed"]["text"] + " " + d["safe_due_text"])
        if d["later"]:
            lines.append("    " + d["later"]["text"])
        lines.append("    " + say("source", pin=d["source"]["pin"], quote=d["source"]["quote"]))
        lines += ["    " + say("warning", text=w["text"]) for w in d["warnings"]]
    for w in answer["windows"]:
        lines.append(say("range", title=w["title"], start=_show(cat, w["start"]), end=_show(cat, w["end"])))
    lines += [c["text"] for c in answer["checks"]]
    lines += [e["text"] for e in answer["earliest"]]
    lines += [m["text"] for m in answer["missing"]]
    lines += [o["text"] for o in answer["outside"]]
    if not lines:
        return say("nothing")
    return "\n".join(lines + [say("caveat", text=c["text"]) for c in answer["caveats"]])


def _human_letter(answer: dict[str, Any], say: Callable[..., str]) -> str:
    limit = f" {say('limit', max=answer['max_pages'])}" if answer["max_pages"] else ""
    lines = []
    if answer["pages"] is not None:
        lines.append(say("estimated" if answer["estimate"] else "pages", pages=answer["pages"]) + limit)
        counted = answer.get("counted_pages")
        if counted is not None and counted != answer["pages"]:  # a page taller than Letter counts as several
            lines.append(say("counted", counted=counted))
    if not answer["estimate"] and answer.get("required_font_pt") and answer["min_font_pt"] is not None:
        lines.append(say("smallest", size=answer["min_font_pt"], need=answer["required_font_pt"]))
    if answer.get("applied"):
        lines += [say("applied"), *(f"  {text}" for text in answer["applied"])]
    for f in answer["findings"]:
        where = f" {say('page', page=f['page'])}" if f.get("page") else ""
        lines.append(f"{say('level.' + f['level'])}{where}: {f['message']}")
    lines += [say("assumes", text=a) for a in answer.get("assumptions", [])]
    errors = any(f["level"] == "error" for f in answer["findings"])
    unchecked = answer.get("unchecked_pages") or []
    if answer["ok"]:
        lines.append(say("result.ok"))
    elif unchecked and not errors:
        lines.append(say("result.unchecked", pages=", ".join(map(str, unchecked))))
    else:
        lines.append(say("result.fail"))
    return "\n".join(lines)


def _human_document(answer: dict[str, Any], say: Callable[..., str]) -> str:
    """An outline of the document: its page and limits, its caption, each section with what to write
    there and its source, the signature block, and the deadline for filing it."""
    def source(src: dict[str, Any] | None, indent: str) -> list[str]:
        return [indent + say("document.source", title=src["title"], pin=src["pin"])] if src else []

    page, check = answer["page"], answer["letter_check"]
    lines = [answer["title"], f"{answer['judge_name']}: {answer['procedure_title']}",
             say("document.page", paper=page["paper"], margin=_number(page["margin_in"]), pt=page["font_pt"])]
    if check:
        lines += [say("document.limits"), *(f"  {text}" for text in check["limits"] + check["unset"])]
    caption = answer["caption"]
    lines += [say("document.caption"), *(f"  {line}" for line in caption["lines"])]
    for field in caption["fields"]:
        if field.get("suffix"):
            lines.append("  " + say("document.suffix", suffix=field["suffix"]))
        if field.get("default"):
            lines.append("  " + say("document.title", title=field["default"]))
    lines += ["  " + say("document.words", words=words) for words in caption["words"]]
    for r in caption["requirements"]:
        lines += [f"  - {r['text']}", *source(r["source"], "    ")]
    lines.append(say("document.sections"))
    for number, section in enumerate(answer["sections"], 1):
        notes = [say(key) for key, on in (("document.per-issue", section["per_issue"]),
                                          ("document.sides", section["sides"]),
                                          ("document.unsourced", not section["sourced"])) if on]
        heading = section["heading"] or say("document.free")
        lines.append(f"  {number}. {heading}" + (f" ({'; '.join(notes)})" if notes else ""))
        lines += [f"     {section['prompt']}", *source(section["source"], "     ")]
    if answer["signature"]:
        signature = answer["signature"]
        lines += [say("document.signature", heading=signature["heading"]), f"  {signature['prompt']}"]
        for r in signature["requirements"]:
            lines += [f"  - {r['text']}", *source(r["source"], "    ")]
    if answer["other_requirements"]:
        lines.append(say("document.other"))
        for r in answer["other_requirements"]:
            lines += [f"  - {r['text']}", *source(r["source"], "    ")]
    for deadline in answer["filing_deadlines"]:
        lines.append(say("document.deadline", id=deadline, judge=answer["judge"], procedure=answer["procedure"]))
    lines += [say("caveat", text=c["text"]) for c in answer["caveats"]]
    lines += [say("document.english", text=answer["why_english"]), answer["notice"]]
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:g}"


def _date(text: str) -> dt.date:
    import datetime as dt
    return dt.date.fromisoformat(text)


def _moment(text: str) -> dt.datetime:
    import datetime as dt
    return dt.datetime.fromisoformat(text)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        request = _request(args)
    except _Usage as err:
        _say_error(str(err))
        return EXIT_USAGE
    answer = api.handle(request)
    if "error" in answer:
        _say_error(answer["error"]["message"])
        return EXIT_USAGE
    text = json.dumps(answer, ensure_ascii=False, indent=2) if args.json else _human(answer, catalog(args.lang))
    problem = _write(text + "\n", catalog(args.lang))
    if problem is not None:
        if problem:  # a closed pipe (`| head`) is not worth a word
            _say_error(problem)
        return EXIT_OUTPUT
    return EXIT_FAILS if answer["kind"] == "letter" and not answer["ok"] else EXIT_OK


# Exit statuses: a script can tell a failing letter from a mistake and from an answer that could not
# be written (an encoding the terminal lacks, a full disk).
EXIT_OK, EXIT_FAILS, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


def _write(text: str, cat: Catalog) -> str | None:
    """Write the answer; None if it was written, else the one line that says why not ("" for a
    closed pipe)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except UnicodeEncodeError as err:
        _silence_stdout()
        return cat.text("cli", "cannot-encode", encoding=err.encoding)
    except BrokenPipeError:
        _silence_stdout()
        return ""
    except OSError as err:
        _silence_stdout()
        return cat.text("cli", "cannot-write", reason=err.strerror or str(err))
    return None


def _silence_stdout() -> None:
    """After a failed write, point stdout at nothing, so Python's own flush at exit cannot fail again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _say_error(message: str) -> None:
    """One line on stderr, whatever its encoding can show."""
    line = f"conferral: {message}\n"
    try:
        sys.stderr.write(line)
    except UnicodeEncodeError:
        encoding = getattr(sys.stderr, "encoding", None) or "ascii"
        sys.stderr.write(line.encode(encoding, "backslashreplace").decode(encoding))
