"""What each role may do, as object permissions on its organisation.

This table is the one place that says which role holds which permission. A role
group (one per organisation and role) is given exactly these permissions on its
School or LocalAuthority object; later apps add their permissions here.
"""

from schools.enums import LocalAuthorityRole, SchoolRole

VIEW_PUPIL_RECORD = "schools.view_pupil_record"
VIEW_PUPIL_DIRECTORY = "schools.view_pupil_directory"
VIEW_ATTENDANCE = "schools.view_attendance"
IMPORT_REGISTERS = "schools.import_registers"
VIEW_SCHOOL_OVERVIEW = "schools.view_school_overview"
# The LA's workspace: figures across its schools (aggregates only), and the
# work an LA does with each school (termly targeting support, joint
# approaches, the notifications schools send it, its settings).
VIEW_LA_FIGURES = "schools.view_la_figures"
MANAGE_LA_WORK = "schools.manage_la_work"
# A school's side of that work: the notifications it owes the LA, and its
# termly targeting-support meetings.
SEND_LA_RETURNS = "schools.send_la_returns"
VIEW_TARGETING_MEETINGS = "schools.view_targeting_meetings"

SCHOOL_ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    SchoolRole.ATTENDANCE_OFFICER: (
        VIEW_PUPIL_RECORD,
        VIEW_ATTENDANCE,
        IMPORT_REGISTERS,
        SEND_LA_RETURNS,
    ),
    SchoolRole.PASTORAL_STAFF: (VIEW_PUPIL_RECORD, VIEW_ATTENDANCE),
    SchoolRole.ATTENDANCE_LEAD: (
        VIEW_PUPIL_RECORD,
        VIEW_ATTENDANCE,
        IMPORT_REGISTERS,
        VIEW_SCHOOL_OVERVIEW,
        SEND_LA_RETURNS,
        VIEW_TARGETING_MEETINGS,
    ),
    SchoolRole.DSL: (VIEW_PUPIL_RECORD, VIEW_ATTENDANCE),
    SchoolRole.HEADTEACHER: (
        VIEW_PUPIL_RECORD,
        VIEW_ATTENDANCE,
        VIEW_SCHOOL_OVERVIEW,
        VIEW_TARGETING_MEETINGS,
    ),
}

LOCAL_AUTHORITY_ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    LocalAuthorityRole.LEAD_PRACTITIONER: (
        VIEW_PUPIL_DIRECTORY,
        VIEW_LA_FIGURES,
        MANAGE_LA_WORK,
    ),
    LocalAuthorityRole.LEGAL_OFFICER: (VIEW_PUPIL_DIRECTORY, VIEW_LA_FIGURES),
}


# Site-wide permissions a role's group also holds. Attendance leads and LA lead
# practitioners edit their letter templates in the Wagtail admin, so they may
# open it; what they see there is scoped by each model's permission policy
# (``letters.wagtail_hooks``), and pages need page permissions they do not get.
ACCESS_WAGTAIL_ADMIN = "wagtailadmin.access_admin"

ROLE_GLOBAL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    SchoolRole.ATTENDANCE_LEAD: (ACCESS_WAGTAIL_ADMIN,),
    LocalAuthorityRole.LEAD_PRACTITIONER: (ACCESS_WAGTAIL_ADMIN,),
}


def role_group_name(*, organisation_kind: str, organisation_pk: int, role: str) -> str:
    """The name of the Django group that holds one role in one organisation."""
    return f"{organisation_kind}:{organisation_pk}:{role}"
