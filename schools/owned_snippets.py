"""Wagtail snippets owned by a school or a local authority, scoped to who may
edit them.

A model with a ``school`` and a ``local_authority`` foreign key (exactly one
set) is a school's own setting or its LA's default: letter templates, meeting
types. A model with only ``local_authority`` is the LA's alone (the
penalty-notice code of conduct). An attendance lead edits their own schools'
rows, an LA lead practitioner their local authority's, a superuser all;
anyone else has none (no menu item; every URL of a row they may not edit is a
404).

``OwnedPermissionPolicy`` answers every question Wagtail asks (the menu, the
buttons, bulk actions); ``OwnedSnippetViewSet`` scopes the list and each
row's URLs; ``OwnedForm`` offers only the owners the user may choose. Who may
open the admin at all is the role groups' ``wagtailadmin.access_admin``
(``schools.roles.ROLE_GLOBAL_PERMISSIONS``).
"""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, School
from schools.permissions import local_authority_ids_where_role, school_ids_where_role

# The roles that edit an organisation's own settings.
SCHOOL_EDITOR = SchoolRole.ATTENDANCE_LEAD
LA_EDITOR = LocalAuthorityRole.LEAD_PRACTITIONER


def _superuser(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def editable_owners(user) -> tuple[list[int], list[int]]:
    """The ids of the schools and local authorities whose rows the user may
    edit."""
    if not (user and user.is_authenticated and user.is_active):
        return [], []
    return (
        school_ids_where_role(user, SCHOOL_EDITOR),
        local_authority_ids_where_role(user, LA_EDITOR),
    )


def _school_owned(model) -> bool:
    """Whether rows of ``model`` may belong to a school (an LA-only setting,
    such as the penalty-notice code of conduct, has no ``school``)."""
    return any(field.name == "school" for field in model._meta.get_fields())


def editable(model, user) -> QuerySet:
    """The rows of ``model`` the user may see and edit in the admin."""
    if _superuser(user):
        return model.objects.all()
    schools, las = editable_owners(user)
    if not _school_owned(model):
        return model.objects.filter(local_authority_id__in=las)
    return model.objects.filter(
        Q(school_id__in=schools) | Q(local_authority_id__in=las)
    )


class OwnedPermissionPolicy(BasePermissionPolicy):
    """Every action on an owned model, from the user's portal roles."""

    def user_has_permission(self, user, action) -> bool:
        schools, las = editable_owners(user)
        if not _school_owned(self.model):
            schools = []
        return _superuser(user) or bool(schools or las)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if _superuser(user):
            return True
        schools, las = editable_owners(user)
        school_id = getattr(instance, "school_id", None)
        return (
            school_id is not None and school_id in schools
        ) or instance.local_authority_id in las

    def instances_user_has_any_permission_for(self, user, actions):
        return editable(self.model, user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_active=True)
                & (
                    Q(is_superuser=True)
                    | Q(memberships__role=SCHOOL_EDITOR)
                    | Q(memberships__role=LA_EDITOR)
                )
            )
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        owner = (
            Q(
                memberships__role=SCHOOL_EDITOR,
                memberships__school_id=instance.school_id,
            )
            if getattr(instance, "school_id", None)
            else Q(
                memberships__role=LA_EDITOR,
                memberships__local_authority_id=instance.local_authority_id,
            )
        )
        return (
            get_user_model()
            .objects.filter(Q(is_active=True) & (Q(is_superuser=True) | owner))
            .distinct()
        )


class OwnedForm(WagtailAdminModelForm):
    """The owner fields offer only the schools and LAs the user may edit, and
    exactly one of them must be chosen."""

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, for_user=for_user, **kwargs)
        if _superuser(for_user):
            return
        schools, las = editable_owners(for_user)
        if "school" in self.fields:
            self.fields["school"].queryset = School.objects.filter(pk__in=schools)
        if "local_authority" in self.fields:
            self.fields["local_authority"].queryset = LocalAuthority.objects.filter(
                pk__in=las
            )

    def clean(self):
        cleaned = super().clean()
        if "school" not in self.fields:
            return cleaned
        if bool(cleaned.get("school")) == bool(cleaned.get("local_authority")):
            raise forms.ValidationError(
                "Choose the school or the local authority this is for (one of them)."
            )
        return cleaned


class OwnedSnippetViewSet(SnippetViewSet):
    """A snippet view set whose list holds only the rows the user may edit, and
    whose every view of one row answers 404 to anyone who may not edit it."""

    def get_queryset(self, request):
        owners = ("school", "local_authority") if _school_owned(self.model) else ()
        return editable(self.model, request.user).select_related(
            *owners or ("local_authority",)
        )

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        model = self.model

        @wraps(view)
        def scoped(request, *args, **view_kwargs):
            pk = view_kwargs.get("pk")
            if pk is not None and not (
                editable(model, request.user).filter(pk=unquote(str(pk))).exists()
            ):
                raise Http404(f"No {model._meta.verbose_name} you may edit.")
            return view(request, *args, **view_kwargs)

        return scoped
