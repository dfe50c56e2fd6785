"""Receivers that make every cached public page render again after a change."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from policy_pages.cache import generation_bump

# Models whose rows a public page can show, besides every page type. A save of
# any of them (a draft revision included) starts a new cache generation; that
# costs a few extra renders and never shows stale content.
WATCHED = (
    "wagtailcore.Site",
    "wagtaildocs.Document",
    "policy_pages.PolicyContact",
    "policy_pages.PolicyVersion",
    "policy_pages.LinkedPolicy",
    "schools.School",
)


def _bump(sender, **kwargs) -> None:
    generation_bump()


def connect() -> None:
    """Connect the receivers; called from the app's ready()."""
    watched = [*get_page_models(), *(apps.get_model(label) for label in WATCHED)]
    for model in watched:
        uid = f"policy_pages_cache_{model._meta.label_lower}"
        post_save.connect(_bump, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"{uid}_delete")
    page_published.connect(_bump, dispatch_uid="policy_pages_cache_published")
    page_unpublished.connect(_bump, dispatch_uid="policy_pages_cache_unpublished")
    post_page_move.connect(_bump, dispatch_uid="policy_pages_cache_moved")
