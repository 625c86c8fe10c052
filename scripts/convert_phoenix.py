"""Convert the Phoenix (PETRARCH2) dictionaries into eventwatch's imported knowledge base.

    python scripts/convert_phoenix.py [--source ../shared/data/phoenix] [--out DIR]

Reads the three actor files and the agents file (TABARI format, MIT licence; see their
README) and writes, under src/eventwatch/data/actors/imported/:

- `phoenix_people.tsv`: id, name, country (the most frequent in the person's codes), aliases
  (`|`), keys, roles (`;`-joined `CODE START END`: CAMEO code, ISO dates or `-`; an END
  ending in `+` means "until at least": the role was still held when the dictionary was
  made, 2014-01-30);
- `phoenix_orgs.tsv`: id, name, aliases (`|`), CAMEO code, keys;
- `phoenix_places.tsv`: name, ISO country, keys (other names of a country, its provinces and
  towns, from the country entries);

`keys` are the index keys the knowledge base files the record under (`kb.index_key`,
`|`-joined, `^` before a case-sensitive acronym), computed here so that loading is only dict
work; re-run the script when `actors.text.norm` changes.
- `phoenix_agents.tsv`: phrase (lower case), kind (person | organisation | group), CAMEO
  agent code without the country (`COP`, `GOVMIL`).

Re-running it on the same input writes the same files. Nothing is decided here about what the
resolver prefers: the loader (`eventwatch.actors.imported`) lets the curated files win.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from eventwatch.actors.cameo import split_code  # noqa: E402 - the repo's own package
from eventwatch.actors.kb import index_key  # noqa: E402
from eventwatch.actors.model import slug  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "phoenix"
DEFAULT_OUT = ROOT / "src" / "eventwatch" / "data" / "actors" / "imported"
MADE = date(2014, 1, 30)  # Phoenix.Countries.actors.txt: "Generated at: Thu Jan 30 2014"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
# words that make a name an organisation rather than a person
ORG_WORDS = frozenset(
    """army forces force party council ministry ministries organization organisation group
    front brigade brigades movement union committee association agency bank company corp
    corporation inc ltd fund institute university college school court assembly congress
    parliament senate commission office department bureau service services police guard
    guards league federation alliance coalition network foundation society center centre
    program programme project mission tribunal authority board news radio television tv
    press times post journal airlines airways group's cells nuclei faction squad squads
    command unit units battalion regiment division corps navy government cabinet
    administration club church mosque trust partners holdings industries international
    organizations groups parties unions movements fighters militia militias rebels
    insurgents army's commandos cell network's secretariat bodies monitor envoy
    peacekeeper peacekeepers initiative panel database conference summit""".split()  # noqa: SIM905
)
PRONOUNS = frozenset(
    """i he she we they it you me him her us them""".split()  # noqa: SIM905
)


@dataclass
class Record:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # code, start, end
    comment: str = ""
    source: str = ""


SMALL = frozenset(
    """of and in the for on at to by de la le du des del da do di van von""".split()  # noqa: SIM905
)
CAPS = frozenset(
    """US UK UN EU AU UAE USA PLO ANC SPLA DEA FBI CIA NSA IMF WHO""".split()  # noqa: SIM905
)


def _phrase(token: str, acronym: bool = False) -> str:
    """`ANGELA_MERKEL_` -> `Angela Merkel`; `U.N._SECURITY_COUNCIL` -> `U.N. Security Council`;
    with `acronym`, a one-word name of five letters or fewer keeps its capitals (`FEMA`)."""
    words = [w for w in token.strip().strip("_").replace("_", " ").split() if w]
    if acronym and len(words) == 1 and len(words[0]) <= 5 and words[0].isalpha():
        return words[0].upper()
    out = []
    for i, w in enumerate(words):
        if "." in w or w in CAPS or (len(w) <= 4 and not re.search(r"[AEIOUY]", w)):
            out.append(w)  # U.N., US, ANSF-like: keep the capitals
        elif i and w.lower() in SMALL:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1] + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def _date(text: str) -> str | None:
    """`051122` -> 2005-11-22 (years >= 50 are 19xx); `20070101` -> 2007-01-01."""
    text = text.strip()
    try:
        if len(text) == 6:
            y = int(text[:2])
            y += 1900 if y >= 50 else 2000
            return date(y, int(text[2:4]), int(text[4:6])).isoformat()
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat()
    except ValueError:
        return None
    return None


def parse_code(raw: str) -> tuple[str, str, str] | None:
    """`DEUGOV >051122` -> ("DEUGOV", "2005-11-22", "2014-01-30+"); None when unreadable."""
    parts = raw.split()
    if not parts:
        return None
    code = parts[0].upper()
    if code == "---" or not re.fullmatch(r"[A-Z~]{3,}", code):
        return None
    if len(parts) == 1:
        return code, "-", "-"
    span = parts[1]
    if span.startswith(">"):
        start = _date(span[1:])
        return (code, start, f"{MADE.isoformat()}+") if start else None
    if span.startswith("<"):
        end = _date(span[1:])
        return (code, "-", end) if end else None
    if "-" in span:
        a, b = span.split("-", 1)
        start, end = _date(a), _date(b)
        if start and end and start <= end:
            return code, start, end
    return None


def read_actors(path: Path) -> Iterator[Record]:
    """The entries of a TABARI .actors file: a name line, `+alias` lines, `[CODE ...]` lines."""
    cur: Record | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body, _, comment = line.partition("#")
        if not body.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", body)
        text = re.sub(r"\[[^\]]*\]", " ", body).strip()
        if text.startswith("+"):
            if cur is not None:
                cur.aliases.append(text[1:].strip())
        elif text and not line[:1].isspace():
            if cur is not None:
                yield cur
            cur = Record(text, comment=comment.strip(), source=path.name)
        for c in codes:
            parsed = parse_code(c)
            if cur is not None and parsed is not None:
                cur.codes.append(parsed)
    if cur is not None:
        yield cur


def _is_place(rec: Record) -> bool:
    """A country or territory entry (`AFGHANISTAN_ [AFG]`): the curated countries file has
    those, with demonyms and capitals the resolver relies on."""
    return (
        rec.source == ACTOR_FILES[0]
        and bool(rec.codes)
        and all(
            re.fullmatch(r"[A-Z]{3}|[A-Z]{6}", c) and s == "-" and not _has_sector(c)
            for c, s, _ in rec.codes
        )
    )


SECTOR_CHUNKS = frozenset(
    """GOV MIL COP JUD LEG OPP REB INS SPY BUS MED EDU CVL NGO IGO PTY ELI HLH LAB REF AGR
    CRM UAF SEP RAD MOD ENV HRI DEV REL CHR MUS JEW BUD HIN""".split()  # noqa: SIM905
)


def _has_sector(code: str) -> bool:
    return any(code[i : i + 3] in SECTOR_CHUNKS for i in range(3, len(code), 3))


def is_person(rec: Record) -> bool:
    words = {w.lower().strip("'()") for w in _phrase(rec.name).split()}
    if words & ORG_WORDS:
        return False
    if any(c.startswith(("MNC", "NGO")) for c, _, _ in rec.codes) and not any(
        s != "-" for _, s, _ in rec.codes
    ):
        return False
    if "CountryInfo" in rec.comment or any(s != "-" or e != "-" for _, s, e in rec.codes):
        return True
    if rec.source == "Phoenix.MilNonState.actors.txt":
        return False
    return 2 <= len(words) <= 4 and all(
        w.replace(".", "").replace("-", "").isalpha() for w in words
    )


def _clean_aliases(name: str, aliases: list[str], org: bool = False) -> list[str]:
    out: list[str] = []
    for a in aliases:
        p = _phrase(a, acronym=org)
        if not p or p == name or p in out or p.lower() in PRONOUNS or len(p) < 3:
            continue
        out.append(p)
    return out


def _countries() -> frozenset[str]:
    import yaml

    path = ROOT / "src" / "eventwatch" / "data" / "actors" / "countries.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(str(c["code"]) for c in data["countries"])


def _curated_name_words() -> set[str]:
    import csv

    words: set[str] = set()
    for path in (ROOT / "src" / "eventwatch" / "data" / "actors" / "people").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                words.update(row["name"].lower().split())
    return words


# one-word organisation names that are ordinary words or numbers in news text
COMMON_WORDS = frozenset(
    """organization organisation foundation senate tigers avengers lightning falcon mavericks
    cornerstone provos contras insula fortis yahweh inevitables extraditables boogeymen
    hotaru iu 313 380 39649""".split()  # noqa: SIM905
)


def _keys(names: list[str], people: bool) -> str:
    """The index keys (`^` marks a case-sensitive acronym) of a record's names; people only
    under names of two words or more ("Hassan" alone is too many people), nothing under an
    ordinary word (`COMMON_WORDS`)."""
    out: list[str] = []
    for n in names:
        if people and " " not in n.strip():
            continue
        found = index_key(n)
        if found is not None and found[0] not in COMMON_WORDS:
            key = ("^" if found[1] else "") + found[0]
            if key not in out:
                out.append(key)
    return "|".join(out)


def _unique(base: str, taken: set[str], country: str | None) -> str:
    rid = base if base not in taken else f"{base}-{(country or 'x').lower()}"
    n = 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    taken.add(rid)
    return rid


def convert_actors(
    source: Path,
) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """People (id, name, country, aliases, keys, roles), organisations (id, name, aliases,
    code, keys) and places (name, country, keys) from the three actor files."""
    countries = _countries()
    people: dict[str, tuple[list[str], list[str]]] = {}  # name -> (aliases, roles)
    orgs: dict[str, tuple[list[str], str]] = {}
    places: dict[str, str] = {}
    for fname in ACTOR_FILES:
        for rec in read_actors(source / fname):
            if not rec.codes:
                continue
            if _is_place(rec):  # a country's other names, provinces and towns
                code = rec.codes[0][0]
                iso = code[3:6] if len(code) == 6 and code[3:6] in countries else code[:3]
                if iso not in countries:
                    continue
                for a in [rec.name, *rec.aliases]:
                    p = _phrase(a)
                    if p and len(p) >= 3 and p.lower() not in PRONOUNS:
                        places.setdefault(p, iso)
                continue
            person = is_person(rec)
            name = _phrase(rec.name, acronym=not person)
            if not name or name.lower() in PRONOUNS:
                continue
            aliases = _clean_aliases(name, rec.aliases, org=not person)
            if person:
                al, roles = people.setdefault(name, ([], []))
                al.extend(a for a in aliases if a not in al)
                roles.extend(r for r in (f"{c} {s} {e}" for c, s, e in rec.codes) if r not in roles)
            else:
                al, _ = orgs.setdefault(name, ([], rec.codes[0][0]))
                al.extend(a for a in aliases if a not in al)
    taken: set[str] = set()
    people_rows = []
    for name in sorted(people):
        aliases, roles = people[name]
        seen: dict[str, int] = {}
        for r in roles:
            c = split_code(r.split(" ")[0], countries)[0]
            if c:
                seen[c] = seen.get(c, 0) + 1
        country = max(seen, key=lambda k: seen[k]) if seen else ""
        rid = _unique(f"x:{slug(name)}", taken, country)
        keys = _keys([name, *aliases], people=True)
        people_rows.append([rid, name, country, "|".join(aliases), keys, ";".join(roles)])
    org_rows = []
    for name in sorted(orgs):
        aliases, code = orgs[name]
        rid = _unique(f"x:{slug(name)}", taken, None)
        org_rows.append([rid, name, "|".join(aliases), code, _keys([name, *aliases], False)])
    # a one-word place that is also a word of a person's name ("Nasser", "Farah") would
    # turn people into countries: such places are left out
    name_words = {w for row in people_rows for w in row[1].lower().split()}
    name_words |= _curated_name_words()
    place_rows = [
        [n, places[n], _keys([n], False)]
        for n in sorted(places)
        if " " in n or n.lower() not in name_words
    ]
    return people_rows, org_rows, place_rows


def convert_agents(path: Path) -> list[list[str]]:
    """`POLICE {} [~COP]` -> ["police", "organisation", "COP"]; synonym sets (`!MINIST!`)
    expanded; plural forms in braces become `group` rows."""
    synsets: dict[str, list[str]] = {}
    rows: dict[str, list[str]] = {}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for line in lines:
        m = re.match(r"\s*(![A-Z]+!)\s*=\s*(.+)", line.split("#")[0])
        if m:
            synsets[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
    for line in lines:
        body = line.split("#")[0]
        m = re.match(r"\s*([^\[{=]+?)\s*(\{[^}]*\})?\s*\[~?([A-Z]+)~?\]", body)
        if not m:
            continue
        phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3)
        if code == "IGO" or not re.fullmatch(r"[A-Z]{3,9}", code):
            continue
        for variant in _expand(phrase, synsets):
            key = _phrase(variant).lower()
            if not key or "!" in key or not re.fullmatch(r"[a-z][a-z .'-]*", key):
                continue
            head = re.split(r" (?:of|for|on|in)(?: |$)", key)[0]  # "minister of rivers"
            last = head.split()[-1]
            kind = "organisation" if last in ORG_WORDS else "person"
            if kind == "person" and (
                last.endswith(("men", "ers", "ists", "ians", "ies", "ants", "ents"))
                or last in ("people", "military", "clergy", "media", "press", "personnel")
            ):
                kind = "group"
            rows.setdefault(key, [key, kind, code])
        if plural and plural.strip("{} "):
            for variant in _expand(plural.strip("{} "), synsets):
                key = _phrase(variant).lower()
                if key and re.fullmatch(r"[a-z][a-z .'-]*", key):
                    rows.setdefault(key, [key, "group", code])
    return sorted(rows.values())


def _expand(phrase: str, synsets: dict[str, list[str]]) -> list[str]:
    for tag, words in synsets.items():
        if tag in phrase:
            out: list[str] = []
            for w in words:
                sub = phrase.replace(tag, f"{w}_" if not phrase.endswith(tag) else w, 1)
                out.extend(_expand(sub, synsets))
            return out
    return [phrase]


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(c.replace("\t", " ") for c in row) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    for fname in (*ACTOR_FILES, "Phoenix.agents.txt"):
        if not (args.source / fname).exists():
            print(f"convert_phoenix: {args.source / fname}: missing", file=sys.stderr)
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    people, orgs, places = convert_actors(args.source)
    agents = convert_agents(args.source / "Phoenix.agents.txt")
    write_tsv(
        args.out / "phoenix_people.tsv",
        ["id", "name", "country", "aliases", "keys", "roles"],
        people,
    )
    write_tsv(args.out / "phoenix_orgs.tsv", ["id", "name", "aliases", "code", "keys"], orgs)
    write_tsv(args.out / "phoenix_agents.tsv", ["phrase", "kind", "code"], agents)
    write_tsv(args.out / "phoenix_places.tsv", ["name", "country", "keys"], places)
    names = sum(1 + len([a for a in r[3].split("|") if a]) for r in people)
    names += sum(1 + len([a for a in r[2].split("|") if a]) for r in orgs)
    print(
        f"convert_phoenix: {len(people)} people, {len(orgs)} organisations ({names} names), "
        f"{len(places)} country names and places, "
        f"{len(agents)} agent phrases -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
