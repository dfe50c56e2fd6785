"""pytest plugin: run the project's tests against the prototypes in prototype.py.

    PYTHONPATH=bench PROTOTYPE=apply .venv/bin/python -m pytest \\
        -p prototype_tests tests/attendance

PROTOTYPE is an import variant of prototype.py (sql, python, apply; default
apply). The measures prototypes replace ``Period.for_school`` and
``school_measures`` as well. Only the test process is affected.
"""

import os

import pytest


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    import prototype

    from attendance import measures

    prototype.install(os.environ.get("PROTOTYPE", "apply"))
    measures.Period.for_school = classmethod(
        lambda cls, school, as_of: prototype.fast_period(school, as_of)
    )
    measures.school_measures = prototype.school_measures_two_level
