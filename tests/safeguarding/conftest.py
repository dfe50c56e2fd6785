"""The cases tests' small world, with DSLs at the other schools and a note helper."""

from safeguarding import services
from safeguarding.enums import LinkedSystem, NoteCategory, PlanStatus
from schools.enums import SchoolRole
from schools.services import membership_add
from tests.cases.conftest import World, _user, build_world
from tests.shared_world import shared_world


def build_safeguarding_world() -> World:
    """The cases tests' world, with DSLs at the other two schools and an
    inactive DSL at the world's school."""
    w = build_world()
    for key, school in (("sibling_dsl", w.sibling_school), ("far_dsl", w.far_school)):
        user = _user(f"t.{key}", f"Test {key.title()}")
        membership_add(user=user, organisation=school, role=SchoolRole.DSL)
        w.users[key] = user
    inactive = _user("t.inactive_dsl", "Inactive Dsl")
    membership_add(user=inactive, organisation=w.school, role=SchoolRole.DSL)
    inactive.is_active = False
    inactive.save()
    w.users["inactive_dsl"] = inactive
    return w


world = shared_world(build_safeguarding_world)


def add_note(
    w: World, pupil=None, case=None, text="Seen with a bruise on Monday.", by="dsl"
):
    pupil = pupil or (case.pupil if case else w.pupil())
    return services.note_create(
        pupil=pupil,
        case=case,
        by=w.users[by],
        category=NoteCategory.NEGLECT,
        text=text,
    )


def add_link(w: World, pupil=None, case=None, reference="CP-0001"):
    pupil = pupil or (case.pupil if case else w.pupil())
    return services.link_create(
        pupil=pupil,
        case=case,
        by=w.users["dsl"],
        system=LinkedSystem.SOCIAL_CARE,
        reference=reference,
        social_worker_name="Alex Social",
        plan_status=PlanStatus.CHILD_PROTECTION,
    )
