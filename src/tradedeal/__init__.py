"""tradedeal: a bilateral trade negotiation as data, and what it does.

Layers (data flows one way): datasets -> codes -> regime -> scenario -> models
-> results -> interfaces. See ARCHITECTURE.md.
"""

__version__ = "0.1.0"
