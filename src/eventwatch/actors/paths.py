"""Where the user's additions to the knowledge base live.

The file is `$EVENTWATCH_ACTORS` if set, else `$EVENTWATCH_HOME/actors.yaml`, else
`~/.eventwatch/actors.yaml` (read through `eventwatch.config.Settings`).
"""

from __future__ import annotations

from pathlib import Path

from eventwatch.config import Settings, current


def user_path(settings: Settings | None = None) -> Path:
    """The additions file (it need not exist)."""
    return (settings or current()).user_actors_file
