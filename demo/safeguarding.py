"""Demo restricted notes and links, through the safeguarding services.

A few pupils at each school get restricted records written by the school's
DSL; one record is shared with the LA practitioner, another for a few days
with the lead practitioner of the parenting-contract case (so it shows as
ending soon on "My work"), and one case carries the "consult the DSL" flag, so
its formal steps wait for a consultation.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.enums import Stage
from cases.models import Case
from demo.clock import days_ago
from safeguarding import services
from safeguarding.enums import LinkedSystem, NoteCategory, PlanStatus
from safeguarding.models import RestrictedItem
from schools.models import Pupil, School


def demo_safeguarding_ensure(*, school: School, school_key: str, la_key: str) -> int:
    """Restricted records at the school, once only. Returns how many were made."""
    if RestrictedItem.objects.filter(pupil__school=school).exists():
        return 0
    users = get_user_model().objects
    dsl = users.get(username=f"dsl.{school_key}")
    la = users.get(username=f"la.{la_key}")
    cases = {case.stage: case for case in Case.objects.filter(school=school)}
    early_help = cases.get(Stage.EARLY_HELP)
    contract = cases.get(Stage.PARENTING_CONTRACT)
    made = 0
    # Shared 36 days ago until two months from today, so the demo's share is
    # in force whenever it is tried (a share lasts at most a year).
    share_until = timezone.localdate() + timedelta(days=60)

    if early_help is not None:
        with days_ago(40):
            services.note_create(
                pupil=early_help.pupil,
                case=early_help,
                by=dsl,
                category=NoteCategory.NEGLECT,
                text="Arrived without breakfast on four mornings in two weeks and "
                "said there was no food at home. Spoke to mum, who said money is "
                "very tight. Breakfast club place arranged; referral to the "
                "family hub made with mum's consent.",
            )
        with days_ago(38):
            link = services.link_create(
                pupil=early_help.pupil,
                case=early_help,
                by=dsl,
                system=LinkedSystem.SOCIAL_CARE,
                system_name="Children's services case management",
                reference="CIN-20418",
                social_worker_name="Morgan Achebe",
                social_worker_contact="Duty team, 0114 000 0000",
                plan_status=PlanStatus.CHILD_IN_NEED,
                plan_started_on=early_help.opened_at.date(),
            )
        with days_ago(36):
            services.item_share(item=link, by=dsl, with_user=la, expires_on=share_until)
            services.consult_flag_set(case=early_help, by=dsl)
        made += 2

    if contract is not None:
        with days_ago(60):
            log_link = services.link_create(
                pupil=contract.pupil,
                case=contract,
                by=dsl,
                system=LinkedSystem.SCHOOL_SAFEGUARDING,
                system_name="The school's safeguarding log",
                reference="Chronology entries 12 to 19",
                plan_status=PlanStatus.NONE,
            )
        if contract.lead_practitioner is not None:
            # Shared with the case's lead practitioner for a short while: it
            # ends within the week, so both see it on their "My work" list.
            ends_on = timezone.localdate() + timedelta(days=5)
            with days_ago(9):
                services.item_share(
                    item=log_link,
                    by=dsl,
                    with_user=contract.lead_practitioner,
                    expires_on=ends_on,
                )
        made += 1

    without_case = (
        Pupil.objects.filter(school=school)
        .exclude(pk__in=Case.objects.values("pupil"))
        .order_by("upn")
        .first()
    )
    if without_case is not None:
        with days_ago(12):
            services.note_create(
                pupil=without_case,
                by=dsl,
                category=NoteCategory.CME,
                text="Absent five days with no contact. Home visit made with the "
                "education welfare officer; neighbour said the family may have "
                "moved. Enquiries continuing with the LA's CME officer.",
            )
        made += 1
    return made
