"""Actors: every mention resolved to who it is, on the article's date, offline.

Public entry points:
- `resolve_actor(text, date=None, context=None)` -> dict | None
- `DocActors(doc, published)`: per-document resolver with coreference;
  `.actor_for(span, on=None)` -> Actor | None, `.actors_for(span, on=None)` -> list[Actor]

Modules (each imports only those above it): `text` (normalisation), `sectors` (sector
lexicon), `model` (records and dated roles), `kb` (indexes), `paths` (the user file's place),
`imported` (the converted Phoenix dictionaries), `loader` (reading everything, once per
process), `cities` (cities as places), `context` (Resolution, Context), `pieces` (a mention
cut into names and sector words), `choose` (namesakes, office-holders), `resolver` (one
mention), `named` (what an article says of names the knowledge base lacks), `binding` (whom an
object pronoun cannot be), `quoted` (words inside quotation marks), `coref` (one document),
`userfile` (the user's additions), `wikidata` (importer).
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any

from eventwatch.actors.coref import DocActors
from eventwatch.dates import parse_date
from eventwatch.errors import E, EventwatchError
from eventwatch.records import Actor

__all__ = ["DocActors", "not_in", "resolve_actor", "same_actor"]


def resolve_actor(
    text: str, date: Date | str | None = None, context: str | None = None
) -> dict[str, Any] | None:
    """`{name, kind, country, sector, sectors, role, kb_id}` for a mention on `date`, or None.

    `context` is text around the mention (a sentence or the article): people it names help
    with short forms ("Kim"), and the countries it mentions place nationless nouns
    ("regional officials"). `country` is None when it is not known.
    """
    from eventwatch.actors.resolver import context_from_text, resolve_text

    if isinstance(date, str):
        try:
            date = parse_date(date)
        except ValueError as exc:
            raise EventwatchError(E.BAD_DATE, value=date) from exc
    if not text or not text.strip():
        return None
    ctx = context_from_text(context, date)
    res = resolve_text(text, date, ctx)
    return res.to_dict() if res is not None else None


def same_actor(a: Actor, b: Actor) -> bool:
    """Whether two resolved mentions are one actor: the same knowledge-base entry, the same
    words of the text, or the same named actor of the same country."""
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    if a.start is not None and (a.start, a.end) == (b.start, b.end):
        return True
    return bool(a.name) and a.name == b.name and a.country == b.country


def not_in(source: list[Actor], target: list[Actor]) -> list[Actor]:
    """`target` without the actors that are also the source: an event never has the same
    actor on both sides ("Putin ... told Putin" is a misreading, not an event)."""
    return [t for t in target if not any(same_actor(t, s) for s in source)]
