"""What the project holds about one pupil, found by following foreign keys.

Starting from the pupil, every row of the attendance apps that points at the
pupil, at one of their cases, or (up to ``HOPS`` steps) at a row already found
is collected, model by model. So a record a later app adds about a pupil or a
case is included without this module naming it. Left out, always:

- the ``safeguarding`` app's records, and any encrypted field anywhere: a DSL
  exports those separately;
- chronology events marked restricted (they name a restricted record);
- other pupils' and staff's own records (staff appear by name only).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases.models import Case, CaseEvent
from safeguarding.encryption import EncryptedTextField
from schools.linked_rows import linked_rows
from schools.models import Pupil

# The apps whose records can be about a pupil. Not safeguarding (restricted),
# not the portal's or accounts' (about staff), not this app's own exports.
PUPIL_APPS = (
    "schools",
    "attendance",
    "cases",
    "plans",
    "voice",
    "letters",
    "meetings",
    "contracts",
    "legal",
    "returns",
    "la_workspace",
)
# Rows about the school or the staff that reach the pupil only through another
# pupil's record or a shared table, and court bundles (a compilation of the
# records that are here already).
SKIPPED_MODELS = {
    "schools.school",
    "schools.localauthority",
    "schools.staffmembership",
    "schools.staffchange",
    "legal.courtbundle",
}
HOPS = 3
PERMISSION_ROWS = (GroupObjectPermissionBase, UserObjectPermissionBase)
_FIELDS_LEFT_OUT = (EncryptedTextField,)


@dataclass
class Section:
    """The rows of one model about the pupil."""

    label: str  # e.g. "attendance.registermark"
    title: str  # e.g. "Register marks"
    columns: list[str]  # the fields' names for people, in the rows' order
    rows: list[dict] = field(default_factory=list)  # by field name
    files: list[tuple[str, FieldFile]] = field(default_factory=list)


def _value(instance: models.Model, model_field: models.Field):
    if model_field.is_relation:
        related = getattr(instance, model_field.name)
        if related is None:
            return None
        if model_field.related_model is Pupil:
            return related.pk
        return str(related)
    value = model_field.value_from_object(instance)
    if isinstance(model_field, models.FileField):
        return value.name if value else ""
    if model_field.choices and value not in (None, ""):
        return getattr(instance, f"get_{model_field.name}_display")()
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _shown_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if not isinstance(f, _FIELDS_LEFT_OUT)
    ]


def _rows_of(model, queryset: Iterable[models.Model]) -> Section:
    shown = _shown_fields(model)
    section = Section(
        label=model._meta.label_lower,
        title=str(model._meta.verbose_name_plural).capitalize(),
        columns=[str(f.verbose_name) for f in shown],
    )
    for instance in queryset:
        section.rows.append({f.name: _value(instance, f) for f in shown})
        for f in shown:
            if isinstance(f, models.FileField):
                stored = getattr(instance, f.name)
                if stored:
                    name = stored.name.rsplit("/", 1)[-1]
                    section.files.append((f"{instance.pk}-{name}", stored))
    return section


def _candidate_models() -> list[type[models.Model]]:
    """Every model of the pupil apps but the skipped, and django-guardian's
    permission rows (who may see a case is not a record about the pupil)."""
    return [
        model
        for app in PUPIL_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label_lower not in SKIPPED_MODELS
        and model is not Pupil
        and not issubclass(model, PERMISSION_ROWS)
    ]


def _restricted(model, queryset):
    if model is CaseEvent:
        return queryset.filter(restricted=False)
    return queryset


def collect(pupil: Pupil) -> list[Section]:
    """Every section about the pupil, the pupil's own record first."""
    found: dict[type[models.Model], set[int]] = {
        Pupil: {pupil.pk},
        Case: set(Case.objects.filter(pupil=pupil).values_list("pk", flat=True)),
    }
    candidates = [m for m in _candidate_models() if m is not Case]
    found = linked_rows(found, candidates, steps=HOPS, narrowed=_restricted)
    sections = []
    for model in [Pupil, Case, *candidates]:
        pks = found.get(model)
        if not pks:
            continue
        queryset = _restricted(model, model._default_manager.filter(pk__in=pks))
        sections.append(_rows_of(model, queryset.order_by("pk")))
    return sections
