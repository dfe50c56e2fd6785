"""Plans with SMART targets and reviews, and the support-first ledger.

An app on the floor above ``cases``, beside ``safeguarding`` and ``voice``. It
reaches the case core only through its public write API and registries (see
``docs/architecture.md``): the case page panel, checklist providers, workflow
rules, chronology kinds, the caseload's "review overdue" annotation, and what
happens when a meeting with the parents is recorded.
"""
