"""The facts rules may name are exactly the facts the collector produces: declared once, in facts.vocabulary."""

from __future__ import annotations

import pytest

from pylint_hubcompat.facts import collect, trees
from pylint_hubcompat.facts.vocabulary import FACTS
from pylint_hubcompat.rulebook.engine import Engine
from pylint_hubcompat.rulebook.loading import builtin_rules

RULES = builtin_rules()


def produced() -> set[str]:
    """Every fact the collector establishes at a site of a rule example, and every module-wide fact it knows."""
    engine = Engine(RULES)
    found = set(collect._MODULE_FACTS)  # pylint: disable=protected-access
    for rule in RULES:
        for code in (rule.bad, rule.good):
            module = trees.build("example.py", "example", code)
            for site in collect.collect(module, engine.wanted, collect.Context()):
                found |= set(site.facts)
    return found


def test_the_collector_produces_every_declared_fact_and_no_other():
    assert produced() == set(FACTS)


def test_asking_a_site_for_an_undeclared_fact_is_an_error():
    module = trees.build("example.py", "example", "import tensorflow_hub as hub\nhub.load('x')\n")
    [site] = [s for s in collect.collect(module, Engine(RULES).wanted, collect.Context()) if s.selector == "call"]
    assert site.fact("operation") == "load"
    with pytest.raises(KeyError, match="'operatoin' is not a fact"):
        site.fact("operatoin")
