"""Rows linked to some starting rows by foreign keys, followed outwards.

Two apps ask the same question of the database: which rows hang off a case
(removing a closed case at the end of its retention period,
``portal.retention``), and which rows are about a pupil (a subject access
export, ``subject_access.collect``). Both follow the foreign keys of the
models they name from the rows they start with, step by step, and this is the
one place that does it. It knows no app.
"""

from collections.abc import Callable, Iterable

from django.db import models

Found = dict[type[models.Model], set]


def linked_rows(
    start: Found,
    models_: Iterable[type[models.Model]],
    *,
    steps: int | None = None,
    narrowed: Callable[[type[models.Model], models.QuerySet], models.QuerySet]
    | None = None,
) -> Found:
    """``start`` and every row of ``models_`` with a foreign key (or one-to-one)
    to a row already found, repeated until nothing more is found or for
    ``steps`` rounds. ``narrowed`` may leave rows of a model out (they are then
    not followed either).

    Only each model's own columns are followed: a child model of multi-table
    inheritance is found through its link to its parent's row.
    """
    found: Found = {model: set(pks) for model, pks in start.items()}
    models_ = [model for model in models_ if model not in start]
    rounds = 0
    while steps is None or rounds < steps:
        rounds += 1
        grew = False
        for model in models_:
            condition = models.Q(pk__in=[])
            for field in model._meta.local_concrete_fields:
                if field.is_relation and field.related_model in found:
                    condition |= models.Q(
                        **{f"{field.name}__in": sorted(found[field.related_model])}
                    )
            rows = model._base_manager.filter(condition)
            if narrowed is not None:
                rows = narrowed(model, rows)
            pks = set(rows.values_list("pk", flat=True))
            if pks - found.get(model, set()):
                found[model] = found.get(model, set()) | pks
                grew = True
        if not grew:
            break
    return found
