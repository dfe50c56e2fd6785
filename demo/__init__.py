"""Demo data: organisations, pupils and families, staff users and the public site.

Built deterministically from a seeded random generator, so every run produces
the same pupils, and loading twice changes nothing. The organisations and the
two schools' details come from the seed policies in ../shared/seeds/.
"""
