"""The type model's features as coding/model.py computed them before coding/features.py:
walking spaCy Token objects. Kept frozen here as the reference that tests/test_model_features.py
compares the fast path with (the shipped weights are keyed by these exact strings). Change it
only together with a retrained model.
"""
# ruff: noqa
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_MODALS = {
    "will",
    "would",
    "could",
    "may",
    "might",
    "should",
    "can",
    "shall",
    "must",
    "'ll",
    "wo",
    "ca",
}
_NEG = {"not", "n't", "never", "no", "nor", "neither"}
_NEG_VERBS = {"fail", "refuse", "decline", "cancel"}
_SKIP_POS = {"PUNCT", "DET", "SPACE"}
_MAX_BETWEEN = 30



def _lem(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if tok.like_num:
        return "<num>"
    return lemma


def _ancestors_to(tok: Token, stop: Token | None = None) -> list[Token]:
    """`tok` and its heads up to the root (or `stop`), nearest first."""
    out = [tok]
    cur = tok
    seen = {tok.i}
    while cur.head.i != cur.i and cur.head.i not in seen:
        cur = cur.head
        seen.add(cur.i)
        out.append(cur)
        if stop is not None and cur.i == stop.i:
            break
    return out


def _path(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
    """(a up to the common ancestor, the ancestor, b up to it); excludes the ancestor itself."""
    up_a = _ancestors_to(a)
    up_b = _ancestors_to(b)
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            return up_a[:k], t, up_b[: ids_b[t.i]]
    return up_a, None, up_b


def _is_pred(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.dep_ in ("ROOT",)


def _actor_root(span: Span) -> Token:
    root = span.root
    return root


def _role(tok: Token, span: Span) -> str:
    """The grammatical role of an actor span: its root's relation, with the preposition."""
    t = tok
    # climb out of the span itself (compound / poss / appos inside the span)
    while t.head.i != t.i and span.start <= t.head.i < span.end:
        t = t.head
    dep = t.dep_
    if dep == "pobj" and t.head.pos_ == "ADP":
        prep = t.head.lemma_.lower()
        if t.head.dep_ == "agent":
            return "agent"
        return f"pobj_{prep}"
    if dep == "poss":
        return "poss"
    if dep == "conj":
        return f"conj_{t.head.dep_}"
    return dep


def _children_lemmas(tok: Token, deps: set[str]) -> list[str]:
    return [_lem(c) for c in tok.children if c.dep_ in deps]


def _verb_feats(tok: Token, tag: str) -> list[str]:
    """Features of one predicate on the path: lemma, particle, object, negation, modals."""
    lem = _lem(tok)
    out = [f"{tag}={lem}"]
    kids = [(c, c.dep_) for c in tok.children]  # read once: each pass below filters this list
    for prt in [_lem(c) for c, dep in kids if dep == "prt"]:
        out.append(f"{tag}_prt={lem}_{prt}")
    for obj in [_lem(c) for c, dep in kids if dep in ("dobj", "attr", "oprd")]:
        out.append(f"{tag}_obj={lem}_{obj}")
        out.append(f"obj={obj}")
    for prep in [_lem(c) for c, dep in kids if dep in ("prep", "dative")]:
        out.append(f"{tag}_prep={lem}_{prep}")
    for acomp in [_lem(c) for c, dep in kids if dep == "acomp"]:
        out.append(f"{tag}_acomp={lem}_{acomp}")
    for c, dep in kids:
        low = c.lower_
        if dep == "neg" or low in _NEG:
            out.append("neg")
            out.append(f"neg_{tag}={lem}")
        elif dep in ("aux", "auxpass") and low in _MODALS:
            m = low if low not in ("wo", "'ll") else "will"
            out.append(f"modal={m}")
            out.append(f"modal_{tag}={m}_{lem}")
        elif dep == "auxpass":
            out.append("passive")
    return out


def _inside(tok: Token, a: Span, b: Span) -> bool:
    return a.start <= tok.i < a.end or b.start <= tok.i < b.end


def _lowest_predicate(path_down: list[Token]) -> Token | None:
    for t in path_down:
        if t.pos_ in ("VERB",):
            return t
    return None


def pair_features(
    sentence_span: Span, trigger: Token | None, source_span: Span, target_span: Span
) -> list[str]:
    """The named features of the dyad `source_span` -> `target_span` in `sentence_span`."""
    feats: list[str] = ["bias"]
    s_root = _actor_root(source_span)
    t_root = _actor_root(target_span)
    s_up, lca, t_up = _path(s_root, t_root)
    # tokens strictly between each actor and the common ancestor, outside the actor spans
    s_chain = [t for t in s_up if not (source_span.start <= t.i < source_span.end)]
    t_chain = [t for t in t_up if not (target_span.start <= t.i < target_span.end)]

    srole = _role(s_root, source_span)
    trole = _role(t_root, target_span)
    feats += [f"srole={srole}", f"trole={trole}", f"roles={srole}|{trole}"]
    if source_span.start > target_span.start:
        feats.append("order=ts")

    top = trigger if trigger is not None else lca
    if top is not None and (
        source_span.start <= top.i < source_span.end or target_span.start <= top.i < target_span.end
    ):
        # one actor governs the other (e.g. "X's attack on Y", "talks between X and Y")
        feats.append("lca_in_actor")
        if trigger is None:
            # one actor governs the other ("X and Y agreed...", "talks between X and Y"):
            # the predicate is the first word above them that is neither actor nor particle
            pred = top
            while pred.head.i != pred.i and (
                _inside(pred, source_span, target_span)
                or pred.pos_ in ("ADP", "CCONJ", "PUNCT", "PART")
            ):
                pred = pred.head
            if not _inside(pred, source_span, target_span):
                feats.append("coord" if "conj" in (s_root.dep_, t_root.dep_) else "nested")
                top = pred
    if top is not None:
        feats.append(f"lca={_lem(top)}")
        feats.append(f"lca_pos={top.pos_}")
        feats.append(f"lca_roles={_lem(top)}|{srole}|{trole}")
        feats += _verb_feats(top, "top")
        # a noun predicate: climb to its governing verb ("launched an attack on Y")
        if top.pos_ in ("NOUN", "PROPN") and top.head.i != top.i:
            gov = top.head
            if gov.pos_ == "ADP" and gov.head.i != gov.i:
                gov = gov.head
            feats.append(f"gov={_lem(gov)}")
            feats.append(f"gov_n={_lem(gov)}_{_lem(top)}")
            feats += [f + "@g" for f in _verb_feats(gov, "gv") if f.startswith(("neg", "modal"))]
        # reporting frames / control above the predicate
        if top.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl") and top.head.i != top.i:
            feats.append(f"above={_lem(top.head)}")
            feats.append(f"above_dep={top.dep_}_{_lem(top.head)}")
            for c in top.head.children:
                if c.dep_ == "neg":
                    feats.append(f"neg_above={_lem(top.head)}")

    # the path from the top down to the target: verbs, nouns, prepositions
    down = list(reversed(t_chain))
    down_lem = [_lem(t) for t in down if t.pos_ not in _SKIP_POS]
    for t in down:
        if t.pos_ in _SKIP_POS:
            continue
        feats.append(f"pt={_lem(t)}")
        feats.append(f"ptd={_lem(t)}/{t.dep_}")
        if t.pos_ == "VERB":
            feats += _verb_feats(t, "v")
    for t in s_chain:
        if t.pos_ in _SKIP_POS:
            continue
        feats.append(f"ps={_lem(t)}")
        if t.pos_ == "VERB":
            feats += _verb_feats(t, "sv")
    if top is not None:
        chain = [_lem(top)] + [x for x in down_lem]
        feats.append("chain=" + ">".join(chain[:4]))
        if len(chain) >= 2:
            feats.append("chain2=" + ">".join(chain[:2]))
            feats.append("last2=" + ">".join(chain[-2:]))
        verbs = [_lem(top)] if top.pos_ in ("VERB", "AUX") else []
        verbs += [_lem(t) for t in down if t.pos_ == "VERB"]
        if verbs:
            feats.append("vchain=" + ">".join(verbs[:3]))
            feats.append(f"vlow={verbs[-1]}")
            if len(verbs) >= 2:
                feats.append(f"vpair={verbs[0]}>{verbs[-1]}")
    # polarity and modality over the whole predicate chain: "will not lift", "failed to reach"
    chain_toks = ([top] if top is not None else []) + [t for t in down if t.pos_ in ("VERB", "AUX")]
    if top is not None and top.head.i != top.i and top.dep_ in ("xcomp", "ccomp"):
        chain_toks.append(top.head)
    negated = any(c.dep_ == "neg" or c.lower_ in _NEG for t in chain_toks for c in t.children)
    negated = negated or any(_lem(t) in _NEG_VERBS for t in chain_toks)
    modals = sorted(
        {
            c.lower_
            for t in chain_toks
            for c in t.children
            if c.dep_ == "aux" and c.lower_ in _MODALS
        }
    )
    vlow_lem = next((_lem(t) for t in reversed(chain_toks) if t.pos_ == "VERB"), None)
    if negated:
        feats.append("neg_any")
        if vlow_lem:
            feats.append(f"neg_vlow={vlow_lem}")
    for m in modals:
        feats.append(f"mod_any={m}")
        if negated:
            feats.append(f"negmodal={m}")
        if vlow_lem:
            feats.append(f"mod_vlow={m}_{vlow_lem}")
    low = _lowest_predicate(t_chain)
    if low is not None:
        feats.append(f"low={_lem(low)}")
        for obj in _children_lemmas(low, {"dobj"}):
            feats.append(f"low_obj={_lem(low)}_{obj}")
    # the word that attaches the target (preposition) with its head noun or verb
    if t_chain:
        att = t_chain[0]
        if att.pos_ == "ADP" and len(t_chain) > 1:
            feats.append(f"att={_lem(t_chain[1])}_{_lem(att)}")
        else:
            feats.append(f"att={_lem(att)}_{t_root.dep_}")

    # words between the two actors, and a small window around them
    doc = sentence_span.doc
    a, b = sorted([(source_span.start, source_span.end), (target_span.start, target_span.end)])
    between = [t for t in doc[a[1] : b[0]] if t.pos_ not in _SKIP_POS]
    if len(between) <= _MAX_BETWEEN:
        lems = [_lem(t) for t in between]
        feats += [f"b={x}" for x in lems]
        feats += [f"bb={x}_{y}" for x, y in zip(lems, lems[1:], strict=False)]
    else:
        feats.append("far")
    after = [t for t in doc[b[1] : min(sentence_span.end, b[1] + 6)] if t.pos_ not in _SKIP_POS]
    feats += [f"a={_lem(t)}" for t in after[:4]]
    before = [t for t in doc[max(sentence_span.start, a[0] - 4) : a[0]] if t.pos_ not in _SKIP_POS]
    feats += [f"pre={_lem(t)}" for t in before[-3:]]
    # content words anywhere in the sentence, weakly (verbs and nouns)
    for i, lem in _content_words(sentence_span):
        if not (source_span.start <= i < source_span.end) and not (
            target_span.start <= i < target_span.end
        ):
            feats.append(f"w={lem}")
    return feats


def _content_words(sentence_span: Span) -> list[tuple[int, str]]:
    """(index, lemma) of the sentence's verbs and nouns, read once per sentence and kept on
    the doc (a sentence's pairs are scored many times over)."""
    cache = sentence_span.doc.user_data.setdefault("eventwatch_content_words", {})
    key = f"{sentence_span.start}:{sentence_span.end}"
    words = cache.get(key)
    if words is None:
        words = [(t.i, _lem(t)) for t in sentence_span if t.pos_ in ("VERB", "NOUN")]
        cache[key] = words
    return words


