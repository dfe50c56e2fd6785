"""Plans with SMART targets and reviews, and the support-first ledger.

Part of the cases app (its models are imported by ``cases.models``); a module of
its own because it is a large part of the case.
"""
