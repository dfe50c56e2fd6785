"""Letter templates in the Wagtail admin, scoped to what each user may edit.

An attendance lead edits their own schools' templates, an LA lead practitioner
their local authority's defaults, a superuser all; anyone else has no letter
templates at all (no menu item; every URL of an object they may not edit is a
404). ``LetterTemplatePermissionPolicy`` answers every question Wagtail asks
(the menu, the buttons, bulk actions) and the view set scopes the list and
each object's URLs. Who may open the admin at all is the role groups'
``wagtailadmin.access_admin`` (``schools.roles.ROLE_GLOBAL_PERMISSIONS``).
"""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from letters.fields import FIELDS, GROUP_NAMES
from letters.models import LetterTemplate
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, School
from schools.permissions import (
    local_authority_ids_where_role,
    school_ids_where_role,
)


def _superuser(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


def editable_owners(user) -> tuple[list[int], list[int]]:
    """The ids of the schools and local authorities whose templates the user
    may edit (attendance lead; LA lead practitioner)."""
    if not (user and user.is_authenticated and user.is_active):
        return [], []
    return (
        school_ids_where_role(user, SchoolRole.ATTENDANCE_LEAD),
        local_authority_ids_where_role(user, LocalAuthorityRole.LEAD_PRACTITIONER),
    )


def editable_templates(user) -> QuerySet[LetterTemplate]:
    """The letter templates the user may see and edit in the admin."""
    if _superuser(user):
        return LetterTemplate.objects.all()
    schools, las = editable_owners(user)
    return LetterTemplate.objects.filter(
        Q(school_id__in=schools) | Q(local_authority_id__in=las)
    )


class LetterTemplatePermissionPolicy(BasePermissionPolicy):
    """Every action on letter templates, from the user's portal roles."""

    def user_has_permission(self, user, action) -> bool:
        schools, las = editable_owners(user)
        return _superuser(user) or bool(schools or las)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if _superuser(user):
            return True
        schools, las = editable_owners(user)
        return instance.school_id in schools or instance.local_authority_id in las

    def instances_user_has_any_permission_for(self, user, actions):
        return editable_templates(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(
                Q(is_active=True)
                & (
                    Q(is_superuser=True)
                    | Q(memberships__role=SchoolRole.ATTENDANCE_LEAD)
                    | Q(memberships__role=LocalAuthorityRole.LEAD_PRACTITIONER)
                )
            )
            .distinct()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        from django.contrib.auth import get_user_model

        owner = (
            Q(
                memberships__role=SchoolRole.ATTENDANCE_LEAD,
                memberships__school_id=instance.school_id,
            )
            if instance.school_id
            else Q(
                memberships__role=LocalAuthorityRole.LEAD_PRACTITIONER,
                memberships__local_authority_id=instance.local_authority_id,
            )
        )
        return (
            get_user_model()
            .objects.filter(Q(is_active=True) & (Q(is_superuser=True) | owner))
            .distinct()
        )


register_permission_policy(
    LetterTemplate, LetterTemplatePermissionPolicy(LetterTemplate)
)


class LetterTemplateForm(WagtailAdminModelForm):
    """The owner fields offer only the schools and LAs the user may edit."""

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
        if bool(cleaned.get("school")) == bool(cleaned.get("local_authority")):
            raise forms.ValidationError(
                "Choose the school or the local authority the template is for "
                "(one of them)."
            )
        return cleaned


def _fields_help() -> str:
    rows = "".join(
        f"<li><code>{{{{ {field.key} }}}}</code>: {field.label} "
        f"({GROUP_NAMES[field.group].lower()})</li>"
        for field in FIELDS
    )
    return (
        "<p>Write a merge field as <code>{{ field_name }}</code>. Meeting fields "
        "work only in meeting letters. The fields:</p>"
        f"<ul>{rows}</ul>"
    )


class LetterTemplateViewSet(SnippetViewSet):
    model = LetterTemplate
    icon = "mail"
    menu_label = "Letter templates"
    menu_name = "letter-templates"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["kind_name", "owner", "subject"]
    list_filter = ["kind"]
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("school"),
            FieldPanel("local_authority"),
            FieldPanel("subject"),
            FieldPanel("body"),
            HelpPanel(content=_fields_help(), heading="Merge fields"),
        ],
        base_form_class=LetterTemplateForm,
    )

    def get_queryset(self, request):
        return editable_templates(request.user).select_related(
            "school", "local_authority"
        )

    def construct_view(self, view_class, **kwargs):
        """Every view of one template answers 404 to a user who may not edit it."""
        view = super().construct_view(view_class, **kwargs)

        @wraps(view)
        def scoped(request, *args, **view_kwargs):
            pk = view_kwargs.get("pk")
            if pk is not None and not (
                editable_templates(request.user).filter(pk=unquote(str(pk))).exists()
            ):
                raise Http404("No letter template you may edit.")
            return view(request, *args, **view_kwargs)

        return scoped


register_snippet(LetterTemplateViewSet)
