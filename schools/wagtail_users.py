"""Wagtail's user and group editors, without the portal's role groups.

Being a Wagtail administrator gives no access to pupil data, so the role
groups (``school:<pk>:<role>``, ``la:<pk>:<role>``) are neither shown nor
editable in the CMS: the user form offers only the other groups and keeps a
user's role groups as they are; the group list leaves them out and their
edit and delete pages answer 404; the "assign role" bulk action offers only
the other groups. ``schools.role_groups`` refuses any change that gets past
these forms. ``schools.cms.RoleSafeWagtailUsersConfig`` puts these views in
place of Wagtail's.
"""

from django import forms
from django.contrib.auth.models import Group
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups, users
from wagtail.users.views.bulk_actions.assign_role import (
    AssignRoleBulkAction,
    RoleForm,
)

from schools.role_groups import is_role_group, other_groups


class RoleGroupsHiddenMixin:
    """The ``groups`` field offers only non-role groups; role groups are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].queryset = other_groups()

    def clean_groups(self):
        chosen = list(self.cleaned_data.get("groups") or [])
        if self.instance.pk:
            chosen += [
                group
                for group in self.instance.groups.all()
                if is_role_group(group.name)
            ]
        return chosen


class RoleSafeUserCreationForm(RoleGroupsHiddenMixin, UserCreationForm):
    pass


class RoleSafeUserEditForm(RoleGroupsHiddenMixin, UserEditForm):
    pass


class RoleSafeUserFilterSet(users.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = other_groups()


class RoleSafeUserIndexView(users.IndexView):
    filterset_class = RoleSafeUserFilterSet


class RoleSafeUserViewSet(users.UserViewSet):
    index_view_class = RoleSafeUserIndexView
    filterset_class = RoleSafeUserFilterSet

    def get_form_class(self, for_update=False):
        return RoleSafeUserEditForm if for_update else RoleSafeUserCreationForm


class OtherGroupsOnly:
    def get_queryset(self):
        return other_groups()


class RoleSafeGroupIndexView(groups.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().exclude(pk__in=_role_group_pks())


def _role_group_pks():
    return Group.objects.exclude(pk__in=other_groups().values("pk")).values("pk")


class RoleSafeGroupEditView(OtherGroupsOnly, groups.EditView):
    pass


class RoleSafeGroupDeleteView(OtherGroupsOnly, groups.DeleteView):
    pass


class RoleSafeGroupForm(groups.GroupForm):
    def clean_name(self):
        name = super().clean_name()
        if is_role_group(name):
            raise forms.ValidationError(
                "Names like school:1:… and la:1:… are kept for portal roles."
            )
        return name


class RoleSafeGroupViewSet(groups.GroupViewSet):
    index_view_class = RoleSafeGroupIndexView
    edit_view_class = RoleSafeGroupEditView
    delete_view_class = RoleSafeGroupDeleteView

    def get_form_class(self, for_update=False):
        return RoleSafeGroupForm


class RoleSafeRoleForm(RoleForm):
    role = forms.ModelChoiceField(queryset=other_groups())


class RoleSafeAssignRoleBulkAction(AssignRoleBulkAction):
    form_class = RoleSafeRoleForm
