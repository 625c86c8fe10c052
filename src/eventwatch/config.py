"""Settings: everything eventwatch takes from the environment, read in one place.

    settings = Settings.from_env()          # the CLI and the REST API do this once
    with settings.active():                 # and make it the settings of what they call
        ...

This is the only module under `src/` that reads the environment (a test checks it). Stages
and services take a `Settings` argument where they need one; called without, they use
`current()`: the settings made active by the caller (the CLI, the API), else a fresh
`Settings.from_env()` (a few dictionary look-ups), so a library user who sets a variable
sees it take effect.

Variables (all optional):

- EVENTWATCH_DB: the database (a SQLite path or SQLAlchemy URL; default ./eventwatch.db)
- EVENTWATCH_HOME: the user's folder (default ~/.eventwatch); EVENTWATCH_ACTORS: the
  user's knowledge-base additions (default $EVENTWATCH_HOME/actors.yaml)
- EVENTWATCH_CACHE: built caches, e.g. the gazetteer (default ~/.cache/eventwatch)
- EVENTWATCH_WORKERS: default number of coding processes for ingest and poll
- EVENTWATCH_TYPE_MODEL: another event-type model file (.npz written by
  scripts/train_type_model.py) in place of the shipped one, e.g. to evaluate a candidate
- EVENTWATCH_WEB_MODULES: another node_modules folder for the web page's libraries
- EVENTWATCH_PUBLIC_RULES=1: /rules and /alerts readable without a key
- EVENTWATCH_HTTP_DEADLINE_S, EVENTWATCH_HTTP_TIMEOUT_S, EVENTWATCH_HTTP_MAX_REDIRECTS,
  EVENTWATCH_ALLOW_PRIVATE_URLS: bounds of outbound HTTP (`eventwatch.sources.http`)
- EVENTWATCH_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _STARTTLS, _CAFILE, _TIMEOUT_S,
  _DEADLINE_S: the e-mail notifier; EVENTWATCH_WEBHOOK_SECRET: the webhook signing secret
  (a rule may name another variable with `secret_env`, looked up with `Settings.secret`)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

DEFAULT_DB = "eventwatch.db"
TRUE = ("1", "true", "yes", "on")


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # a malformed setting keeps the default


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class HttpSettings:
    """Overrides of `eventwatch.sources.http.Limits`; None keeps the built-in default."""

    deadline_s: float | None = None
    timeout_s: float | None = None  # connect and read
    max_redirects: int | None = None
    allow_private: bool | None = None  # None: not set (each caller has its default)


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "eventwatch@localhost"
    starttls: bool = True
    cafile: str | None = None
    timeout_s: float | None = None
    deadline_s: float | None = None


@dataclass(frozen=True)
class Settings:
    """What the environment says, once. Build with `from_env()` (or directly, in tests)."""

    db: str | None = None  # None: ./eventwatch.db
    home: Path = field(default_factory=lambda: Path.home() / ".eventwatch")
    actors_file: Path | None = None  # None: home / "actors.yaml"
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "eventwatch")
    workers: int | None = None  # None: the command's own default
    type_model: Path | None = None  # None: the shipped data/coding/model/type_model.npz
    web_modules: Path | None = None
    public_rules: bool = False
    pair_encoder: bool = True  # code_pair asks the fine-tuned pair encoder (EVENTWATCH_PAIR_ENCODER=0: not)
    http: HttpSettings = field(default_factory=HttpSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    webhook_secret: str | None = field(default=None, repr=False)
    # the variables a rule's notifier may name (`secret_env`), read when settings are made
    environ: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from `environ` (default: this process's environment)."""
        env = dict(os.environ if environ is None else environ)
        home = env.get("EVENTWATCH_HOME")
        cache = env.get("EVENTWATCH_CACHE")
        actors = env.get("EVENTWATCH_ACTORS")
        modules = env.get("EVENTWATCH_WEB_MODULES")
        type_model = env.get("EVENTWATCH_TYPE_MODEL")
        private = env.get("EVENTWATCH_ALLOW_PRIVATE_URLS")
        return cls(
            db=env.get("EVENTWATCH_DB") or None,
            home=Path(home).expanduser() if home else Path.home() / ".eventwatch",
            actors_file=Path(actors).expanduser() if actors else None,
            cache_dir=Path(cache).expanduser() if cache else Path.home() / ".cache" / "eventwatch",
            workers=_int(env.get("EVENTWATCH_WORKERS")),
            type_model=Path(type_model).expanduser() if type_model else None,
            web_modules=Path(modules) if modules else None,
            public_rules=env.get("EVENTWATCH_PUBLIC_RULES") == "1",
            pair_encoder=env.get("EVENTWATCH_PAIR_ENCODER", "1").strip().lower() not in ("0", "false", "no", "off"),
            http=HttpSettings(
                deadline_s=_float(env.get("EVENTWATCH_HTTP_DEADLINE_S")),
                timeout_s=_float(env.get("EVENTWATCH_HTTP_TIMEOUT_S")),
                max_redirects=_int(env.get("EVENTWATCH_HTTP_MAX_REDIRECTS")),
                allow_private=None if private is None else private.strip().lower() in TRUE,
            ),
            smtp=SmtpSettings(
                host=env.get("EVENTWATCH_SMTP_HOST", "localhost"),
                port=_int(env.get("EVENTWATCH_SMTP_PORT")) or 587,
                user=env.get("EVENTWATCH_SMTP_USER") or None,
                password=env.get("EVENTWATCH_SMTP_PASSWORD") or None,
                sender=env.get("EVENTWATCH_SMTP_FROM", "eventwatch@localhost"),
                starttls=env.get("EVENTWATCH_SMTP_STARTTLS", "1") != "0",
                cafile=env.get("EVENTWATCH_SMTP_CAFILE") or None,
                timeout_s=_float(env.get("EVENTWATCH_SMTP_TIMEOUT_S")),
                deadline_s=_float(env.get("EVENTWATCH_SMTP_DEADLINE_S")),
            ),
            webhook_secret=env.get("EVENTWATCH_WEBHOOK_SECRET") or None,
            environ=MappingProxyType(env),
        )

    # -- derived ----------------------------------------------------------------------------
    @property
    def user_actors_file(self) -> Path:
        """The user's additions to the knowledge base (the file need not exist)."""
        return self.actors_file or self.home / "actors.yaml"

    @property
    def db_or_default(self) -> str:
        return self.db or DEFAULT_DB

    def secret(self, name: str) -> str | None:
        """The value of the variable `name` (a notifier's `secret_env`), or None."""
        return self.environ.get(name) or None

    def but(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @contextmanager
    def active(self) -> Iterator[Settings]:
        """Make these the settings `current()` returns, in this context (and its threads
        started with `contextvars.copy_context`)."""
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)


_active: ContextVar[Settings | None] = ContextVar("eventwatch_settings", default=None)


def current() -> Settings:
    """The active settings (see `Settings.active`), else fresh ones from the environment."""
    return _active.get() or Settings.from_env()


def set_for_children(name: str, value: str) -> None:
    """Hand a setting to child processes (`eventwatch serve`'s workers read it back)."""
    os.environ[name] = value


def set_child_default(name: str, value: str) -> None:
    """Give a variable a value for child processes (BLAS threads, Ray), unless it has one."""
    os.environ.setdefault(name, value)
