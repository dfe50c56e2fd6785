"""Background work of subject access (django-tasks), on the site's
"background" backend when it has one, as the court bundle is."""

from django.conf import settings
from django_tasks import task

BACKEND = "background" if "background" in getattr(settings, "TASKS", {}) else "default"


@task(backend=BACKEND)
def produce_subject_access_export(export_id: int) -> None:
    from subject_access.services import export_produce

    export_produce(export_id=export_id)
