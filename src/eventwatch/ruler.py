"""The model's attribute ruler, matched from tables instead of spaCy's `Matcher`.

spaCy's `AttributeRuler` finds its patterns with a `Matcher`, builds a `Span` for every match
(about one per token: the tag map is most of its patterns) and sorts them; that cost about a
tenth of the whole parse. Its patterns here are one or two tokens long and test only
TAG, LOWER, DEP and IS_SPACE (equal to a value, IN or NOT_IN a list, a REGEX search), so each token's
matches can be found with dictionary lookups on its tag and its lower-case form. The result
is the same by construction: the same patterns, applied in the ruler's own order (by pattern
number, then by position: later patterns win), written with spaCy's own `set_token_attrs`
from the ruler's own attribute tables. `tests/test_nlp.py` compares every token attribute
with the stock ruler's.

    speed_up(nlp)   # the pipeline's "attribute_ruler" is now a TableRuler, same tables

A ruler holding a pattern this module cannot read keeps spaCy's matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Test = Callable[[int], bool]
FACTORY = "eventwatch_table_ruler"
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the columns read with Doc.to_array
_FILING_ORDER = (1, 0, 2, 3)  # LOWER, TAG, DEP, IS_SPACE


class Unsupported(ValueError):
    """A pattern this module does not read."""


def _test(spec: Any, column: str, strings: Any) -> tuple[Test, frozenset[int] | None]:
    """A test of one column's value (a string's hash, or 0/1 for IS_SPACE) and the values it
    accepts when they are a finite set (used to index the pattern)."""

    def key(v: Any) -> int:
        if column == "IS_SPACE":
            if not isinstance(v, bool):
                raise Unsupported(f"IS_SPACE {v!r}")
            return int(v)
        if not isinstance(v, str):
            raise Unsupported(f"{column} {v!r}")
        return int(strings.add(v))

    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            values = frozenset(key(v) for v in spec["IN"])
            return values.__contains__, values
        if set(spec) == {"NOT_IN"}:
            banned = frozenset(key(v) for v in spec["NOT_IN"])
            return (lambda v: v not in banned), None
        if set(spec) == {"REGEX"} and column != "IS_SPACE":
            rx = re.compile(spec["REGEX"])
            return (lambda v: bool(rx.search(strings[v]))), None
        raise Unsupported(f"predicate {sorted(spec)}")
    one = key(spec)
    return (lambda v: v == one), frozenset([one])


class _TokenPattern:
    """One token's part of a pattern: a test per column, all of which must pass."""

    def __init__(self, spec: dict[str, Any], strings: Any) -> None:
        unknown = set(spec) - set(COLUMNS)
        if unknown or not spec:
            raise Unsupported(f"attributes {sorted(unknown) or 'none'}")
        self.tests = {COLUMNS.index(k): _test(v, k, strings) for k, v in spec.items()}

    def index_key(self) -> tuple[int, frozenset[int]] | None:
        """The most selective column with a finite set of values (the pattern is filed under
        it): the word before the tag, since a tag is shared by many tokens."""
        for col in _FILING_ORDER:
            if col in self.tests and self.tests[col][1] is not None:
                return col, self.tests[col][1]  # type: ignore[return-value]
        return None

    def rest(self, skip: int) -> list[tuple[int, Test]]:
        """The tests left once the column the pattern is filed under has matched."""
        return [(col, test) for col, (test, _) in self.tests.items() if col != skip]


class TableMatcher:
    """The ruler's patterns, filed under the values of the column each one requires."""

    def __init__(
        self, groups: list[list[list[dict[str, Any]]]], indices: list[int], strings: Any
    ) -> None:
        # (pattern number, the first token's tests left once filed, the second token's
        # tests (None: a one-token pattern), the index of the token written)
        self.patterns: list[tuple[int, list[tuple[int, Test]], Any, int]] = []
        self.index: list[dict[int, list[int]]] = [{} for _ in COLUMNS]
        self.always: list[int] = []  # patterns whose first token has no finite value set
        for number, group in enumerate(groups):
            for pattern in group:
                if not 1 <= len(pattern) <= 2:
                    raise Unsupported(f"a pattern of {len(pattern)} tokens")
                toks = [_TokenPattern(t, strings) for t in pattern]
                k = len(self.patterns)
                filed = toks[0].index_key()
                second = toks[1].rest(-1) if len(toks) == 2 else None
                index = indices[number]
                if not -len(toks) <= index < len(toks):
                    raise ValueError(f"attribute ruler pattern {number}: index {index}")
                first = toks[0].rest(filed[0] if filed else -1)
                self.patterns.append((number, first, second, index % len(toks)))
                if filed is None:
                    self.always.append(k)
                    continue
                for value in filed[1]:
                    self.index[filed[0]].setdefault(value, []).append(k)
        self.used = [col for col in range(len(COLUMNS)) if self.index[col]]

    def matched(self, rows: list[list[int]]) -> dict[int, list[int]]:
        """Token -> the pattern numbers that write it, in the order the ruler applies them
        (by pattern number; later ones win). `rows`: each token's COLUMNS values."""
        out: dict[int, list[int]] = {}
        n = len(rows)
        for i, row in enumerate(rows):
            cands = self.always
            for col in self.used:
                got = self.index[col].get(row[col])
                if got:
                    cands = cands + got
            for k in cands:
                number, first, second, index = self.patterns[k]
                if first and not all(test(row[col]) for col, test in first):
                    continue
                if second is not None and (
                    i + 1 >= n or not all(test(rows[i + 1][col]) for col, test in second)
                ):
                    continue
                out.setdefault(i + index, []).append(number)
        return out


class TableRuler:
    """A pipeline component: the stock ruler's attribute tables, matched by `TableMatcher`."""

    def __init__(self) -> None:
        self.table: TableMatcher | None = None
        self.attrs: list[Any] = []
        self.indices: list[int] = []
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        assert self.table is not None, "TableRuler used before speed_up() filled it"
        if not len(doc):
            return doc
        rows = doc.to_array(list(COLUMNS)).tolist()
        for i, numbers in self.table.matched(rows).items():
            key = tuple(sorted(numbers))
            merged = self._merged.get(key)
            if merged is None:  # the attributes of each pattern in turn, later ones winning
                merged = {}
                for number in key:
                    merged.update(self.attrs[number])
                self._merged[key] = merged
            set_token_attrs(doc[i], merged)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _make(nlp: Any, name: str) -> Any:  # (types spaCy can resolve at run time)
    return TableRuler()


def speed_up(nlp: Language) -> bool:
    """Replace the pipeline's attribute ruler by a `TableRuler` holding its tables (same name
    and place in the pipeline); False when it is left as it was (no ruler, or a pattern this
    module does not read)."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names:
        return False
    stock: Any = nlp.get_pipe("attribute_ruler")
    try:
        groups = [list(p["patterns"]) for p in stock.patterns]
        table = TableMatcher(groups, list(stock.indices), nlp.vocab.strings)
    except (ValueError, KeyError, TypeError, AttributeError):  # Unsupported is a ValueError
        return False
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=_make)
    new: Any = nlp.replace_pipe("attribute_ruler", FACTORY)
    new.table, new.attrs, new.indices = table, list(stock.attrs), list(stock.indices)
    return True
