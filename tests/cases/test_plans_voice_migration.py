"""Plans, the ledger and pupil voice moved from the cases app to their own
apps without losing a row: migrate an existing database back to the schema
before the move, write a row into every one of their tables (the many-to-many
ones too), migrate forward, and read each row back through the new apps.

CI runs this on PostgreSQL, the database schools run; it runs on SQLite too.
"""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.enums import Stage
from plans.models import Plan, Review, ReviewTargetOutcome, SupportOffer, Target
from tests.factories import CarerRelationshipFactory
from voice.models import PupilVoice

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BEFORE_THE_MOVE = [("cases", "0004_pupil_voice"), ("plans", None), ("voice", None)]
MOVED = {
    "plans": ["plan", "target", "review", "reviewtargetoutcome", "supportoffer"],
    "voice": ["pupilvoice"],
}


def migrate(targets) -> MigrationExecutor:
    """Migrate to ``targets``."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def models_at(executor: MigrationExecutor, targets):
    """The models as they were at the cases app's migration among ``targets``
    (rendering them all takes seconds: only where they are used)."""
    executor.loader.build_graph()
    nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(nodes, at_end=True).apps


def leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def rows_in_every_table(old, *, case_pk, user_pk, carer_pk):
    """One row in each moved table, written through the historical models of
    the cases app as it was before the move."""
    case = old.get_model("cases", "Case").objects.get(pk=case_pk)
    user = old.get_model("auth", "User").objects.get(pk=user_pk)
    carer = old.get_model("schools", "ParentCarer").objects.get(pk=carer_pk)
    event = old.get_model("cases", "CaseEvent").objects.filter(case=case).first()
    plan = old.get_model("cases", "Plan").objects.create(
        case=case,
        kind="early_help",
        created_by=user,
        lead_practitioner=user,
        start_on=date(2026, 9, 7),
        outcome_note="Moved with the app.",
    )
    plan.family_members.add(carer)
    target = old.get_model("cases", "Target").objects.create(
        plan=plan, achieve="Attend every day this half term", end_on=date(2026, 12, 18)
    )
    target.family_members.add(carer)
    review = old.get_model("cases", "Review").objects.create(
        plan=plan,
        held_on=date(2026, 10, 19),
        attended="Mum, the officer",
        decision="continue",
        recorded_by=user,
    )
    old.get_model("cases", "ReviewTargetOutcome").objects.create(
        review=review, target=target, achieved="partly", note="Better mornings."
    )
    offer = old.get_model("cases", "SupportOffer").objects.create(
        case=case,
        kind="mentoring",
        offered_by=user,
        offered_on=date(2026, 9, 14),
        response="accepted",
        target=target,
        event=event,
        recorded_by=user,
    )
    voice = old.get_model("cases", "PupilVoice").objects.create(
        pupil_id=case.pupil_id,
        case=case,
        tool="conversation",
        recorded_on=date(2026, 9, 21),
        words="I like art on Fridays.",
        recorded_by=user,
    )
    return {
        "case": case.pk,
        "carer": carer.pk,
        "plan": plan.pk,
        "target": target.pk,
        "review": review.pk,
        "offer": offer.pk,
        "event": event.pk if event else None,
        "voice": voice.pk,
    }


def test_every_row_survives_the_move_to_the_plans_and_voice_apps(world):
    # Its own case, pupil, carer and user: a transactional test cannot count
    # on the session's demo still being there.
    case = world.case_at(Stage.CONCERN)
    carer = CarerRelationshipFactory(pupil=case.pupil).parent_carer
    after = leaves()
    try:
        old = models_at(migrate(BEFORE_THE_MOVE), BEFORE_THE_MOVE)
        # Content types as an existing site has them: still the cases app's.
        for models in MOVED.values():
            for model in models:
                ContentType.objects.filter(app_label__in=MOVED, model=model).delete()
                ContentType.objects.get_or_create(app_label="cases", model=model)
        written = rows_in_every_table(
            old,
            case_pk=case.pk,
            user_pk=world.users["officer"].pk,
            carer_pk=carer.pk,
        )
        counts = {
            model: old.get_model("cases", model).objects.count()
            for models in MOVED.values()
            for model in models
        }
    finally:
        migrate(after)

    plan = Plan.objects.get(pk=written["plan"])
    assert (plan.case_id, plan.kind, plan.outcome_note) == (
        written["case"],
        "early_help",
        "Moved with the app.",
    )
    assert list(plan.family_members.values_list("pk", flat=True)) == [written["carer"]]
    target = Target.objects.get(pk=written["target"])
    assert (target.plan_id, target.end_on) == (plan.pk, date(2026, 12, 18))
    assert list(target.family_members.values_list("pk", flat=True)) == [
        written["carer"]
    ]
    review = Review.objects.get(pk=written["review"])
    assert (review.plan_id, review.decision) == (plan.pk, "continue")
    outcome = ReviewTargetOutcome.objects.get(review=review)
    assert (outcome.target_id, outcome.note) == (target.pk, "Better mornings.")
    offer = SupportOffer.objects.get(pk=written["offer"])
    assert (offer.target_id, offer.event_id, offer.kind) == (
        target.pk,
        written["event"],
        "mentoring",
    )
    voice = PupilVoice.objects.get(pk=written["voice"])
    assert (voice.case_id, voice.words) == (written["case"], "I like art on Fridays.")
    # Nothing lost or added anywhere in the moved tables.
    for app, models in MOVED.items():
        for model in models:
            new = ContentType.objects.get(app_label=app, model=model).model_class()
            assert new.objects.count() == counts[model], model
    # The content types followed the models; none is left with the cases app.
    assert not ContentType.objects.filter(
        app_label="cases", model__in=[m for ms in MOVED.values() for m in ms]
    ).exists()
