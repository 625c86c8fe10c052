"""Where the user's additions to the knowledge base live.

The file is `$EVENTWATCH_ACTORS` if set, else `$EVENTWATCH_HOME/actors.yaml`, else
`~/.eventwatch/actors.yaml`.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_path() -> Path:
    """The additions file (it need not exist)."""
    explicit = os.environ.get("EVENTWATCH_ACTORS")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("EVENTWATCH_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".eventwatch"
    return base / "actors.yaml"
