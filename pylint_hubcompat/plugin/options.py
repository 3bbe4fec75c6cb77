"""The checker's options, read and checked once per run.

``check``, the SARIF log, ``detect`` and ``handle`` go by the same record, so a
``--tf-version`` or a ``[tool.pylint.hubcompat] model-formats`` means the same
to each of them.  The values are pylint's (its option parsing, its config
files); what is ours is checking them, and saying what is wrong with one once.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from pylint_hubcompat.facts.vocabulary import TF1_HUB, TF2_SAVEDMODEL

#: The version options, and the distribution each pins.
VERSION_OPTIONS = (("tf-version", "tensorflow"), ("hub-version", "tensorflow-hub"))
#: The options that choose between fixes, and their defaults.
FIX_CHOICES = (("keras-three-fix", "legacy-keras"),)


class Options(NamedTuple):
    """The options the analysis reads, as valid values; what was not valid is in ``errors``."""

    #: Option name (``tf-version``) -> its specifier text, for the version options given a valid value.
    versions: Mapping[str, str] = MappingProxyType({})
    runtime_mode: str = "auto"
    project_scan: bool = True
    #: Handle prefix -> format, from ``model-formats``.
    mapping: Mapping[str, str] = MappingProxyType({})
    #: What is wrong with the options, one sentence each (reported as ``hubcompat-config-error``).
    errors: tuple[str, ...] = ()
    #: The user's choices between fixes: option name -> value (``keras-three-fix``).
    fix_choices: Mapping[str, str] = MappingProxyType({})


def read_options(config: Any) -> Options:
    """The options of pylint's ``linter.config`` (or any object with the same attributes), checked."""
    errors: list[str] = []
    mapping: dict[str, str] = {}
    for item in config.model_formats:
        prefix, _, fmt = item.partition("=")
        if not prefix.strip() or fmt.strip() not in (TF1_HUB, TF2_SAVEDMODEL):
            errors.append(
                f"model-formats: {item!r} is not <handle prefix>=tf1-hub or <handle prefix>=tf2-savedmodel; ignored"
            )
            continue
        mapping[prefix.strip()] = fmt.strip()
    versions: dict[str, str] = {}
    for option, distribution in VERSION_OPTIONS:
        value = getattr(config, option.replace("-", "_"))
        if not value:
            continue
        problem = _version_problem(distribution, value)
        if problem:
            errors.append(f"{option}: {problem}; ignored")
        else:
            versions[option] = value
    choices = {option: getattr(config, option.replace("-", "_"), default) for option, default in FIX_CHOICES}
    return Options(
        MappingProxyType(versions),
        config.runtime_mode,
        config.project_scan,
        MappingProxyType(mapping),
        tuple(errors),
        MappingProxyType(choices),
    )


def _version_problem(distribution: str, value: str) -> str:
    """What is wrong with a version option's value, or "" if it names known releases.

    A specifier that admits no release we know (``>=99``, ``==2.15.7``) is an
    error, not the newest release: the user asked for a TensorFlow that does not
    exist (or not yet), and judging by another one would be a guess.
    """
    # pylint reads the options in every run; packaging loads only when a version option is set
    from pylint_hubcompat.files.redact import redact  # pylint: disable=import-outside-toplevel
    from pylint_hubcompat.target import releases  # pylint: disable=import-outside-toplevel

    try:
        specifier = releases.parse_specifier(value)
    except ValueError as exc:
        return str(exc)
    if releases.admits_known(distribution, specifier):
        return ""
    newest = releases.known_releases(distribution)[-1]
    return (
        f"`{redact(value.strip(), limit=100)}` admits no {distribution} release known to pylint_hubcompat "
        f"(newest known: {newest})"
    )
