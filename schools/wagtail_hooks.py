"""Wagtail hooks of the schools app: the bulk "assign role" without role groups."""

from wagtail import hooks

from schools.wagtail_users import RoleSafeAssignRoleBulkAction

# Registered after Wagtail's own (order=1), so it replaces it.
hooks.register("register_bulk_action", RoleSafeAssignRoleBulkAction, order=1)
