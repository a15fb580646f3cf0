"""Customs work on whole files: the duty of every line of an entry file (``entries``) and the IEEPA refunds
its entries are owed (``refunds``), on a compiled regime, with the rules and rates as data (``rules``,
``data/refund_rules.toml``, ``data/interest_rates.toml``)."""
