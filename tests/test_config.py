"""Settings are read from the environment in one module, and every variable flows through."""

from __future__ import annotations

import ast
from pathlib import Path

from eventwatch.config import Settings, current
from eventwatch.sources.http import limits_from_env, private_allowed_by_env

SRC = Path(__file__).resolve().parents[1] / "src" / "eventwatch"


def _reads_environment(tree: ast.AST) -> list[int]:
    """Lines that touch os.environ / os.getenv / environ / getenv / putenv."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv", "environb") or (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(a.name in ("environ", "getenv", "environb") for a in node.names)
        ):
            lines.append(node.lineno)
    return lines


def test_only_config_reads_the_environment() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "config.py" and path.parent == SRC:
            continue
        text = path.read_text(encoding="utf-8")
        for line in _reads_environment(ast.parse(text)):
            offenders.append(f"{path.relative_to(SRC)}:{line}")
        if "getenv" in text or "os.environ" in text:
            offenders.append(f"{path.relative_to(SRC)} (text)")
    assert offenders == []


def test_the_check_catches_a_read() -> None:
    assert _reads_environment(ast.parse("import os\nx = os.environ.get('A')\n")) == [2]
    assert _reads_environment(ast.parse("from os import getenv\n")) == [1]


def test_every_documented_variable_reaches_settings(tmp_path: Path) -> None:
    env = {
        "EVENTWATCH_DB": "x.db",
        "EVENTWATCH_HOME": str(tmp_path / "home"),
        "EVENTWATCH_CACHE": str(tmp_path / "cache"),
        "EVENTWATCH_WORKERS": "3",
        "EVENTWATCH_WEB_MODULES": str(tmp_path / "nm"),
        "EVENTWATCH_PUBLIC_RULES": "1",
        "EVENTWATCH_HTTP_DEADLINE_S": "7",
        "EVENTWATCH_HTTP_TIMEOUT_S": "2.5",
        "EVENTWATCH_HTTP_MAX_REDIRECTS": "1",
        "EVENTWATCH_ALLOW_PRIVATE_URLS": "yes",
        "EVENTWATCH_SMTP_HOST": "mail.example",
        "EVENTWATCH_SMTP_PORT": "2525",
        "EVENTWATCH_SMTP_USER": "u",
        "EVENTWATCH_SMTP_PASSWORD": "p",
        "EVENTWATCH_SMTP_FROM": "a@b",
        "EVENTWATCH_SMTP_STARTTLS": "0",
        "EVENTWATCH_SMTP_CAFILE": "/ca.pem",
        "EVENTWATCH_SMTP_TIMEOUT_S": "4",
        "EVENTWATCH_SMTP_DEADLINE_S": "9",
        "EVENTWATCH_WEBHOOK_SECRET": "s",
        "HOOK": "named",
    }
    s = Settings.from_env(env)
    assert s.db == "x.db" and s.workers == 3 and s.public_rules
    assert s.user_actors_file == tmp_path / "home" / "actors.yaml"
    assert s.but(actors_file=tmp_path / "a.yaml").user_actors_file == tmp_path / "a.yaml"
    assert s.cache_dir == tmp_path / "cache" and s.web_modules == tmp_path / "nm"
    assert (s.smtp.host, s.smtp.port, s.smtp.user, s.smtp.password) == ("mail.example", 2525, "u", "p")
    assert (s.smtp.sender, s.smtp.starttls, s.smtp.cafile) == ("a@b", False, "/ca.pem")
    assert (s.smtp.timeout_s, s.smtp.deadline_s) == (4.0, 9.0)
    assert s.webhook_secret == "s" and s.secret("HOOK") == "named" and s.secret("NONE") is None
    limits = limits_from_env(s)
    assert (limits.deadline_s, limits.connect_s, limits.read_s, limits.max_redirects) == (7, 2.5, 2.5, 1)
    assert private_allowed_by_env(settings=s)
    assert "password" not in repr(s.smtp) and "webhook_secret" not in repr(s)


def test_defaults_and_malformed_values() -> None:
    s = Settings.from_env({"EVENTWATCH_HTTP_TIMEOUT_S": "soon", "EVENTWATCH_SMTP_PORT": "x"})
    assert s.db is None and s.db_or_default == "eventwatch.db"
    assert s.http.timeout_s is None and s.smtp.port == 587
    assert private_allowed_by_env(settings=s) is False
    assert private_allowed_by_env(default=True, settings=s) is True


def test_active_settings_win_over_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("EVENTWATCH_DB", "from-env.db")
    assert current().db == "from-env.db"
    with Settings(db="given.db").active():
        assert current().db == "given.db"
    assert current().db == "from-env.db"
