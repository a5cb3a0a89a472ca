"""The conferral check: how the parties conferred, held against what the judge's rules say.

Each finding is "problem", "ok" or "info", with the rule's source, so a person sees exactly
which words of which order their conferral meets or misses.
"""

from __future__ import annotations

from typing import Any

from .messages import Catalog
from .rules import Judge, Procedure, Requirement

# Requirement kinds that say something about conferring, shown as information.
INFO_KINDS = ("scope", "sequence", "certification", "exception", "location")


def _modes(cat: Catalog, modes: list[str] | tuple[str, ...], joiner: str) -> str:
    words = [cat.lookup("modes", m) for m in modes]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {cat.lookup('words', joiner)} " + words[-1]


def _finding(level: str, req: Requirement, text: str) -> dict[str, Any]:
    return {"level": level, "requirement": req.id, "text": text, "source": req.source.to_json()}


def check(cat: Catalog, judge: Judge, procedures: list[Procedure], modes: list[str], participants: list[str] | None,
          response_hours: int | None) -> dict[str, Any]:
    findings: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for proc in procedures:
        for req in proc.requirements_on(None):
            key = (req.kind, req.source.quote)
            if key in seen:
                continue
            seen.add(key)
            finding = _judge_requirement(cat, judge.form, req, modes, participants, response_hours)
            if finding:
                findings.append(finding)
    order = {"problem": 0, "ok": 1, "info": 2}
    findings.sort(key=lambda f: order[f["level"]])
    return {"judge": judge.id, "procedures": [p.id for p in procedures],
            "ok": not any(f["level"] == "problem" for f in findings), "findings": findings}


def _judge_requirement(cat: Catalog, form: str, req: Requirement, modes: list[str], participants: list[str] | None,
                       response_hours: int | None) -> dict[str, Any] | None:
    f = req.fields
    if req.kind == "conferral-mode":
        accepted = [m for m in modes if m in f["modes"]]
        if accepted:
            return _finding("ok", req, cat.addressed("conferral", "mode.ok", form, used=_modes(cat, accepted, "and"),
                                                allowed=_modes(cat, f["modes"], "or")))
        weak = [m for m in modes if m in f.get("insufficient", ())]
        if not weak and "insufficient" in f:
            # The source names what counts and what does not; this way is neither: say so, never guess.
            return _finding("info", req, cat.addressed("conferral", "mode.unlisted", form, allowed=_modes(cat, f["modes"], "or"),
                                                  used=_modes(cat, modes, "or")))
        key = "mode.insufficient" if weak else "mode.problem"
        return _finding("problem", req, cat.addressed("conferral", key, form, allowed=_modes(cat, f["modes"], "or"),
                                                 used=_modes(cat, weak or modes, "or")))
    if req.kind == "conferral-who":
        if participants is None:
            return _finding("info", req, req.text)
        if f["who"] in participants:
            return _finding("ok", req, cat.addressed("conferral", "who.ok", form, who=cat.lookup("participants", f["who"])))
        return _finding("problem", req, cat.addressed("conferral", "who.problem", form, who=cat.lookup("participants", f["who"])))
    if req.kind == "conferral-response":
        if response_hours is None:
            return _finding("info", req, req.text)
        if response_hours <= f["criticised_hours"]:
            return _finding("problem", req, cat.addressed("conferral", "response.problem", form, hours=response_hours,
                                                     criticised=f["criticised_hours"]))
        # An order criticised a short time; it set no minimum, so more time is information, not a pass.
        return _finding("info", req, cat.addressed("conferral", "response.more", form, hours=response_hours,
                                              criticised=f["criticised_hours"]))
    if req.kind in INFO_KINDS:
        return _finding("info", req, req.text)
    return None
