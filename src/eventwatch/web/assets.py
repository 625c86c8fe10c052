"""Where the page's front-end libraries are: npm packages installed by `make setup`
(`npm ci` in the repository's `web/` folder), served from this machine, never a CDN.

Only the files listed in `LIBS` are served, under /static/lib/<name>.
$EVENTWATCH_WEB_MODULES names another node_modules folder (an installed copy, for one).
"""

from __future__ import annotations

from pathlib import Path

from eventwatch.config import current

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

# URL name -> path inside node_modules
LIBS: dict[str, str] = {
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "d3.min.js": "d3/dist/d3.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
}


def node_modules() -> Path | None:
    """The node_modules folder holding the libraries, or None when `npm ci` has not run."""
    env = current().web_modules
    candidates = [env] if env else []
    candidates += [parent / "web" / "node_modules" for parent in HERE.parents]
    for c in candidates:
        if (c / "leaflet" / "dist" / "leaflet.js").is_file():
            return c
    return None


def lib_path(name: str) -> Path | None:
    """The file behind /static/lib/<name>, or None (unknown name, or not installed)."""
    rel = LIBS.get(name)
    root = node_modules()
    if rel is None or root is None:
        return None
    path = root / rel
    return path if path.is_file() else None


def own_path(name: str) -> Path | None:
    """The page's own script or style /static/app/<name> (no sub-folders)."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    path = STATIC / name
    return path if path.is_file() else None
