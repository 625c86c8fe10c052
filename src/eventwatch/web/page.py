"""The page's HTML, rendered on the server: the filter form already holds the URL's values,
so a shared link opens on the same view before any script has run."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from string import Template

from eventwatch.coding.ontology import plover_types
from eventwatch.web.assets import TEMPLATES
from eventwatch.web.filters import FACTUALITIES

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _type_boxes(chosen: set[str]) -> str:
    boxes = []
    for t in plover_types():
        checked = " checked" if t in chosen else ""
        boxes.append(
            f'<label class="type"><input type="checkbox" name="type" value="{t}"{checked}>'
            f"{t.lower()}</label>"
        )
    return "\n".join(boxes)


def _factuality_options(chosen: str) -> str:
    opts = ['<option value="">any</option>']
    for f in FACTUALITIES:
        sel = " selected" if f == chosen else ""
        opts.append(f'<option value="{f}"{sel}>{f}</option>')
    return "".join(opts)


def _country_options(countries: Iterable[str]) -> str:
    return "".join(f'<option value="{_attr(c)}">' for c in countries)


def _legend() -> str:
    return "".join(f'<span class="swatch q{q}"></span>{name} ' for q, name in QUAD_NAMES.items())


def render_index(query: Mapping[str, list[str]], countries: Iterable[str]) -> str:
    """The page for the query string `query` (name -> values); unknown or bad values are
    shown as typed and left for the data endpoints to refuse."""

    def one(name: str) -> str:
        values = query.get(name) or [""]
        return values[0]

    return _template("index.html").substitute(
        type_boxes=_type_boxes({t.upper() for t in query.get("type", [])}),
        country=_attr(one("country")),
        dyad=_attr(one("dyad")),
        since=_attr(one("since")),
        until=_attr(one("until")),
        factuality_options=_factuality_options(one("factuality")),
        min_conf=_attr(one("min_conf")),
        q=_attr(one("q")),
        country_options=_country_options(countries),
        legend=_legend(),
    )


def render_docs(openapi_url: str, title: str) -> str:
    return _template("docs.html").substitute(openapi_url=_attr(openapi_url), title=_attr(title))
