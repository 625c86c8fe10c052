"""Load another script of this folder as a module: the training scripts share functions
(the type model's rows and split, the confidence maps' ECE), and are run as files, not as a
package."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def script(name: str) -> ModuleType:
    """The script `scripts/<name>.py`, loaded (and run as a module, not as `__main__`)."""
    path = Path(__file__).resolve().with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
