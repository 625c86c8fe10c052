"""ECB+ topic folders (CAT XML) as articles with a gold story, and story clustering scores.

A file `T_Necb.xml` or `T_Necbplus.xml` in a topic folder belongs to gold story `T` + suffix.
Its tokens are joined with spaces. The ECB+ half of the corpus opens with the page's address
(kept as the article's URL, not as text), then the headline; the first sentence after the
address is taken as the title. ECB+ gives no publication date: `dct()` derives one, where it
can, from a full date in the first sentences or from a date in the address.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eventwatch.dates import parse_date_or_none
from eventwatch.errors import E, EventwatchError

_FILE = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
_URL = re.compile(r"^\s*(https?\s*:\s*/\s*/|www\s*\.)", re.I)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_FULL_DATES = [
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}\s*(?:st|nd|rd|th)?\s*,?\s*(?:19|20)\d\d\b"),
    re.compile(rf"\b\d{{1,2}}\s+{_MONTH}\s*,?\s*(?:19|20)\d\d\b"),
    re.compile(r"\b(?:19|20)\d\d\s*-\s*\d\d\s*-\s*\d\d\b"),
]
_URL_DATE = re.compile(
    rf"/\s*((?:19|20)\d\d)\s*/\s*(\d{{1,2}}|{_MONTH})\s*/\s*(\d{{1,2}})\s*/", re.I
)


@dataclass
class EcbDoc:
    id: str  # file name without .xml
    topic: str
    gold: str  # topic + suffix
    title: str
    text: str
    url: str | None
    dct: date | None


def _sentences(path: Path) -> list[str]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EventwatchError(E.BAD_VALUE, what=str(path), reason=f"not CAT XML: {exc}") from exc
    sents: dict[str, list[str]] = {}
    for tok in root.iter("token"):
        sents.setdefault(tok.get("sentence") or "0", []).append(tok.text or "")
    return [detokenize(" ".join(w for w in ws if w)) for ws in sents.values()]


_DETOK = [
    (re.compile(r"(?<=\d) \. (?=\d)"), "."),  # "6 . 1" -> "6.1"
    (re.compile(r"(?<=\d) , (?=\d{3}(?!\d))"), ","),  # "30 , 000" -> "30,000"
    (re.compile(r"(?<=\d) : (?=\d)"), ":"),  # "5 : 03" -> "5:03"
    (re.compile(r"(?<=\$) (?=\d)"), ""),  # "$ 160" -> "$160"
    (re.compile(r"\b([A-Z]) \. ([A-Z]) \.(?= )"), r"\1.\2."),  # "U . S ." -> "U.S."
]


def detokenize(sentence: str) -> str:
    """Undo the corpus tokenisation where it splits a number, a time or an initialism, so
    both halves of ECB+ read alike ("6 . 1" as "6.1", "U . S ." as "U.S.")."""
    for pat, rep in _DETOK:
        sentence = pat.sub(rep, sentence)
    return sentence


def _parse_date(text: str) -> date | None:
    """A date the patterns above cut out ("March 4 , 2008", "2019 - 03 - 05", "2019 03 5"),
    read by `eventwatch.dates.parse_date` once the corpus's token spaces are closed up."""
    text = re.sub(r"\s*-\s*", "-", text.replace(" ,", ","))
    return parse_date_or_none(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text))


def dct(sentences: list[str], url: str | None) -> date | None:
    """A creation date from the address or a full date in the first three sentences."""
    if url:
        m = _URL_DATE.search(url)
        if m:
            d = _parse_date(f"{m.group(1)} {m.group(2)} {m.group(3)}")
            if d:
                return d
    for sent in sentences[:3]:
        for pat in _FULL_DATES:
            m = pat.search(sent)
            if m:
                d = _parse_date(m.group(0))
                if d:
                    return d
    return None


def read_doc(path: Path) -> EcbDoc:
    m = _FILE.match(path.name)
    if not m:
        raise EventwatchError(E.BAD_VALUE, what=str(path), reason="not an ECB+ file name")
    sents = _sentences(path)
    url = None
    if sents and _URL.match(sents[0]):
        url = sents.pop(0).replace(" ", "")
    title = sents[0] if sents else ""
    return EcbDoc(
        id=path.stem,
        topic=m.group(1),
        gold=f"{m.group(1)}{m.group(3)}",
        title=title,
        text=" ".join(sents[1:]),
        url=url,
        dct=dct(sents, url),
    )


def read_folder(folder: Path) -> list[EcbDoc]:
    """Every ECB+ document under `folder` (topic folders, or one topic), in name order."""
    if not folder.is_dir():
        raise EventwatchError(E.BAD_VALUE, what=str(folder), reason="not a folder")
    paths = sorted(p for p in folder.rglob("*.xml") if _FILE.match(p.name))
    if not paths:
        raise EventwatchError(E.BAD_VALUE, what=str(folder), reason="no ECB+ *ecb.xml files")
    return [read_doc(p) for p in paths]
