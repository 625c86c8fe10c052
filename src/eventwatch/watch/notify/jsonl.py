"""JSON Lines notifier: one alert per line, appended to a file or written to stdout ("-")."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from eventwatch.errors import E, EventwatchError


def send(spec: dict[str, Any], payload: dict[str, Any]) -> None:
    line = json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n"
    path = spec.get("path") or "-"
    if path == "-":
        sys.stdout.write(line)
        sys.stdout.flush()
        return
    try:
        with Path(path).expanduser().open("a", encoding="utf-8") as fh:
            fh.write(line)
    except OSError as exc:
        raise EventwatchError(
            E.NOTIFY_FAILED, channel=f"jsonl {path}", reason=exc.strerror or str(exc)
        ) from exc
