"""eventwatch as a spaCy pipeline component: `nlp.add_pipe("eventwatch")` sets `doc._.events`.

    import spacy
    import eventwatch.component  # registers the factory (installed packages find it by entry point)

    nlp = spacy.load("en_core_web_sm")  # any English pipeline with a parser and NER
    nlp.add_pipe("eventwatch", config={"published": "2024-05-08"})
    doc = nlp("Chile's foreign minister met his Peruvian counterpart in Lima on Tuesday.")
    for event in doc._.events:  # eventwatch.records.Event
        print(event.event_type, event.source, event.target, event.date, event.location)

The component runs the same stages as `eventwatch.extract` (`pipeline.events_from_doc`) on
the doc the pipeline parsed. The published date (which anchors "on Tuesday") is the
component's `published` setting, or `doc._.published` when set on a doc before the
component runs; `doc._.article` may hold the `Article` (id, title, source) the doc is of.
"""

# no `from __future__ import annotations`: spaCy validates the factory's arguments from
# its annotations at run time, and those must be real types, not strings
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from eventwatch.dates import parse_date
from eventwatch.records import Article, Event

NAME = "eventwatch"

for _attr in ("events", "published", "article"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


class EventwatchComponent:
    """Codes the events of each doc into `doc._.events` (a list of Event)."""

    def __init__(self, published: date | None = None) -> None:
        self.published = published

    def __call__(self, doc: Doc) -> Doc:
        from eventwatch.pipeline import events_from_doc

        if not (doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")):
            raise ValueError(
                f"the {NAME!r} component needs a parser and NER before it in the pipeline "
                "(add it to an English pipeline such as en_core_web_sm)"
            )
        events: list[Event] = events_from_doc(self._article(doc), doc)
        doc._.events = events
        return doc

    def _article(self, doc: Doc) -> Article:
        given = doc._.article
        published = doc._.published
        published = parse_date(published) if published is not None else self.published
        if isinstance(given, Article):
            if given.text != doc.text:
                raise ValueError(f"doc._.article {given.id} is not the doc's text")
            if published is not None:
                given.published = published
            return given
        return Article(text=doc.text, published=published)


@Language.factory(NAME, default_config={"published": None})
def make_eventwatch(nlp: Language, name: str, published: str | None) -> EventwatchComponent:
    """The spaCy factory: `published` is the articles' date (any form `parse_date` reads)."""
    return EventwatchComponent(parse_date(published) if published else None)
