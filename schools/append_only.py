"""Rows written once: the application offers no way to change or delete them.

Used by the register amendments and the case chronology. On PostgreSQL each
table also has a trigger that refuses UPDATE and DELETE in SQL.
"""

from django.core.exceptions import ValidationError
from django.db import models


def _refusal(model: type[models.Model], verb: str) -> ValidationError:
    what = str(model._meta.verbose_name_plural).capitalize()
    return ValidationError(f"{what} are permanent and cannot be {verb}.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refusal(self.model, "changed")

    def delete(self):
        raise _refusal(self.model, "deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _refusal(type(self), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refusal(type(self), "deleted")
