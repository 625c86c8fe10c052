"""The word sets the candidate readers check on the parse: dependency labels, entity labels,
prepositions that introduce a place or a time. Which prepositions introduce a type's target,
and which types take a place or a thing as target, is the ontology's (plover.yaml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

_SUBJ = ("nsubj",)
_NON_ARG_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_ACTOR_ENTS = {"PERSON", "NORP", "GPE", "ORG", "LOC", "FAC"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_REL_PRONOUNS = {"who", "whom", "which", "that", "whose"}
_VISIT_PLACE_PREPS = ("in", "at", "to", "outside", "near", "into")
_WALK_SKIP = {"nsubj", "nsubjpass", "csubj", "relcl", "advcl", "ccomp", "conj", "cc", "punct",
              "appos", "parataxis", "mark", "acl"}
_SPAN_LEFT = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "npadvmod",
              "punct", "case", "predet"}
_TEMPORAL_PREPS = {"during", "at", "in", "after", "before", "throughout", "following", "since",
                   "ahead", "on"}
