"""Errors written for a person. Every message is defined once here, with a code.

Raise `EventwatchError(E.SOMETHING, name=..., reason=...)`; the CLI prints `str(err)` as one
line (no stack trace unless --debug).
"""

from __future__ import annotations


class E:
    """The catalogue of messages. Format fields are filled from the raise site."""

    INPUT_UNREADABLE = "E001 {name}: cannot read input: {reason}"
    INPUT_EMPTY = "E002 {name}: empty input (no text to code)"
    INPUT_BINARY = "E003 {name}: looks like a binary file, not text"
    INPUT_ENCODING = "E004 {name}: not valid UTF-8 text ({reason})"
    INPUT_TOO_LARGE = "E005 {name}: {size} bytes is over the size limit of {limit} bytes"
    HTML_NO_TEXT = "E006 {name}: HTML page with no article text (truncated or empty page?)"
    FEED_INVALID = "E007 {name}: not an RSS or Atom feed ({reason})"
    URL_UNREACHABLE = "E008 {name}: cannot fetch URL: {reason}"
    RECORD_INVALID = "E009 {name}: {reason}"
    BAD_DATE = "E010 {value!r} is not a date (expected a date such as 2023-09-13 or Wed, 13 Sep 2023)"
    MODEL_MISSING = "E011 the spaCy model is not installed: run `make setup`"
    STORE = "E012 database {url}: {reason}"
    NOT_FOUND = "E013 {what} not found: {name}"
    BAD_VALUE = "E014 {what}: {reason}"
    HTML_TRUNCATED = "E015 {name}: HTML page is cut off (no closing </body> or </html>)"
    CODING_FAILED = "E016 {name}: could not code the article: {reason}"
    # watch (rules, alerts, notifiers, poller, REST API): E101-E119
    RULE_EXISTS = "E101 a rule named {name!r} already exists (remove it or pick another name)"
    NOTIFY_FAILED = "E102 {channel}: delivery failed: {reason}"
    FEED_FAILED = "E103 feed {url}: {reason}"
    FEEDS_CONFIG = "E104 {name}: bad feeds file: {reason}"


class EventwatchError(Exception):
    """An error with a catalogue message, shown to the user as one line."""

    def __init__(self, template: str, **fields: object) -> None:
        self.template = template
        self.fields = fields
        super().__init__(template.format(**fields))

    @property
    def code(self) -> str:
        return self.template.split(" ", 1)[0]
