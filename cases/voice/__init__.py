"""Pupil voice: what the child said, with the tool used, on a case or a pupil.

Part of the cases app: the model is imported by ``cases.models``, the URLs are
included by ``cases.urls`` and the checklist provider is registered by
``CasesConfig.ready``.
"""
