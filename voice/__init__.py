"""Pupil voice: what the child said, with the tool used, on a case or a pupil.

An app on the floor above ``cases``, beside ``plans`` and ``safeguarding``. It
adds a panel to the case page, checklist providers and its chronology kinds
through the case core's registries; its URLs are included by the portal.
"""
