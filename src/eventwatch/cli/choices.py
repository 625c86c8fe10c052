"""argparse types for closed vocabularies (event types, countries, factuality): a value not in
the vocabulary is a one-line error that names it and the closest valid value (difflib), or
the valid values when there are few. argparse turns it into exit status 2."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable, Collection
from functools import lru_cache
from typing import NoReturn

from eventwatch.errors import E, EventwatchError

MAX_LISTED = 20  # list every valid value only when there are at most this many


def suggestion(value: str, valid: Collection[str]) -> str:
    """`did you mean X?` for the closest valid value, else the valid values (few), else ''."""
    swapped = sorted(v for v in valid if sorted(v) == sorted(value))  # PKR for PRK
    close = swapped[:1] or difflib.get_close_matches(value, list(valid), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    if len(valid) <= MAX_LISTED:
        return "choose from " + ", ".join(valid)
    return ""


def vocabulary(
    what: str,
    valid: Callable[[], Collection[str]],
    normalize: Callable[[str], str],
    example: str = "",
) -> Callable[[str], str]:
    """An argparse type accepting a value of `valid()` (after `normalize`), else an error."""

    def check(value: str) -> str:
        norm = normalize(value.strip())
        choices = valid()
        if norm in choices:
            return norm
        hint = suggestion(norm, choices) or example
        reason = f"not {what}" + (f"; {hint}" if hint else "")
        raise argparse.ArgumentTypeError(
            str(EventwatchError(E.BAD_VALUE, what=repr(value), reason=reason))
        )

    check.__name__ = what  # argparse names the type in its own messages
    return check


def _plover_types() -> tuple[str, ...]:
    from eventwatch.coding.ontology import plover_types

    return plover_types()


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}  # Kosovo, as the KB


def _factualities() -> tuple[str, ...]:
    from eventwatch.records import FACTUALITIES

    return FACTUALITIES


event_type = vocabulary("a PLOVER event type", _plover_types, str.upper)
country = vocabulary(
    "an ISO 3166 alpha-3 country code", _countries, str.upper, "e.g. RUS, PRK, USA"
)
factuality = vocabulary("a factuality", _factualities, str.lower)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line (`eventwatch events: argument
    --type: ...`) with exit status 2, not the usage block followed by the error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")
