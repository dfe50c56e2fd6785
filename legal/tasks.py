"""Background work of the legal app (django-tasks).

The court bundle takes seconds to minutes to render, so the request only
records that it is wanted; ``produce_court_bundle`` runs in a worker
(``manage.py db_worker``) on the site's "background" backend, the database
backend of django-tasks. A site without that backend runs it on its default
one.
"""

from django.conf import settings
from django_tasks import task

BACKEND = "background" if "background" in getattr(settings, "TASKS", {}) else "default"


@task(backend=BACKEND)
def produce_court_bundle(bundle_id: int) -> None:
    from legal.bundle_services import bundle_produce

    bundle_produce(bundle_id=bundle_id)
