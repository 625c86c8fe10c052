"""The same time expressions written the way ISO-TimeML (ISO 24617-1) annotates them.

This project's own reading is TimeML 1.2's (TempEval-3, the held-out set): "two years ago"
is one DATE, `2006`. ISO-TimeML, which the NewsReader guidelines adopt for MEANTIME, reads
an anchored duration as two things: the measure "two years" is a DURATION (`P2Y`, its
`beginPoint`/`endPoint` linking it to the point), "ago" / "before" / "later" is a signal
outside it, and the point it reaches is an empty (non-consuming) TIMEX3 that covers no text.
So under ISO-TimeML the expression that covers words is the duration; the point is kept by
the event dating in this project's own reading. ISO-TimeML values are ISO 8601 ones, which
have no decade or century designator: "decades" is `PXY`, as TimeML 1.2 writes `PXDE`.

`CONVENTIONS` names the two; `as_iso_timeml` rewrites found expressions into the second.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eventwatch.when.spans import Found, Norm

CONVENTIONS = ("timeml", "iso-timeml")
_DECADES = re.compile(r"P(?P<n>\d+|X)(?P<u>DE|CE)")


def as_iso_timeml(
    found: list[Found], text: str, measure: Callable[[dict[str, str | None]], str | None]
) -> list[Found]:
    """`found` with each anchored duration ("two years ago", "three days earlier", "a week
    later") cut to its measure and valued as a DURATION; the rest unchanged.

    `measure(parts)` gives the duration value of an "ago" match's groups, or None."""
    out: list[Found] = []
    for f in found:
        value = measure(f.parts) if f.rule == "ago" and f.parts.get("dir") else None
        if value is None:
            out.append(_in_years(f))
            continue
        # the signal is the last words of the match: the measure is what comes before it
        end = f.start + len(text[f.start: f.end - len(f.parts["dir"] or "")].rstrip(" -"))
        out.append(Found(f.start, end, Norm("DURATION", value, "duration"), f.rule, f.parts))
    return out


def _in_years(f: Found) -> Found:
    """A duration counted in decades or centuries ("decades": `PXDE`) counted in years."""
    m = _DECADES.fullmatch(f.norm.value) if f.norm.type == "DURATION" else None
    if m is None:
        return f
    n = m["n"] if m["n"] == "X" else str(int(m["n"]) * (10 if m["u"] == "DE" else 100))
    return Found(f.start, f.end, Norm("DURATION", f"P{n}Y", f.norm.precision), f.rule, f.parts)
