"""Transition conditions derived from a blockers function.

A django-fsm-2 transition may take its step only when the rules find no
reason against it. The rules live in a module that imports the model
(``cases.workflow.blockers``, ``plans.lifecycle.plan_blockers``), so the
condition names its blockers function by dotted path and imports it when it
runs. The case and the plan use this one helper.
"""

from collections.abc import Callable

from django.utils.module_loading import import_string


def no_blockers(blockers_path: str, step: str) -> Callable[[object], bool]:
    """A transition condition: true when ``blockers(instance, step)`` finds no
    reason."""

    def condition(instance) -> bool:
        return not import_string(blockers_path)(instance, step)

    condition.__name__ = f"no_blockers_for_{step}"
    return condition
