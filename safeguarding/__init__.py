"""Safeguarding: restricted notes and links that only Designated Safeguarding Leads can
read, DSL sharing, and the read-audit log. (Arrives with the safeguarding issue.)
"""
