"""Meeting types: the built-in defaults (DOMAIN.md section 7) and how a school
or its local authority renames them or adds its own.

Meeting names are local, not statutory. Each type says who normally leads it,
which letters go with it, and whether it is the school's whole-school
inclusion meeting (where the pupil is discussed without the family). The most
specific setting wins: the school's own, then its LA's, then the built-in
default. ``types_for_school`` is the one place that resolves them.
"""

from dataclasses import dataclass, field

# The letters a meeting type may have, in the order a school sends them.
LETTER_ROLES = (
    ("invitation", "Invitation"),
    ("did_not_attend", "Did not attend"),
    ("targets_confirmation", "Targets confirmation"),
    ("targets_met", "Targets met"),
    ("minutes", "Minutes"),
    ("initial_concerns", "Initial concerns letter"),
)
LETTER_ROLE_NAMES = dict(LETTER_ROLES)
# What the button that prepares one of each for every parent says.
PREPARE_LABELS = {
    "invitation": "Prepare an invitation for each parent",
    "did_not_attend": "Prepare a did-not-attend letter for each parent",
    "targets_confirmation": "Prepare a targets confirmation letter for each parent",
    "targets_met": "Prepare a targets met letter for each parent",
    "minutes": "Prepare the minutes for each parent",
    "initial_concerns": "Prepare an initial concerns letter for each parent",
}


@dataclass(frozen=True)
class MeetingType:
    key: str
    name: str
    usual_lead: str
    level: int | None = None
    letters: tuple[str, ...] = ()
    invites_parents: bool = True
    is_inclusion_meeting: bool = False
    # Where the name and settings came from: "built-in", "la" or "school".
    source: str = field(default="built-in", compare=False)


_LADDER = (
    "invitation",
    "did_not_attend",
    "targets_confirmation",
    "targets_met",
    "minutes",
)

BUILT_IN_TYPES: tuple[MeetingType, ...] = (
    MeetingType(
        "initial_concerns",
        "Attendance initial concerns meeting",
        "Form tutor or year leader",
        level=1,
        letters=("initial_concerns", "invitation", "did_not_attend", "minutes"),
    ),
    MeetingType(
        "sam",
        "School attendance meeting (SAM)",
        "Year leader or attendance leader",
        level=2,
        letters=_LADDER,
    ),
    MeetingType(
        "sap",
        "School attendance panel (SAP)",
        "Attendance leader or assistant head",
        level=3,
        letters=_LADDER,
    ),
    MeetingType(
        "early_help_review",
        "Early help review",
        "The plan's lead practitioner",
        letters=("invitation", "did_not_attend", "minutes"),
    ),
    MeetingType(
        "contract_review",
        "Parenting contract review",
        "Attendance leader",
        letters=("invitation", "did_not_attend", "minutes"),
    ),
    MeetingType(
        "eso_review",
        "ESO review",
        "The LA's supervising officer",
        letters=("invitation", "did_not_attend", "minutes"),
    ),
    MeetingType(
        "inclusion",
        "Whole-school inclusion meeting",
        "SENCO or inclusion lead",
        invites_parents=False,
        is_inclusion_meeting=True,
    ),
)
BUILT_IN_BY_KEY = {meeting_type.key: meeting_type for meeting_type in BUILT_IN_TYPES}


def resolve_types(*, la_settings=(), school_settings=()) -> list[MeetingType]:
    """The types a school uses, from its LA's and its own settings (objects
    with the fields of ``MeetingType`` and ``active``), over the built-ins.

    A setting with a built-in key changes that type; a new key adds one; an
    inactive setting hides the type. The school's order: built-ins first, then
    added types by name.
    """
    types = dict(BUILT_IN_BY_KEY)
    for source, settings in (("la", la_settings), ("school", school_settings)):
        for setting in settings:
            if not setting.active:
                types.pop(setting.key, None)
                continue
            types[setting.key] = MeetingType(
                key=setting.key,
                name=setting.name,
                usual_lead=setting.usual_lead,
                level=setting.level,
                letters=tuple(setting.letters),
                invites_parents=setting.invites_parents,
                is_inclusion_meeting=setting.is_inclusion_meeting,
                source=source,
            )
    built_in = [types[key] for key in BUILT_IN_BY_KEY if key in types]
    added = sorted(
        (t for key, t in types.items() if key not in BUILT_IN_BY_KEY),
        key=lambda t: t.name,
    )
    return built_in + added
