"""Where PLV end-to-end coding loses a gold pair: one category per row, with counts.

For every PLV row, the bare sentence is coded as `eventwatch.extract` codes it (`code_doc` with
the document's actor resolver), and a row whose gold pair is not found with its gold root type
is put in the first category that explains it:

- `right`: an event links gold source -> gold target with the gold root type;
- `type differs, pair mode right` / `type differs, pair mode wrong too`: an event links the
  pair, another type (is the bare-text path the problem, or the type choice itself?);
- `reversed`: an event links gold target -> gold source only;
- `wrong partner`: an event holds one gold side, a different mention on the other;
- `gate: politicise` / `gate: threshold` / `gate: same actor` / `gate: one per predicate`:
  a lexicon candidate linked the pair (either direction) and the gate dropped it there;
- `candidate lacks an actor side`: only a relaxed candidate (arguments not required to be
  actors) links the pair;
- `not a mention: source|target (pronoun|generic noun|name|other)`: the gold side is no
  actor mention of `learned.mentions`;
- `learned: ...`: both sides are mentions, no lexicon candidate; why the learned pair did not
  become an event (no placed actor, no predicate, predicate taken, copula, below threshold).

Evaluation only: prints counts and, with `--show N`, N sentences per category.

    .venv/bin/python benchmarks/e2e_losses.py ../shared/benchmarks/plv-dev/plv_dev.tsv
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from eventwatch import actors, nlp
from eventwatch.coding import gate, learned
from eventwatch.coding.candidates import candidates, segments
from eventwatch.coding.coder import code_doc, code_pair
from eventwatch.coding.model import NONE, score_types
from eventwatch.coding.ontology import ontology
from eventwatch.evaluate.plv import Row, read_plv, to_root

Gold = tuple[int, int] | None  # a gold side's character offsets; None when the gold leaves it empty


def _hit(spans: list[Any], gold: tuple[int, int] | None) -> bool:
    """Whether a side overlaps the gold side; a gold side left empty (None) matches any side,
    as `evaluate plv` scores it."""
    if gold is None:
        return True
    return any(s.start_char < gold[1] and gold[0] < s.end_char for s in spans)


def _span_of(doc: Any, sentence: str, text: str, avoid: tuple[int, int] | None = None) -> tuple[int, int] | None:
    k = sentence.find(text)
    while k >= 0 and avoid is not None and k < avoid[1] and avoid[0] < k + len(text):
        k = sentence.find(text, k + 1)
    return (k, k + len(text)) if k >= 0 and text else None


def _links(ev_src: list[Any], ev_tgt: list[Any], gs: tuple[int, int] | None,
           gt: tuple[int, int] | None) -> str | None:
    if _hit(ev_src, gs) and _hit(ev_tgt, gt):
        return "fwd"
    if _hit(ev_src, gt) and _hit(ev_tgt, gs):
        return "rev"
    if _hit(ev_src, gs) or _hit(ev_tgt, gt) or _hit(ev_src, gt) or _hit(ev_tgt, gs):
        return "one"
    return None


def _kind_of(doc: Any, gold: tuple[int, int]) -> str:
    span = doc.char_span(gold[0], gold[1], alignment_mode="expand")
    if span is None or not len(span):
        return "other"
    head = span.root
    if head.pos_ == "PRON":
        return "pronoun"
    if head.pos_ == "PROPN" or head.ent_type_:
        return "name"
    if head.pos_ == "NOUN":
        return "generic noun"
    return "other"


def _gate_loss(sent: Any, resolver: Any, gs: Gold, gt: Gold) -> str | None:
    """Replay the gate on the lexicon candidates that link the pair: where is it dropped?"""
    actor_of = resolver.actor_for

    def test(span: Any) -> bool:
        try:
            return actor_of(span) is not None
        except Exception:  # noqa: BLE001
            return False

    reasons = []
    for cand in candidates(sent, actor_test=test):
        if _links(cand.source, cand.target, gs, gt) not in ("fwd", "rev"):
            continue
        if not gate.politicise(cand, actor_of):
            reasons.append("gate: politicise")
            continue
        if _links(cand.source, cand.target, gs, gt) not in ("fwd", "rev"):
            reasons.append("gate: politicise (side dropped)")
            continue
        probs = gate.pair_probs(cand)
        p_ev = None if probs is None else 1.0 - probs[NONE]
        collective = ontology().types[cand.entry.event_type].collective
        lv = 2 if collective else gate.political_level(cand.source[0], actor_of) if cand.source else 2
        need = gate.event_threshold(gate.candidate_kind(cand), lv)
        if p_ev is not None and p_ev < need:
            reasons.append("gate: threshold")
            continue
        reasons.append("gate: same actor / one per predicate")
    return reasons[-1] if reasons else None


def _relaxed(sent: Any, gs: Gold, gt: Gold) -> bool:
    return any(_links(c.source, c.target, gs, gt) in ("fwd", "rev") for c in candidates(sent, relaxed=True))


def _learned_loss(sent: Any, resolver: Any, gs: Gold, gt: Gold, known: list[Any]) -> str:
    actor_of = resolver.actor_for
    found = learned.mentions(sent, actor_of)
    a = next((m for m in found if _hit([m], gs)), None)
    b = next((m for m in found if _hit([m], gt)), None)
    if a is None or b is None:
        which = "source" if a is None else "target"
        return f"not a mention: {which}"
    if len(found) > learned.MAX_MENTIONS:
        return "learned: too many mentions"
    la, lb = gate.political_level(a, actor_of), gate.political_level(b, actor_of)
    if max(la, lb) < 2:
        return "learned: no placed political actor"
    if learned._linked(known, a, b):
        return "learned: linked by a known event (other type?)"
    pred = learned._predicate(a, b)
    if pred is None:
        return "learned: no linking predicate"
    taken = {ev.trigger.i for ev in known}
    if pred.i in taken or learned._between(a, b) & taken:
        return "learned: predicate taken by another event"
    if pred.lemma_ == "be":
        return "learned: copula"
    if la == 0:
        return "learned: source level 0"
    probs = score_types(sent, None, a, b, with_none=True)
    rprobs = score_types(sent, None, b, a, with_none=True) if lb else None
    p = 1.0 - probs[NONE] if probs else 0.0
    rp = 1.0 - rprobs[NONE] if rprobs else 0.0
    if rp > p and rp >= gate.event_threshold("learned", lb):
        return "learned: reversed direction won"
    if p < gate.event_threshold("learned", la):
        bucket = "<0.5" if p < 0.5 else "0.5-0.9" if p < 0.9 else ">=0.9"
        return f"learned: below threshold (p_event {bucket})"
    return "learned: other (one per predicate / dedupe)"


def _relation(tok: Any) -> str:
    """A target head's relation, coarsely: the object, a prepositional object (with its
    preposition), a possessor or modifier of another noun, an appositive, a subject, other."""
    if tok.dep_ == "pobj":
        return f"pobj:{tok.head.lower_}"
    if tok.dep_ in ("dobj", "dative"):
        return "object"
    if tok.dep_ in ("poss", "compound", "amod", "nmod"):
        return "modifier"
    if tok.dep_ in ("appos", "conj"):
        return tok.dep_
    if tok.dep_.startswith("nsubj"):
        return "subject"
    return "other"


def _target_split(doc: Any, ev: Any, gt: Gold) -> str:
    """Which target the event took instead of the gold one: "chosen REL -> gold REL"."""
    if gt is None or not ev.target:
        return "chosen ? -> gold ?"
    gold = doc.char_span(gt[0], gt[1], alignment_mode="expand")
    coarse = {"pobj:in": "pobj:in/at", "pobj:at": "pobj:in/at"}
    def rel(tok: Any) -> str:
        r = _relation(tok)
        return coarse.get(r, r if not r.startswith("pobj:") or r in ("pobj:to", "pobj:of", "pobj:with")
                          else "pobj:other")
    return f"chosen {rel(ev.target[0].root)} -> gold {rel(gold.root) if gold is not None else '?'}"


def classify(row: Row, pair_type: str | None = None) -> tuple[str, str]:
    """(category, detail) of one row."""
    model = nlp.load()
    doc = model(nlp.unwrap(row.sentence))
    text = doc.text
    gs = _span_of(doc, text, row.source)
    gt = _span_of(doc, text, row.target, avoid=gs)
    if (gs is None and row.source.strip()) or (gt is None and row.target.strip()):
        return "gold span not in sentence", ""
    if gs is None and gt is None:
        return "gold names neither side", ""
    resolver = actors.DocActors(doc, None, title="")
    events = code_doc(doc, actor_of=resolver.actor_for)
    fwd = [ev for ev in events if _links(ev.source, ev.target, gs, gt) == "fwd"]
    if fwd:
        types = {to_root(ev.event_type) for ev in fwd}
        best = max(fwd, key=lambda ev: ev.confidence)
        if to_root(best.event_type) == row.gold_root:
            return "right", ""
        pt = pair_type if pair_type is not None else to_root(
            code_pair(row.sentence, row.source, row.target).get("event_type"))
        kind = "pair mode right" if pt == row.gold_root else "pair mode wrong too"
        return f"type differs, {kind}", f"{sorted(types)} pair={pt}"
    if any(_links(ev.source, ev.target, gs, gt) == "rev" for ev in events):
        return "reversed", ""
    one = [ev for ev in events if _links(ev.source, ev.target, gs, gt) == "one"]
    anchor = gs if gs is not None else gt
    assert anchor is not None
    sent = next((s for s in segments(doc) if s.start_char <= anchor[0] < s.end_char), None)
    if sent is None:
        return "gold span not in a segment", ""
    loss = _gate_loss(sent, resolver, gs, gt)
    if loss is not None:
        return loss, ""
    if one:
        ev = one[0]
        detail = f"{ev.event_type} {[s.text for s in ev.source]} -> {[t.text for t in ev.target]}"
        obj = ev.object
        if _hit(ev.source, gs) and not ev.target:
            where = "gold target is the object" if obj is not None and _hit([obj], gt) else "no target"
            return f"wrong partner: {where}", detail + f" obj={obj.text if obj is not None else None}"
        if _hit(ev.source, gs):
            return "wrong partner: other target", detail + " | " + _target_split(doc, ev, gt)
        if _hit(ev.target, gt) and any(learned.in_dateline(s.root) for s in ev.source):
            return "wrong partner: dateline as source", detail
        if _hit(ev.target, gt):
            return "wrong partner: other source" + (" (none)" if not ev.source else ""), detail
        return "wrong partner: sides crossed", detail
    known = [ev for ev in events if sent.start <= ev.trigger.i < sent.end]
    why = _learned_loss(sent, resolver, gs, gt, known)
    if why.startswith("not a mention"):
        side = gs if why.endswith("source") else gt
        if side is None:
            return f"{why} (gold side empty)", ""
        rel = " (relaxed candidate links it)" if _relaxed(sent, gs, gt) else ""
        return f"{why} ({_kind_of(doc, side)}){rel}", ""
    if _relaxed(sent, gs, gt):
        return f"candidate lacks an actor side; {why}", ""
    return why, ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--show", type=int, default=0, help="sentences shown per category")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--pair", action="store_true", help="also run code_pair for type losses")
    args = ap.parse_args()
    rows = read_plv(args.path, args.limit)
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    splits: Counter[str] = Counter()
    for row in rows:
        cat, detail = classify(row)
        counts[cat] += 1
        if cat == "wrong partner: other target":
            splits[detail.rsplit(" | ", 1)[-1]] += 1
        if len(examples[cat]) < args.show:
            examples[cat].append(f"  [{row.gold_root}] {row.marked}  {detail}")
    total = len(rows)
    print(f"{total} rows")
    for cat, n in counts.most_common():
        print(f"{n:5d}  {n / total:6.1%}  {cat}")
    if splits:
        print("\nwrong partner: other target, by the relation of the target taken -> the gold one")
        for key, n in splits.most_common():
            print(f"{n:5d}  {key}")
    if args.show:
        for cat, n in counts.most_common():
            if cat == "right":
                continue
            print(f"\n== {cat} ({n})")
            print("\n".join(examples[cat]))


if __name__ == "__main__":
    main()
