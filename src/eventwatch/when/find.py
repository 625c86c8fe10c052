"""Time expressions in a parsed document or a text, as TimeValue records or span dicts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from eventwatch.dates import parse_date
from eventwatch.errors import E, EventwatchError
from eventwatch.records import TimeValue
from eventwatch.when.grammar import Context, grammar
from eventwatch.when.iso import CONVENTIONS, as_iso_timeml
from eventwatch.when.reported import reanchor_reported
from eventwatch.when.tense import direction_at

if TYPE_CHECKING:
    from spacy.tokens import Doc


def as_date(published: date | str | None) -> date | None:
    """A published date given as a date, a datetime or a string in any form
    `eventwatch.dates.parse_date` reads (ISO 8601, RFC 2822 ...), or None."""
    if published is None:
        return None
    try:
        return parse_date(published)
    except ValueError as exc:
        raise EventwatchError(E.BAD_DATE, value=published) from exc


def _entity_lookup(doc: Doc):
    labels: dict[int, str] = {}
    for ent in doc.ents:
        for tok in ent:
            labels[tok.idx] = ent.label_

    def entity(start: int, end: int) -> str | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        for tok in span:
            if tok.idx in labels:
                return labels[tok.idx]
        return None

    return entity


def times_in_doc(
    doc: Doc, published: date | str | None, convention: str = "timeml"
) -> list[TimeValue]:
    """Every time expression in a parsed document, normalised against `published`.

    Relative expressions ("yesterday", "last week") resolve against the published date, or
    against the day of the saying when they are in what a dated saying reports; a
    month or weekday without a year resolves by the tense of its clause; with no published
    date, values stay underspecified (`XXXX-10`).

    `convention` "iso-timeml" writes anchored durations the way ISO-TimeML does ("two years
    ago": the DURATION "two years", `P2Y`; see `when.iso`); "timeml" (TimeML 1.2, the default
    and what event dates use) writes the date they reach."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown TIMEX convention {convention!r}: one of {CONVENTIONS}")
    anchor = as_date(published)
    text = doc.text  # spaCy joins the tokens again on every access
    ctx = Context(
        text=text,
        anchor=anchor,
        direction=lambda s, e: direction_at(doc, s, e),
        entity=_entity_lookup(doc),
    )
    found = reanchor_reported(grammar().scan(ctx), doc, ctx, grammar().scan)
    if convention == "iso-timeml":
        found = as_iso_timeml(found, text, grammar().ago_measure)
    return [
        TimeValue(text=text[f.start:f.end], value=f.norm.value, precision=f.norm.precision,
                  type=f.norm.type, start=f.start, end=f.end)
        for f in found
    ]


def find_times(
    text: str, published: date | str | None = None, convention: str = "timeml"
) -> list[dict[str, Any]]:
    """Time expressions in `text` as `{start, end, text, type, value, precision}` dicts.

    The text is parsed with the shared spaCy model (tense and entity hints); `convention`
    as in `times_in_doc`."""
    from eventwatch import nlp

    doc = nlp.load()(text)
    return [
        {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
         "precision": t.precision}
        for t in times_in_doc(doc, published, convention)
    ]
