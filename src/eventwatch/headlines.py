"""Headlines re-parsed as the sentences they abbreviate.

The small spaCy model reads headline English badly: "Turkey expels Dutch ambassador" tags
"expels" a plural noun, "Pakistan, India exchange fire" is one noun phrase, "Japan to lift
sanctions" hangs the verb from "Japan" as a relative clause, "Journalist detained in Tehran"
has the journalist detain someone, and "Iran: US sanctions are economic war" leaves Iran
out of the clause. A line of its own with no closing full stop is parsed again as the
sentence it stands for, with the headline's shorthand spelled out:

- a speaker's colon is "says" ("Iran says US sanctions ...");
- a comma between two leading names is "and" ("Pakistan and India exchange fire");
- a "to" between the subject and its verb is "will" ("Japan will lift sanctions");
- a bare participle after the subject takes "was"/"were" ("Journalist was detained");
- in a title with no verb, the first word the trigger lexicon knows as a verb gets an
  article after it ("Turkey expels the Dutch ambassador"), which makes the tagger read it
  as a verb.

A headline on a line of its own is also made a sentence of its own before the parser runs
(`title_lines.mark_title_lines`, a pipeline component `nlp.load` adds), so a title does not run into
the lead's dateline.

Words are only swapped one for one or inserted; the new parse (tags, lemmas, heads,
labels) is copied back onto the headline's own tokens and the inserted words are dropped,
so the text, offsets and entities stay the article's. The new parse is kept only when it
gives the title a verb at its root (or the old one had none either).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch import nlp
from eventwatch.title_lines import reads_as_title

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

_DONE_KEY = "eventwatch.headlines"
# the words of a headline's leading noun phrase (its subject)
_NP_POS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "PART", "PRON"}
_NOT_AFTER_VERB = {"DET", "NUM", "PRON", "ADP", "PART", "PUNCT", "AUX", "VERB", "CCONJ", "SCONJ"}

Edit = tuple[int, str, str]  # (index in the sentence, "swap" | "insert", word)


def _lines(sent: Span) -> list[Span]:
    """The lines of a sentence (spaCy may run a headline into the next line), each from its
    first word to its last."""
    out, start = [], None
    for tok in [*sent, None]:
        if tok is None or (tok.is_space and "\n" in tok.text):
            if start is not None:
                end = (tok.i if tok is not None else sent.end)
                while end > start and sent.doc[end - 1].is_space:
                    end -= 1
                out.append(sent.doc[start:end])
            start = None
        elif start is None and not tok.is_space:
            start = tok.i
    return out


def headline_sentences(doc: Doc) -> list[Span]:
    """The lines of `doc` that are headlines: a line of their own, 3 to 24 tokens, starting
    with a capital and ending without a full stop, question or exclamation mark."""
    out = []
    text = doc.text
    for sent in nlp.sentences(doc):
        for line in _lines(sent):
            words = list(line)
            if not reads_as_title(words):
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            before, after = text[:start].rstrip(" \t"), text[end:].lstrip(" \t")
            if (before and not before.endswith("\n")) or (after and not after.startswith("\n")):
                continue
            out.append(line)
    return out


def _rest_rows(model: Language, sent: Span, line: Span) -> dict[int, list[int]]:
    """A plain parse of the words of `sent` before and after the headline `line` (spaCy ran
    them into one sentence), as rows for those tokens: the headline becomes a sentence of
    its own. The line breaks next to the headline hang from its last word."""
    from spacy.tokens import Doc as SpacyDoc

    doc = sent.doc
    rows: dict[int, list[int]] = {}
    dep = doc.vocab.strings.add("dep")
    for part in (doc[sent.start:line.start], doc[line.end:sent.end]):
        i = part.start
        while i < part.end and doc[i].is_space:  # the break after the headline
            rows[i] = [doc[i].tag, doc[i].pos, doc[i].lemma, (line.end - 1 - i) % (1 << 64), dep]
            i += 1
        j = part.end
        while j > i and doc[j - 1].is_space:  # the break before it
            rows[j - 1] = [doc[j - 1].tag, doc[j - 1].pos, doc[j - 1].lemma,
                           (line.end - 1 - (j - 1)) % (1 << 64), dep]
            j -= 1
        if j <= i:
            continue
        toks = list(doc[i:j])
        vt = list(model(SpacyDoc(doc.vocab, words=[t.text for t in toks],
                                 spaces=[bool(t.whitespace_) for t in toks])))
        for k, t in enumerate(vt):
            rows[i + k] = [t.tag, t.pos, t.lemma, (t.head.i - k) % (1 << 64), t.dep]
    return rows


def _verb_group(toks: list[Token], i: int) -> tuple[str, int]:
    """The word starting at `i` joined across hyphens ("tear-gas") and the index of its
    last token."""
    word, j = toks[i].lower_, i
    while j + 2 < len(toks) and toks[j + 1].text == "-" and toks[j + 2].is_alpha:
        word += "-" + toks[j + 2].lower_
        j += 2
    return word, j


def _stems(word: str) -> list[str]:
    out = [word]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


def _lexicon_verb(word: str) -> bool:
    from eventwatch.coding.lexicon import lexicon

    verbs = lexicon().verbs
    return any(s in verbs for s in _stems(word))


def _opens_object(tok: Token) -> bool:
    """Whether `tok` can start the object of a verb before it (a noun phrase with no
    article: "Dutch ambassador", "detained British nationals")."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok.tag_ in ("VBN", "VBG", "VBD")
    return tok.pos_ not in _NOT_AFTER_VERB and tok.tag_ != "PRP$"


def _prefix_end(toks: list[Token], start: int) -> int:
    """The index after the capitalized words that open a clause at `start` ("Turkey",
    "Peru 's", "Pakistan , India")."""
    i = start
    while i < len(toks) and (
        (toks[i].text[:1].isupper() and toks[i].is_alpha)
        or (i > start and toks[i].tag_ == "POS")
        or (i > start and toks[i].text == "," and i + 1 < len(toks) and toks[i + 1].text[:1].isupper())
        or toks[i].like_num
    ):
        i += 1
    return i


def variants(sent: Span) -> list[tuple[list[Edit], set[int] | None]]:
    """The ways to spell out the headline's shorthand, each with the tokens one of which
    must become the root (None: any verb), in the order they are tried."""
    toks = list(sent)
    base: list[Edit] = []
    start = 0
    # "Iran: US sanctions are ...": the speaker before a colon says what follows
    for i in range(1, min(5, len(toks) - 3)):
        if toks[i].text == ":":
            if all(t.text[:1].isupper() or t.tag_ == "POS" for t in toks[:i]):
                base.append((i, "swap", "says"))
                start = i + 1
            break
    end = _prefix_end(toks, start)
    commas = [i for i in range(start, end) if toks[i].text == ","]
    if len(commas) == 1 and commas[0] - start <= 3 and end < len(toks):
        base.append((commas[0], "swap", "and"))  # "Pakistan, India exchange fire"
    out: list[tuple[list[Edit], set[int] | None]] = []
    for i in range(end, min(end + 4, len(toks))):
        tok = toks[i]
        if not tok.is_lower:
            break
        if tok.dep_ == "amod":
            continue  # "Peru's ousted president"
        if tok.lower_ == "to":
            if i > start and i + 1 < len(toks) and toks[i + 1].is_lower:
                out.append(([*base, (i, "swap", "will")], None))  # "Japan to lift sanctions"
            break
        if tok.tag_ in ("VBN", "VBD") and tok.dep_ != "amod" and i > start and not any(
            c.dep_ == "dobj" for c in tok.children
        ):
            plural = any(t.tag_ in ("NNS", "NNPS") or (t.like_num and t.lower_ not in ("one", "1"))
                         for t in toks[start:i])
            out.append(([*base, (i, "insert", "were" if plural else "was")], None))
            break  # "Journalist detained in Tehran"
        word, last = _verb_group(toks, i)
        verbal = tok.pos_ in ("VERB", "AUX")
        if not verbal and not _lexicon_verb(word):
            continue  # "Mali junta expels ...": a noun of the subject
        complete = verbal and any(c.dep_ == "nsubj" for c in tok.children) and (
            last + 1 >= len(toks) or not _opens_object(toks[last + 1])
            or any(c.dep_ == "dobj" for c in tok.children))
        if not complete and last + 1 < len(toks) and _opens_object(toks[last + 1]):
            # "Turkey expels the Dutch ambassador": an article makes the word a verb
            out.append(([*base, (last + 1, "insert", "the")], set(range(i, last + 1))))
        if verbal:
            break
    if base:
        out.append((base, None))
    return out


def _root_is_verb(toks: list[Token]) -> bool:
    roots = [t for t in toks if t.dep_ == "ROOT"]
    return len(roots) == 1 and roots[0].pos_ in ("VERB", "AUX")


def _variant_parse(
    model: Language, sent: Span, todo: list[Edit], root: set[int] | None, alone: bool = False
) -> tuple[dict[int, list[int]], list[tuple[int, int, str]]] | None:
    """The parse of the headline with `todo` applied, as rows of (tag, pos, lemma, head,
    dep) for the sentence's own tokens, and its entities (start, end, label) on them; None
    when it is not kept."""
    from spacy.tokens import Doc as SpacyDoc

    words: list[str] = []
    spaces: list[bool] = []
    where: list[int] = []  # sentence token -> variant token
    swaps = {i: w for i, kind, w in todo if kind == "swap"}  # a later swap wins
    inserts = {i: w for i, kind, w in todo if kind == "insert"}
    for i, tok in enumerate(sent):
        if i in inserts:
            words.append(inserts[i])
            spaces.append(True)
        where.append(len(words))
        words.append(swaps.get(i, tok.text))
        spaces.append(bool(tok.whitespace_))
    vdoc = model(SpacyDoc(model.vocab, words=words, spaces=spaces))
    vt = list(vdoc)
    back = {j: i for i, j in enumerate(where)}
    roots = [t for t in vt if t.dep_ == "ROOT"]
    if len(roots) != 1 or roots[0].i not in back:
        return None
    if not todo and not alone:
        return None
    if root is not None:
        if back[roots[0].i] not in root:
            return None
    elif roots[0].pos_ not in ("VERB", "AUX") and _root_is_verb(list(sent)):
        return None
    if any(vt[j].head.i not in back for j in where):
        return None  # a word of the headline hangs from an inserted one
    rows = {}
    for i, j in enumerate(where):
        t = vt[j]
        # a swapped "to" keeps its lemma: "Japan to lift sanctions" reports a plan, it is
        # not Japan's promise or threat ("will" would make it one)
        lemma = sent[i].lemma if swaps.get(i) == "will" else t.lemma
        rows[sent.start + i] = [t.tag, t.pos, lemma, (back[t.head.i] - i) % (1 << 64), t.dep]
    # the entities of the new parse, on the headline's tokens (kept for a title-case one)
    ents = [(sent.start + back[e.start], sent.start + back[e.end - 1] + 1, e.label_)
            for e in vdoc.ents if e.start in back and e.end - 1 in back]
    return rows, ents


def _title_case(toks: list[Token]) -> bool:
    """"Turkey Expels Dutch Ambassador Over Rally Row": every word after the first of more
    than three letters is capitalized (at least three of them)."""
    words = [t for t in toks[1:] if t.is_alpha]
    long = [t for t in words if len(t) > 3]
    return len([t for t in words if t.text[:1].isupper()]) >= 3 and all(
        t.text[:1].isupper() for t in long
    )


def _common(word: str) -> bool:
    """Whether a capitalized word of a title-case headline is a common word, written in
    lower case in a sentence (a verb or noun of the trigger lexicon, an actor noun, a
    function word), not a name."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from eventwatch.coding.cues import cues
    from eventwatch.coding.lexicon import lexicon

    lex = lexicon()
    nouns = cues().actor_nouns
    return any(
        s in STOP_WORDS or s in lex.verbs or s in lex.nouns or s in nouns for s in _stems(word)
    )


def _lowered(model: Language, sent: Span) -> tuple[list[Edit], Span] | None:
    """A title-case headline with its common words in lower case, and its parse."""
    from spacy.tokens import Doc as SpacyDoc

    toks = list(sent)
    if not _title_case(toks):
        return None
    swaps: list[Edit] = [
        (i, "swap", t.lower_) for i, t in enumerate(toks)
        if i and t.is_alpha and t.text[:1].isupper() and not t.is_upper and _common(t.lower_)
    ]
    if not swaps:
        return None
    words = [t.text for t in toks]
    for i, _, w in swaps:
        words[i] = w
    low = model(SpacyDoc(model.vocab, words=words, spaces=[bool(t.whitespace_) for t in toks]))
    return swaps, low[:]


def reparse(doc: Doc, model: Language | None = None) -> Doc:
    """Re-parse `doc`'s headlines in place (see the module's docstring); returns `doc`.
    Done once per doc (the pipeline calls it before the actors are read, `code_doc` again)."""
    if doc.user_data.get(_DONE_KEY):
        return doc
    doc.user_data[_DONE_KEY] = True
    heads = headline_sentences(doc)
    if not heads:
        return doc
    from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG
    from spacy.tokens import Span

    model = model or nlp.load()
    attrs = [TAG, POS, LEMMA, HEAD, DEP]
    arr = doc.to_array(attrs)
    changed = False
    ents: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for sent in heads:
        whole = nlp.sentence_of(sent[0])
        # spaCy ran the headline into the next line ("... Journalists\n\nNAIROBI (Reuters)
        # - ..."): it is parsed alone even with nothing to spell out, the rest on its own
        alone = any(not t.is_space for t in whole if not sent.start <= t.i < sent.end)
        lowered = _lowered(model, sent)
        cased: list[Edit] = []
        tried = variants(sent)
        if lowered is not None:  # "Turkey Expels Dutch Ambassador": read in lower case
            cased = lowered[0]
            tried = variants(lowered[1])
        if alone or lowered is not None:
            tried = [*tried, ([], None)]
        for todo, root in tried:
            copied = _variant_parse(model, sent, cased + todo, root, alone)
            if copied is not None:
                for row, values in copied[0].items():
                    arr[row] = values
                if alone:
                    for row, values in _rest_rows(model, whole, sent).items():
                        arr[row] = values
                if cased:  # "Hungary Expels Belarusian Diplomat" was one ORG entity
                    ents[(sent.start, sent.end)] = copied[1]
                changed = True
                break
    if not changed:
        return doc
    doc.from_array(attrs, arr)
    if ents:
        kept = [e for e in doc.ents if not any(a < e.end and e.start < b for a, b in ents)]
        new = [Span(doc, a, b, label=lab) for spans in ents.values() for a, b, lab in spans]
        doc.ents = sorted(kept + new, key=lambda e: e.start)
    nlp.forget_sentences(doc)
    return doc
