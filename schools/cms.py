"""Wagtail's users app, with user and group editors that leave portal roles alone.

Install it in INSTALLED_APPS in place of ``"wagtail.users"``::

    "schools.cms.RoleSafeWagtailUsersConfig",

The check ``schools.E002`` refuses to start a site that still has Wagtail's
own configuration. The views are in ``schools.wagtail_users``.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class RoleSafeWagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "schools.wagtail_users.RoleSafeUserViewSet"
    group_viewset = "schools.wagtail_users.RoleSafeGroupViewSet"
