"""Deal scenarios as data: a TOML file of edits to tariff measures (both directions), purchase
commitments and model choices. See docs/scenario-schema.md.

>>> from tradedeal.scenario import load_scenario, shipped_scenarios
>>> s = load_scenario("feb2026_framework")      # a shipped scenario by name, or a path
"""

from tradedeal.scenario.loader import load_scenario, shipped_pair, shipped_scenarios
from tradedeal.scenario.model import Edit, ElasticityChoice, Purchase, Scenario, ScenarioHeader

__all__ = ["Edit", "ElasticityChoice", "Purchase", "Scenario", "ScenarioHeader", "load_scenario",
           "shipped_pair", "shipped_scenarios"]
