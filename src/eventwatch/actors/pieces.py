"""A mention cut into pieces by longest match against the knowledge base and the sector lexicon.

Pieces are known people, organisations and countries (names, demonyms, capitals, seats of
power), sector words ("Defense Ministry", "spokesman"), and capitalised words the knowledge
base does not know ("cap"), or knows as a short form ("surname").
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwatch import resources
from eventwatch.actors.kb import Entry, KnowledgeBase
from eventwatch.actors.loader import get_kb, on_reload
from eventwatch.actors.sectors import Lexicon, Term, lexicon
from eventwatch.actors.text import Tok, acronym_key, tokens


@dataclass(frozen=True)
class Piece:
    """A matched stretch of a mention. `type`: person | org | country | term | surname | cap
    | word; `entries` for index hits, `term` for sector words."""

    type: str
    text: str
    key: str
    start: int
    end: int
    possessive: bool = False
    entries: tuple[Entry, ...] = ()
    term: Term | None = None


# --- parsing ---------------------------------------------------------------------------
def _prefixes() -> frozenset[str]:
    return resources.current().get("kb.prefixes", _all_prefixes)


def _all_prefixes() -> frozenset[str]:
    """Every word-boundary prefix of every indexed name and sector phrase: a scan stops
    extending a phrase as soon as it is no prefix of anything."""
    out: set[str] = set()
    for key in list(get_kb().names) + list(lexicon().terms):
        words = key.split()
        for k in range(1, len(words) + 1):
            out.add(" ".join(words[:k]))
    return frozenset(out)


PARSES_KEPT = 50_000


def parse(text: str) -> tuple[Piece, ...]:
    """The pieces of a mention, by longest match (names before sector words at equal length);
    remembered per knowledge base (in the current `Resources`)."""
    memo: dict[str, tuple[Piece, ...]] = resources.current().get("kb.parses", dict)
    hit = memo.get(text)
    if hit is None:
        hit = _parse(text)
        if len(memo) >= PARSES_KEPT:
            memo.clear()
        memo[text] = hit
    return hit


def _parse(text: str) -> tuple[Piece, ...]:
    kb, lx = get_kb(), lexicon()
    prefixes = _prefixes()
    toks = tokens(text)
    out: list[Piece] = []
    i, n = 0, len(toks)
    longest = max(kb.max_len, lx.max_len)
    while i < n:
        piece, end = None, i + 1
        plain: list[str] = []
        full: list[str] = []
        plain_ok = True
        for j in range(i + 1, min(n, i + longest) + 1):
            t = toks[j - 1]
            plain_key = " ".join([*plain, t.key])
            full_key = " ".join([*full, t.key])
            if j == i + 1 or (plain_ok and (plain_key in kb.names or plain_key in lx.terms)):
                found = _match(text, toks, i, j, kb, lx)
                if found is not None:
                    piece, end = found, j
            elif not plain_ok and full_key in kb.names:
                found = _match(text, toks, i, j, kb, lx, inner_possessive=True)
                if found is not None:
                    piece, end = found, j
            if t.possessive:
                plain_ok = False
            plain.append(t.key)
            full.append(t.full_key or t.key)
            if (not plain_ok or " ".join(plain) not in prefixes) and " ".join(full) not in prefixes:
                break
        if piece is not None:
            i = end
        else:
            t = toks[i]
            kind = "word"
            if t.capitalised or t.key.startswith(("al ", "el ")):
                kind = "surname" if surname_ids(kb, t.key) else "cap"
            piece = Piece(kind, t.text, t.key, t.start, t.end, t.possessive)
            i += 1
        out.append(piece)
    return tuple(out)


def _named_piece(entries: list[Entry], orig: str, key: str, first: Tok, last: Tok) -> Piece:
    """A piece naming knowledge-base entries: people win over organisations over countries."""
    types = {e.type for e in entries}
    kind = "person" if "person" in types else "org" if "org" in types else "country"
    return Piece(
        kind,
        orig,
        key,
        first.start,
        last.end,
        last.possessive,
        tuple(e for e in entries if e.type == kind),
    )


def _match(
    text: str,
    toks: list[Tok],
    i: int,
    j: int,
    kb: KnowledgeBase,
    lx: Lexicon,
    inner_possessive: bool = False,
) -> Piece | None:
    """A piece for toks[i:j], or None. A possessive inside ("Korean People's Army") only
    joins a name that is indexed with it."""
    first, last = toks[i], toks[j - 1]
    orig = text[first.start : last.end]
    if inner_possessive:
        key = " ".join([t.full_key for t in toks[i : j - 1]] + [last.key])
        entries = list(kb.names.get(key, [])) if first.capitalised else []
        return _named_piece(entries, orig, key, first, last) if entries else None
    key = " ".join(t.key for t in toks[i:j])
    acr = acronym_key(orig) if j == i + 1 and len(orig) <= 8 and not orig.islower() else None
    entries: list[Entry] = list(kb.acronyms.get(acr, [])) if acr else []
    if not entries and (first.capitalised or first.key.split()[0] in ("al", "el")):
        entries = list(kb.names.get(key, []))
    if entries:
        return _named_piece(entries, orig, key, first, last)
    term = lx.term(key)
    if (
        term is None and key.endswith("s") and len(key) > 3
    ):  # "army commanders": a plural of a person word
        single = lx.term(key[:-1])
        if single is not None and single.kind == "person":
            term = Term(key, single.sector, "group", single.generic, single.local)
    if term is not None:
        return Piece("term", orig, key, first.start, last.end, last.possessive, term=term)
    return None


def surname_ids(kb: KnowledgeBase, key: str) -> list[str]:
    ids = kb.surnames.get(key)
    if ids is None and key.startswith(("al ", "el ")):
        ids = kb.surnames.get(key[3:])
    return ids or []


def name_runs(pieces: list[Piece]) -> list[list[Piece]]:
    runs: list[list[Piece]] = []
    cur: list[Piece] = []
    for p in pieces:
        if p.type in ("cap", "surname"):
            cur.append(p)
            if p.possessive:
                runs.append(cur)
                cur = []
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    heads = [r for r in runs if not (r[-1].possessive and r[-1] is not pieces[-1])]
    return heads or runs


def clear_caches() -> None:
    """Forget parses and prefixes made from a previous knowledge base."""
    resources.current().drop("kb.parses")
    resources.current().drop("kb.prefixes")


on_reload(clear_caches)
