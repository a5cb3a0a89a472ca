"""`conferral …`: a thin shell over api.handle.

Arguments become one API request; the answer is printed as JSON (--json) or as a short
human answer. Any error is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import api
from .messages import catalog


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        print(f"conferral: {message} (see 'conferral {self.prog.split()[-1]} --help')" if " " in self.prog
              else f"conferral: {message} (see 'conferral --help')", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    top = _Parser(prog="conferral", description="Meet-and-confer deadlines for U.S. federal courts.")
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("period", help="count a period under FRCP 6")
    p.add_argument("--court", required=True, help="court id, e.g. caed or cand")
    p.add_argument("--from", dest="start", required=True, metavar="WHEN",
                   help="YYYY-MM-DD for days, YYYY-MM-DDTHH:MM (court time) for hours")
    p.add_argument("--days", type=_whole, help="length in days")
    p.add_argument("--hours", type=_whole, help="length in hours")
    p.add_argument("--before", action="store_true", help="count back from the event")
    p.add_argument("--service", choices=("electronic", "mail", "clerk", "consent", "personal"),
                   help="how the papers were served (Rule 6(d))")
    p.add_argument("--json", action="store_true", help="print the API's JSON answer")

    c = sub.add_parser("calendar", help="a court's legal holidays for a year")
    c.add_argument("--court", required=True)
    c.add_argument("--year", required=True, type=_whole)
    c.add_argument("--json", action="store_true")

    s = sub.add_parser("courts", help="the courts Conferral knows")
    s.add_argument("--json", action="store_true")
    return top


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _request(args: argparse.Namespace) -> dict[str, Any]:
    if args.command == "period":
        req: dict[str, Any] = {"kind": "period", "court": args.court, "from": args.start,
                               "direction": "before" if args.before else "after"}
        for key in ("days", "hours", "service"):
            if getattr(args, key) is not None:
                req[key] = getattr(args, key)
        return req
    if args.command == "calendar":
        return {"kind": "calendar", "court": args.court, "year": args.year}
    return {"kind": "courts"}


def _human(answer: dict[str, Any]) -> str:
    cat = catalog("en")
    if answer["kind"] == "period":
        return _human_period(answer, cat)
    if answer["kind"] == "calendar":
        lines = [f"Legal holidays for {answer['court']} in {answer['year']}:"]
        for h in answer["holidays"]:
            day = cat.date(_date(h["date"]))
            extra = " (forward periods only; court open)" if h["forward_only"] else ""
            if "observed_for" in h:
                extra += f" (observed; the holiday is {cat.date(_date(h['observed_for']))})"
            lines.append(f"  {day}  {h['name']}{extra}  [{h['citation']}]")
        return "\n".join(lines)
    return "\n".join(f"{c['id']}  {c['name']}" for c in answer["courts"])


def _human_period(answer: dict[str, Any], cat: Any) -> str:
    def show(value: str) -> str:
        return cat.datetime(_moment(value)) if "T" in value else cat.date(_date(value))

    lines = [f"Due: {show(answer['due'])}"]
    if answer["safe_due"] != answer["due"]:
        lines[0] += f"  (safe date: {show(answer['safe_due'])})"
    lines.append("How it was counted:")
    lines += [f"  {i}. {s['text']} [FRCP {s['rule']}]" for i, s in enumerate(answer["steps"], 1)]
    lines += [f"Warning: {w['text']}" for w in answer["warnings"]]
    return "\n".join(lines)


def _date(text: str) -> Any:
    import datetime as dt
    return dt.date.fromisoformat(text)


def _moment(text: str) -> Any:
    import datetime as dt
    return dt.datetime.fromisoformat(text)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    answer = api.handle(_request(args))
    if "error" in answer:
        print(f"conferral: {answer['error']['message']}", file=sys.stderr)
        return 2
    print(json.dumps(answer, ensure_ascii=False, indent=2) if args.json else _human(answer))
    return 0
