"""title_lines.mark_title_lines: a headline on a line of its own is a sentence of its own, and
so is the lead after it, in the one parse (no second parse of the title)."""

from eventwatch import headlines, nlp, title_lines
from eventwatch.pipeline import extract


def _sents(text: str) -> list[str]:
    return [s.text.strip() for s in nlp.load()(text).sents if s.text.strip()]


def test_a_title_and_the_dateline_after_it_are_sentences_of_their_own():
    text = (
        "Border guards detain 12 smugglers in mountain pass\n"
        "TBILISI (Wire) - Georgian border guards detained 12 men on Sunday, the ministry said."
    )
    sents = _sents(text)
    assert sents[0] == "Border guards detain 12 smugglers in mountain pass"
    assert sents[1].startswith("TBILISI")


def test_body_lines_are_left_to_the_parser():
    text = "The minister resigned on Friday.\nHer deputy took over the ministry the same day."
    doc = nlp.load()(text)
    marked = title_lines.mark_title_lines(nlp.load().make_doc(text))
    assert not any(t.is_sent_start for t in marked[1:])  # no line here is a headline
    assert len(list(doc.sents)) == 2
    short = title_lines.mark_title_lines(nlp.load().make_doc("Two words\nThen the body goes on."))
    assert not any(t.is_sent_start for t in short[1:])  # too short to be a headline
    wrapped = title_lines.mark_title_lines(
        nlp.load().make_doc("The council said on Monday that it\nwould review the licence.")
    )
    assert not any(t.is_sent_start for t in wrapped[1:])  # a wrapped line goes on in small


def test_the_headline_of_an_article_is_coded_without_a_second_parse():
    title = "Lithuania expels two Belarusian diplomats over spying claims"
    text = title + "\nVILNIUS (Wire) - The decision was announced on Tuesday, officials said."
    doc = nlp.load()(text)
    headlines.reparse(doc)
    assert [s.text.strip() for s in nlp.sentences(doc)][0] == title
    events = extract(text)
    assert any(
        e.event_type == "SANCTION" and e.evidence.sentence.strip() == title
        and [a.text for a in e.source] == ["Lithuania"]
        for e in events
    )
