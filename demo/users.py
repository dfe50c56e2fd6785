"""Demo staff users and their roles. The people are invented."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from wagtail.models import GroupPagePermission, Page

from demo.authenticator import demo_authenticator_ensure
from schools.enums import LocalAuthorityRole, SchoolRole
from schools.models import LocalAuthority, School
from schools.services import membership_add


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str  # a school key, or an LA code prefixed "la:"
    role: str
    job_title: str


def _school_staff(key: str, people: list[tuple[str, str]]) -> list[DemoUser]:
    roles = [
        ("officer", SchoolRole.ATTENDANCE_OFFICER, "Attendance officer"),
        ("pastoral", SchoolRole.PASTORAL_STAFF, "Head of Year 9"),
        ("lead", SchoolRole.ATTENDANCE_LEAD, "Assistant headteacher, attendance"),
        ("dsl", SchoolRole.DSL, "Designated safeguarding lead"),
        ("head", SchoolRole.HEADTEACHER, "Headteacher"),
    ]
    return [
        DemoUser(f"{prefix}.{key}", first, last, key, role, title)
        for (prefix, role, title), (first, last) in zip(roles, people, strict=True)
    ]


DEMO_USERS = [
    *_school_staff(
        "chaucer",
        [
            ("Jo", "Marsh"),
            ("Sam", "Okoro"),
            ("Priya", "Shah"),
            ("Ruth", "Ellis"),
            ("Martin", "Cole"),
        ],
    ),
    *_school_staff(
        "woolwich",
        [
            ("Dan", "Reyes"),
            ("Aisha", "Bello"),
            ("Tom", "Hart"),
            ("Grace", "Lin"),
            ("Helen", "Ward"),
        ],
    ),
    DemoUser(
        "la.sheffield",
        "Kate",
        "Firth",
        "la:373",
        LocalAuthorityRole.LEAD_PRACTITIONER,
        "Attendance support officer",
    ),
    DemoUser(
        "legal.sheffield",
        "Neil",
        "Booth",
        "la:373",
        LocalAuthorityRole.LEGAL_OFFICER,
        "Education welfare legal officer",
    ),
    DemoUser(
        "la.greenwich",
        "Femi",
        "Adebayo",
        "la:203",
        LocalAuthorityRole.LEAD_PRACTITIONER,
        "Attendance support officer",
    ),
    DemoUser(
        "legal.greenwich",
        "Claire",
        "Dunn",
        "la:203",
        LocalAuthorityRole.LEGAL_OFFICER,
        "Education welfare legal officer",
    ),
]

EDITOR_USERNAME = "editor"


def users_ensure(*, schools: dict[str, School], password: str) -> list[str]:
    """Create the demo users once and give them their roles; returns new usernames.

    An existing user keeps its password; its roles are made right again.
    """
    validate_password(password)
    User = get_user_model()
    created = []
    for demo in DEMO_USERS:
        user, is_new = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
            },
        )
        if is_new:
            user.set_password(password)
            user.save(update_fields=["password"])
            created.append(user.username)
        demo_authenticator_ensure(user)
        if demo.organisation.startswith("la:"):
            organisation = LocalAuthority.objects.get(code=demo.organisation[3:])
        else:
            organisation = schools[demo.organisation]
        membership_add(
            user=user,
            organisation=organisation,
            role=demo.role,
            job_title=demo.job_title,
        )
    editor, is_new = User.objects.get_or_create(
        username=EDITOR_USERNAME,
        defaults={
            "first_name": "Web",
            "last_name": "Editor",
            "email": "editor@example.org",
        },
    )
    if is_new:
        editor.set_password(password)
        editor.save(update_fields=["password"])
        created.append(editor.username)
    demo_authenticator_ensure(editor)
    # Wagtail's own "Editors" and "Moderators" groups: page editing, publishing
    # and approving on the whole public site (Wagtail's default "Moderators
    # approval" workflow needs a moderator, or a submitted page stays locked),
    # and no portal role.
    for name, actions in WAGTAIL_GROUPS.items():
        editor.groups.add(_wagtail_group_ensure(name, actions))
    return created


# Wagtail creates these two groups in a data migration; the demo makes sure
# they hold what the editor needs even in a database where they were not
# created that way (a flushed test database, or a site that changed them).
WAGTAIL_GROUPS = {
    "Editors": ("add", "change", "lock"),
    "Moderators": ("add", "change", "publish", "lock", "unlock"),
}


def _wagtail_group_ensure(name: str, actions: tuple[str, ...]) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    root = Page.get_first_root_node()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=[f"{action}_page" for action in actions],
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=permission
        )
    return group
