"""The word sets the candidate readers check on the parse: dependency labels, entity labels,
prepositions that introduce a target or a place, and the event types that read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

_SUBJ = ("nsubj",)
_NON_ARG_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_ACTOR_ENTS = {"PERSON", "NORP", "GPE", "ORG", "LOC", "FAC"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_REL_PRONOUNS = {"who", "whom", "which", "that", "whose"}
_VERB_TARGET_PREPS = ("upon", "on", "to", "against", "with", "at", "toward", "towards", "into")
_NOUN_TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "into", "upon", "at",
                      "for")
_CONSULT_NOUN_PREPS = ("with", "to", "toward", "towards", "for")
_VISIT_PLACE_PREPS = ("in", "at", "to", "outside", "near", "into")
_WALK_SKIP = {"nsubj", "nsubjpass", "csubj", "relcl", "advcl", "ccomp", "conj", "cc", "punct",
              "appos", "parataxis", "mark", "acl"}
_SPAN_LEFT = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "npadvmod",
              "punct", "case", "predet"}
_TEMPORAL_PREPS = {"during", "at", "in", "after", "before", "throughout", "following", "since",
                   "ahead", "on"}
_PLACE_TARGET_TYPES = {"CONSULT", "MOBILIZE", "AID", "RETREAT", "PROTEST"}  # "deployed troops in Libya"
_THING_TARGET_TYPES = {"ACCUSE", "REJECT", "SUPPORT", "REQUEST"}
_ONE_SIDED = {"PROTEST", "MOBILIZE", "RETREAT", "CONCEDE"}
_OF_IS_TARGET = {"ASSAULT", "COERCE", "ACCUSE", "SANCTION", "REJECT", "CONCEDE", "SUPPORT",
                 "REQUEST", "AID"}
