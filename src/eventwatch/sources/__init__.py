"""Readers that turn inputs (files, folders, URLs, stdin) into Articles.

`read_inputs(inputs, ...)` yields, for each article found, either an `Article` or an
`EventwatchError` naming the input and the reason, so one bad input never stops a batch.

Modules: `text` (plain text and the byte checks every input passes), `html` (trafilatura),
`feed` (RSS/Atom via feedparser), `records` (JSON Lines and CSV), `fetch` (URLs),
`dispatch` (files, folders, stdin and URLs to the right reader).
"""

from eventwatch.sources.dispatch import DEFAULT_MAX_BYTES, read_inputs, sniff
from eventwatch.sources.text import article_from_text

__all__ = ["DEFAULT_MAX_BYTES", "article_from_text", "read_inputs", "sniff"]
