"""Read settings from the environment, failing loudly and clearly on a bad value.

Every setting Aduan reads comes through these helpers. A secret may instead be given
as a file: ``SECRET_KEY_FILE=/run/secrets/key`` is read when ``SECRET_KEY`` is unset
(container secrets, systemd credentials). Giving both is an error, so there is never a
doubt about which value is in force.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ya"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "tidak", ""})


class SettingError(ImproperlyConfigured):
    """A setting in the environment is missing or has a value Aduan cannot use."""

    def __init__(self, name: str, problem: str, hint: str = "") -> None:
        message = f"Setting {name}: {problem}"
        if hint:
            message += f" {hint}"
        super().__init__(message)
        self.name = name


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def env_raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The value of ``name``, or the contents of the file named by ``name_FILE``, or None."""
    env = _environ(environ)
    value = env.get(name)
    file_name = env.get(f"{name}_FILE")
    if value is not None and file_name:
        raise SettingError(name, f"both {name} and {name}_FILE are set.", "Set only one of them.")
    if file_name:
        path = Path(file_name)
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingError(
                name,
                f"{name}_FILE names {file_name!r}, which cannot be read ({exc.strerror}).",
                "Check the path and the file's permissions.",
            ) from exc
    return value


def env_str(
    name: str,
    default: str | None = None,
    *,
    required: bool = False,
    hint: str = "",
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """A string setting; ``required`` ones raise when unset or empty."""
    value = env_raw(name, environ)
    if value is None or value == "":
        if required:
            raise SettingError(name, "is not set.", hint)
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no, on/off (and ya/tidak)."""
    value = env_raw(name, environ)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingError(
        name, f"{value!r} is not a yes/no value.", "Use one of: true, false, 1, 0, yes, no."
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """A whole-number setting, optionally within ``minimum``..``maximum``."""
    value = env_raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError as exc:
        raise SettingError(name, f"{value!r} is not a whole number.") from exc
    if minimum is not None and number < minimum:
        raise SettingError(name, f"{number} is below the smallest allowed value, {minimum}.")
    if maximum is not None and number > maximum:
        raise SettingError(name, f"{number} is above the largest allowed value, {maximum}.")
    return number


def env_list(
    name: str, default: Iterable[str] = (), *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list setting; blanks are dropped."""
    value = env_raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(
    name: str,
    default: str,
    choices: Iterable[str],
    *,
    environ: Mapping[str, str] | None = None,
) -> str:
    """A setting that must be one of ``choices`` (compared case-insensitively)."""
    allowed = list(choices)
    value = env_raw(name, environ)
    if value is None or value.strip() == "":
        return default
    for choice in allowed:
        if value.strip().lower() == choice.lower():
            return choice
    raise SettingError(name, f"{value!r} is not allowed.", f"Use one of: {', '.join(allowed)}.")
