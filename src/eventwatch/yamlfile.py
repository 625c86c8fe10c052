"""Reading YAML: one loader for every data file, libyaml's C parser where PyYAML has it.

The pure-Python parser took about a second of every process's start (the trigger lexicon,
the ontology, the cues and the time lexicon are ~20 files read before the first article is
coded); libyaml parses the same YAML 1.1 into the same objects, and its marks carry the file
name and line for errors. `SafeLoader` is the class to subclass for a loader of one's own.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: str | bytes | IO[str]) -> Any:
    """The YAML document in `stream`, with only plain tags (as `yaml.safe_load`)."""
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 - a safe loader
