"""The type model's features of one actor pair, read from per-document token arrays.

`pair_features(sentence, trigger, source, target)` names the features of the dyad
source -> target (coding/model.py documents them; the shipped weights are keyed by these
exact strings). A pair is scored many times over in a document (both directions, the gate,
learned candidates), so the tokens' lemma, part of speech, relation, head and children are
read once per document into plain lists (`DocTable`, kept in `doc.user_data`) and every
pair walks those instead of spaCy Token objects. tests/test_model_features.py checks that
the features are the same lists, in the same order, as the Token-walking reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_MODALS = {"will", "would", "could", "may", "might", "should", "can", "shall", "must", "'ll",
           "wo", "ca"}
_NEG = {"not", "n't", "never", "no", "nor", "neither"}
_NEG_VERBS = {"fail", "refuse", "decline", "cancel"}
_SKIP_POS = {"PUNCT", "DET", "SPACE"}
_MAX_BETWEEN = 30
_PARTICLES = ("ADP", "CCONJ", "PUNCT", "PART")
_KEY = "eventwatch.feature_table"


@dataclass
class DocTable:
    """What the features read of each token of a document, by token index."""

    lem: list[str]  # lemma, lower-cased; "<num>" for a number-like token
    llem: list[str]  # lemma, lower-cased (numbers kept)
    pos: list[str]
    dep: list[str]
    head: list[int]
    lower: list[str]
    kids: list[list[int]]  # children, in token order (as Token.children yields them)
    content: dict[tuple[int, int], list[tuple[int, str]]] = field(default_factory=dict)


def table(doc: Doc) -> DocTable:
    """The token arrays of `doc`, built on first use and kept in `doc.user_data`."""
    got = doc.user_data.get(_KEY)
    if isinstance(got, DocTable) and len(got.head) == len(doc):
        return got
    llem = [t.lemma_.lower() for t in doc]
    lem = ["<num>" if t.like_num else ll for t, ll in zip(doc, llem, strict=True)]
    head = [t.head.i for t in doc]
    kids: list[list[int]] = [[] for _ in head]
    for i, h in enumerate(head):
        if h != i:
            kids[h].append(i)
    got = DocTable(
        lem=lem, llem=llem, pos=[t.pos_ for t in doc], dep=[t.dep_ for t in doc], head=head,
        lower=[t.lower_ for t in doc], kids=kids,
    )
    doc.user_data[_KEY] = got
    return got


def _up(head: list[int], i: int) -> list[int]:
    """`i` and its heads up to the root, nearest first."""
    out = [i]
    seen = {i}
    cur = i
    while head[cur] != cur and head[cur] not in seen:
        cur = head[cur]
        seen.add(cur)
        out.append(cur)
    return out


def _path(head: list[int], a: int, b: int) -> tuple[list[int], int | None, list[int]]:
    """(a up to the common ancestor, the ancestor, b up to it); excludes the ancestor."""
    up_a = _up(head, a)
    up_b = _up(head, b)
    ids_b = {t: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t in ids_b:
            return up_a[:k], t, up_b[: ids_b[t]]
    return up_a, None, up_b


def _role(tb: DocTable, i: int, start: int, end: int) -> str:
    """The grammatical role of an actor span: its root's relation, with the preposition."""
    head, dep = tb.head, tb.dep
    t = i
    while head[t] != t and start <= head[t] < end:  # climb out of the span itself
        t = head[t]
    d = dep[t]
    h = head[t]
    if d == "pobj" and tb.pos[h] == "ADP":
        if dep[h] == "agent":
            return "agent"
        return f"pobj_{tb.llem[h]}"
    if d == "poss":
        return "poss"
    if d == "conj":
        return f"conj_{dep[h]}"
    return d


def _verb_feats(tb: DocTable, i: int, tag: str) -> list[str]:
    """Features of one predicate on the path: lemma, particle, object, negation, modals."""
    lem, dep = tb.lem, tb.dep
    lm = lem[i]
    out = [f"{tag}={lm}"]
    kids = tb.kids[i]
    for c in kids:
        if dep[c] == "prt":
            out.append(f"{tag}_prt={lm}_{lem[c]}")
    for c in kids:
        if dep[c] in ("dobj", "attr", "oprd"):
            out.append(f"{tag}_obj={lm}_{lem[c]}")
            out.append(f"obj={lem[c]}")
    for c in kids:
        if dep[c] in ("prep", "dative"):
            out.append(f"{tag}_prep={lm}_{lem[c]}")
    for c in kids:
        if dep[c] == "acomp":
            out.append(f"{tag}_acomp={lm}_{lem[c]}")
    for c in kids:
        d, low = dep[c], tb.lower[c]
        if d == "neg" or low in _NEG:
            out.append("neg")
            out.append(f"neg_{tag}={lm}")
        elif d in ("aux", "auxpass") and low in _MODALS:
            m = low if low not in ("wo", "'ll") else "will"
            out.append(f"modal={m}")
            out.append(f"modal_{tag}={m}_{lm}")
        elif d == "auxpass":
            out.append("passive")
    return out


def _content_words(tb: DocTable, start: int, end: int) -> list[tuple[int, str]]:
    """(index, lemma) of a sentence's verbs and nouns, read once per sentence."""
    words = tb.content.get((start, end))
    if words is None:
        pos, lem = tb.pos, tb.lem
        words = [(i, lem[i]) for i in range(start, end) if pos[i] in ("VERB", "NOUN")]
        tb.content[(start, end)] = words
    return words


def pair_features(
    sentence_span: Span, trigger: Token | None, source_span: Span, target_span: Span
) -> list[str]:
    """The named features of the dyad `source_span` -> `target_span` in `sentence_span`."""
    return span_features(
        table(sentence_span.doc),
        (sentence_span.start, sentence_span.end),
        (source_span.start, source_span.end, source_span.root.i),
        (target_span.start, target_span.end, target_span.root.i),
        None if trigger is None else trigger.i,
    )


def span_features(
    tb: DocTable,
    sentence: tuple[int, int],
    source: tuple[int, int, int],
    target: tuple[int, int, int],
    trigger: int | None = None,
) -> list[str]:
    """`pair_features` on token indices: the sentence (start, end), each actor (start, end,
    root) and the trigger's index (or None)."""
    lem, pos, dep, head = tb.lem, tb.pos, tb.dep, tb.head
    ss, se, s_root = source
    ts, te, t_root = target

    def inside(i: int) -> bool:
        return ss <= i < se or ts <= i < te

    feats: list[str] = ["bias"]
    s_up, lca, t_up = _path(head, s_root, t_root)
    # tokens strictly between each actor and the common ancestor, outside the actor spans
    s_chain = [i for i in s_up if not (ss <= i < se)]
    t_chain = [i for i in t_up if not (ts <= i < te)]
    srole = _role(tb, s_root, ss, se)
    trole = _role(tb, t_root, ts, te)
    feats += [f"srole={srole}", f"trole={trole}", f"roles={srole}|{trole}"]
    if ss > ts:
        feats.append("order=ts")

    top = trigger if trigger is not None else lca
    if top is not None and inside(top):
        feats.append("lca_in_actor")  # one actor governs the other ("X's attack on Y")
        if trigger is None:
            # the predicate is the first word above them that is neither actor nor particle
            pred = top
            while head[pred] != pred and (inside(pred) or pos[pred] in _PARTICLES):
                pred = head[pred]
            if not inside(pred):
                feats.append("coord" if "conj" in (dep[s_root], dep[t_root]) else "nested")
                top = pred
    if top is not None:
        lt = lem[top]
        feats.append(f"lca={lt}")
        feats.append(f"lca_pos={pos[top]}")
        feats.append(f"lca_roles={lt}|{srole}|{trole}")
        feats += _verb_feats(tb, top, "top")
        # a noun predicate: climb to its governing verb ("launched an attack on Y")
        if pos[top] in ("NOUN", "PROPN") and head[top] != top:
            gov = head[top]
            if pos[gov] == "ADP" and head[gov] != gov:
                gov = head[gov]
            feats.append(f"gov={lem[gov]}")
            feats.append(f"gov_n={lem[gov]}_{lt}")
            feats += [f + "@g" for f in _verb_feats(tb, gov, "gv") if f.startswith(("neg", "modal"))]
        # reporting frames / control above the predicate
        if dep[top] in ("ccomp", "xcomp", "advcl", "relcl", "acl") and head[top] != top:
            h = head[top]
            feats.append(f"above={lem[h]}")
            feats.append(f"above_dep={dep[top]}_{lem[h]}")
            for c in tb.kids[h]:
                if dep[c] == "neg":
                    feats.append(f"neg_above={lem[h]}")

    # the path from the top down to the target: verbs, nouns, prepositions
    down = t_chain[::-1]
    down_lem = [lem[i] for i in down if pos[i] not in _SKIP_POS]
    for i in down:
        if pos[i] in _SKIP_POS:
            continue
        feats.append(f"pt={lem[i]}")
        feats.append(f"ptd={lem[i]}/{dep[i]}")
        if pos[i] == "VERB":
            feats += _verb_feats(tb, i, "v")
    for i in s_chain:
        if pos[i] in _SKIP_POS:
            continue
        feats.append(f"ps={lem[i]}")
        if pos[i] == "VERB":
            feats += _verb_feats(tb, i, "sv")
    if top is not None:
        chain = [lem[top], *down_lem]
        feats.append("chain=" + ">".join(chain[:4]))
        if len(chain) >= 2:
            feats.append("chain2=" + ">".join(chain[:2]))
            feats.append("last2=" + ">".join(chain[-2:]))
        verbs = [lem[top]] if pos[top] in ("VERB", "AUX") else []
        verbs += [lem[i] for i in down if pos[i] == "VERB"]
        if verbs:
            feats.append("vchain=" + ">".join(verbs[:3]))
            feats.append(f"vlow={verbs[-1]}")
            if len(verbs) >= 2:
                feats.append(f"vpair={verbs[0]}>{verbs[-1]}")
    feats += _polarity(tb, top, down)
    low = next((i for i in t_chain if pos[i] == "VERB"), None)
    if low is not None:
        feats.append(f"low={lem[low]}")
        for c in tb.kids[low]:
            if dep[c] == "dobj":
                feats.append(f"low_obj={lem[low]}_{lem[c]}")
    # the word that attaches the target (preposition) with its head noun or verb
    if t_chain:
        att = t_chain[0]
        if pos[att] == "ADP" and len(t_chain) > 1:
            feats.append(f"att={lem[t_chain[1]]}_{lem[att]}")
        else:
            feats.append(f"att={lem[att]}_{dep[t_root]}")
    feats += _context(tb, sentence, source, target)
    return feats


def _polarity(tb: DocTable, top: int | None, down: list[int]) -> list[str]:
    """Polarity and modality over the whole predicate chain: "will not lift", "failed to
    reach"."""
    lem, pos, dep, lower, kids = tb.lem, tb.pos, tb.dep, tb.lower, tb.kids
    chain = ([top] if top is not None else []) + [i for i in down if pos[i] in ("VERB", "AUX")]
    if top is not None and tb.head[top] != top and dep[top] in ("xcomp", "ccomp"):
        chain.append(tb.head[top])
    negated = any(dep[c] == "neg" or lower[c] in _NEG for i in chain for c in kids[i])
    negated = negated or any(lem[i] in _NEG_VERBS for i in chain)
    modals = sorted(
        {lower[c] for i in chain for c in kids[i] if dep[c] == "aux" and lower[c] in _MODALS}
    )
    vlow = next((lem[i] for i in reversed(chain) if pos[i] == "VERB"), None)
    out: list[str] = []
    if negated:
        out.append("neg_any")
        if vlow:
            out.append(f"neg_vlow={vlow}")
    for m in modals:
        out.append(f"mod_any={m}")
        if negated:
            out.append(f"negmodal={m}")
        if vlow:
            out.append(f"mod_vlow={m}_{vlow}")
    return out


def _context(
    tb: DocTable, sentence: tuple[int, int], source: tuple[int, int, int],
    target: tuple[int, int, int],
) -> list[str]:
    """Words between the two actors, a small window around them, and the sentence's content
    words outside both."""
    lem, pos = tb.lem, tb.pos
    sent_start, sent_end = sentence
    n = len(lem)
    (a0, a1), (b0, b1) = sorted([(source[0], source[1]), (target[0], target[1])])
    out: list[str] = []
    between = [i for i in range(a1, min(b0, n)) if pos[i] not in _SKIP_POS]
    if len(between) <= _MAX_BETWEEN:
        lems = [lem[i] for i in between]
        out += [f"b={x}" for x in lems]
        out += [f"bb={x}_{y}" for x, y in zip(lems, lems[1:], strict=False)]
    else:
        out.append("far")
    after = [i for i in range(b1, min(sent_end, b1 + 6, n)) if pos[i] not in _SKIP_POS]
    out += [f"a={lem[i]}" for i in after[:4]]
    before = [i for i in range(max(sent_start, a0 - 4, 0), min(a0, n)) if pos[i] not in _SKIP_POS]
    out += [f"pre={lem[i]}" for i in before[-3:]]
    ss, se, _ = source
    ts, te, _ = target
    for i, lm in _content_words(tb, sent_start, sent_end):
        if not (ss <= i < se) and not (ts <= i < te):
            out.append(f"w={lm}")
    return out
