"""Request and response bodies of the REST API (pydantic), so the OpenAPI schema documents them
and bad input is refused with a clear 422 before any code runs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Country = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3")]
Word = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorCondition(Strict):
    country: list[Country] = Field(default_factory=list, max_length=50)
    sector: list[Word] = Field(default_factory=list, max_length=50)
    person: list[Word] = Field(default_factory=list, max_length=50)


class PlaceCondition(Strict):
    name: Word | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(default=50.0, gt=0, le=20040)


class SpikeCondition(Strict):
    by: Literal["day", "week", "month"] = "day"
    baseline: int = Field(default=7, ge=2, le=366)
    sd: float = Field(default=3.0, ge=0, le=100)


class Conditions(Strict):
    dyad: list[ActorCondition | Country] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="two sides; a bare string is a country code",
    )
    directed: bool = False
    source: ActorCondition | None = None
    target: ActorCondition | None = None
    actor: ActorCondition | None = Field(default=None, description="either side")
    event_types: list[Word] = Field(default_factory=list, max_length=50)
    contexts: list[Word] = Field(default_factory=list, max_length=50)
    factuality: list[Literal["realized", "planned", "hypothetical", "negated", "any"]] = Field(
        default_factory=list, max_length=5
    )
    place: PlaceCondition | None = None
    goldstein_min: float | None = Field(default=None, ge=-10, le=10)
    goldstein_max: float | None = Field(default=None, ge=-10, le=10)
    min_confidence: float | None = Field(default=None, ge=0, le=1)
    keywords: list[Word] = Field(default_factory=list, max_length=50)
    spike: SpikeCondition | None = None


class JsonlNotifier(Strict):
    kind: Literal["jsonl"]
    path: Literal["-"] = Field(
        default="-", description="stdout only over the API; files are set from the CLI"
    )


class WebhookNotifier(Strict):
    kind: Literal["webhook"]
    url: str = Field(pattern=r"^https?://[^\s/]+\S*$", max_length=2000)
    secret_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")


class EmailNotifier(Strict):
    kind: Literal["email"]
    to: list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$", max_length=320)]] = Field(
        min_length=1, max_length=20
    )


Notifier = Annotated[JsonlNotifier | WebhookNotifier | EmailNotifier, Field(discriminator="kind")]


class RuleIn(Strict):
    name: Word
    enabled: bool = True
    conditions: Conditions = Field(default_factory=Conditions)
    notifiers: list[Notifier] = Field(default_factory=list, max_length=20)


class RuleOut(BaseModel):
    id: int
    name: str
    enabled: bool
    conditions: dict[str, Any]
    notifiers: list[dict[str, Any]]


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class RulePage(BaseModel):
    items: list[RuleOut]
    total: int
    limit: int
    offset: int


class Health(BaseModel):
    status: str
    version: str
    database: str


class ErrorOut(BaseModel):
    detail: str
    code: str | None = None


class TrendWindow(BaseModel):
    period: str
    count: int
    quad: dict[str, int]
    mean_goldstein: float | None


class SpikeOut(BaseModel):
    period: str
    count: int
    baseline_mean: float
    baseline_sd: float
    threshold: float
    fired: bool


class TrendOut(BaseModel):
    a: str
    b: str
    by: str
    directed: bool
    windows: list[TrendWindow]
    spike: SpikeOut | None


class ActorResolution(BaseModel):
    query: str
    date: str | None
    actor: dict[str, Any] | None
