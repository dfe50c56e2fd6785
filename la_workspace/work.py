"""The LA workspace's part of "My work" (``schools.work``): for an LA's lead
practitioners, the severe-absence joint approaches whose review is due within
the coming week or has passed (the latest approach for each pupil only: a
revised one replaces it). One query; none for anyone who runs no LA's work.

``LaWorkspaceConfig.ready()`` imports this module, which registers the source.
"""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse

from la_workspace.models import JointApproach
from schools.permissions import local_authority_ids_with_permission
from schools.roles import MANAGE_LA_WORK
from schools.work import DUE_SOON_DAYS, WorkItem, register_work_source

KIND = "Joint approach review"


@register_work_source
def joint_approach_reviews(user, today: date) -> list[WorkItem]:
    las = local_authority_ids_with_permission(user, MANAGE_LA_WORK)
    if not las:
        return []
    revised = JointApproach.objects.filter(
        pupil=OuterRef("pupil"), recorded_at__gt=OuterRef("recorded_at")
    )
    approaches = (
        JointApproach.objects.filter(
            school__local_authority_id__in=las,
            review_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(Exists(revised))
        .select_related("pupil", "school")
        .order_by("review_on", "pk")
    )
    return [
        WorkItem(
            kind=KIND,
            what=f"Review the joint approach agreed with {approach.school.name}",
            pupil=approach.pupil.display_name,
            due_on=approach.review_on,
            overdue=approach.review_on < today,
            url=reverse(
                "portal:la_workspace:joint_approach_detail", args=[approach.pk]
            ),
        )
        for approach in approaches
    ]
