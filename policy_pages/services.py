"""Writes for the public site: a school's editor group and its permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from schools.models import School

# What a school's editors may do to the pages under their school's home page:
# add, edit and publish (and lock while they work). Not bulk delete.
EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# In the school's own collection: upload, edit and pick documents and images.
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def school_editor_group_name(school: School) -> str:
    return f"{school.name} editors"


@transaction.atomic
def school_editors_ensure(*, school: School, home_page: Page) -> Group:
    """Create or repair the editor group of one school; returns the group.

    Side effects: creates the group "<school> editors" if missing; gives it
    Wagtail admin access, page permissions on ``home_page`` and its subtree
    only, and document and image permissions on a collection named after the
    school (created if missing). Permissions the group should not have on other
    pages or collections are removed. Running it again changes nothing.
    """
    group, _ = Group.objects.get_or_create(name=school_editor_group_name(school))
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )

    page_perms = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=[f"{action}_page" for action in EDITOR_PAGE_PERMISSIONS],
    )
    GroupPagePermission.objects.filter(group=group).exclude(page=home_page).delete()
    for permission in page_perms:
        GroupPagePermission.objects.get_or_create(
            group=group, page=home_page, permission=permission
        )

    collection = collection_for_school(school)
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=collection
    ).delete()
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )
    return group


def collection_for_school(school: School) -> Collection:
    """The school's own collection of documents and images (created if missing)."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name=school.name).first()
    return existing or root.add_child(name=school.name)
