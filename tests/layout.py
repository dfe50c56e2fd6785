"""The project's own apps and their floors, for the tests that scan every
app's source or models.

An app imports only from apps on the floors below its own: never from the
floor above, and never from a neighbour on its own floor (``docs/architecture.md``,
"Dependency direction"). ``tests/test_layers.py`` holds the code to this.
"""

FLOORS = (
    ("portal",),
    ("subject_access",),
    ("la_workspace",),
    ("legal", "targeting"),
    ("meetings", "contracts"),
    ("safeguarding", "plans", "voice"),
    ("letters",),
    ("cases", "returns"),
    ("policy_pages",),
    ("attendance", "accounts"),
    ("schools",),
)

# In the order of ``INSTALLED_APPS``: top floor first.
PROJECT_APPS = tuple(app for floor in FLOORS for app in floor)
