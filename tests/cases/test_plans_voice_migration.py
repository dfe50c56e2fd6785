"""Plans, the ledger and pupil voice moved from the cases app to their own
apps without losing a row.

The test builds a database of its own as an existing site had it before the
move (migrated forward to the cases app's 0004, the last migration before the
move), writes a row into every one of the moved tables (the many-to-many ones
too) through the models as they were then, applies the move's three
migrations (cases 0005, plans 0001, voice 0001), and reads every row back
through the models as the move left them.

Its own database, not the session's test database: going back there from the
newest schema meant unapplying every later migration of every app above cases
and applying them again (a minute or more on two cores, on every run). Going
forward from an empty database to the move takes about 20 migrations and
seconds. CI runs this on PostgreSQL, the database schools run; it runs on
SQLite too.
"""

import os
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from schools.upn import make_upn

pytestmark = [pytest.mark.integration]

ALIAS = "plans_voice_move"
BEFORE_THE_MOVE = [("cases", "0004_pupil_voice")]
THE_MOVE = [("plans", "0001_initial"), ("voice", "0001_initial")]
MOVED = {
    "plans": ["plan", "target", "review", "reviewtargetoutcome", "supportoffer"],
    "voice": ["pupilvoice"],
}


@contextmanager
def database_of_its_own(tmp_path):
    """A connection, registered as ``ALIAS``, to a new empty database of the
    suite's engine (a file for SQLite, a database on the same server for
    PostgreSQL), dropped again at the end."""
    default = connections["default"]
    settings = {**default.settings_dict}
    vendor = default.vendor
    if vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "before-the-move.sqlite3")
    else:
        base = settings["TEST"].get("NAME") or f"test_{settings['NAME']}"
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        settings["NAME"] = f"{base}_{worker}_plans_voice_move"
        with default._nodb_cursor() as cursor:
            quoted = default.ops.quote_name(settings["NAME"])
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            cursor.execute(f"CREATE DATABASE {quoted}")
    connection = default.__class__(settings, alias=ALIAS)
    connections[ALIAS] = connection
    try:
        yield connection
    finally:
        connection.close()
        del connections[ALIAS]
        if vendor != "sqlite":
            with default._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")


def migrate(connection, targets):
    """Migrate to ``targets``; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets, at_end=True).apps


def a_case_as_it_was(old):
    """A school, a pupil with a carer, a user and an open case with one
    event, written through the models as they were before the move."""

    def objects(label):
        return old.get_model(label).objects.using(ALIAS)

    user = objects("auth.User").create(username="officer.move", password="!")
    authority = objects("schools.LocalAuthority").create(name="Moveshire", code="999")
    school = objects("schools.School").create(
        name="Move Primary", urn="799999", phase="primary", local_authority=authority
    )
    pupil = objects("schools.Pupil").create(
        upn=make_upn("999000025999"),
        legal_forename="Ada",
        legal_surname="Mover",
        date_of_birth=date(2016, 3, 1),
        year_group=5,
        school=school,
    )
    carer = objects("schools.ParentCarer").create(forename="Mo", surname="Mover")
    objects("schools.CarerRelationship").create(
        relationship="mother", parent_carer=carer, pupil=pupil
    )
    case = objects("cases.Case").create(opened_by=user, pupil=pupil, school=school)
    event = objects("cases.CaseEvent").create(
        case=case, kind="opened", occurred_at=datetime(2026, 9, 7, 9, tzinfo=UTC)
    )
    return user, carer, case, event


def rows_in_every_table(old, *, user, carer, case, event):
    """One row in each moved table, written through the historical models of
    the cases app as it was before the move."""

    def objects(model):
        return old.get_model("cases", model).objects.using(ALIAS)

    plan = objects("Plan").create(
        case=case,
        kind="early_help",
        created_by=user,
        lead_practitioner=user,
        start_on=date(2026, 9, 7),
        outcome_note="Moved with the app.",
    )
    plan.family_members.add(carer)
    target = objects("Target").create(
        plan=plan, achieve="Attend every day this half term", end_on=date(2026, 12, 18)
    )
    target.family_members.add(carer)
    review = objects("Review").create(
        plan=plan,
        held_on=date(2026, 10, 19),
        attended="Mum, the officer",
        decision="continue",
        recorded_by=user,
    )
    objects("ReviewTargetOutcome").create(
        review=review, target=target, achieved="partly", note="Better mornings."
    )
    offer = objects("SupportOffer").create(
        case=case,
        kind="mentoring",
        offered_by=user,
        offered_on=date(2026, 9, 14),
        response="accepted",
        target=target,
        event=event,
        recorded_by=user,
    )
    voice = objects("PupilVoice").create(
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
        "event": event.pk,
        "voice": voice.pk,
    }


def refuse_the_suites_database(execute, sql, params, many, context):
    raise AssertionError(f"A migration reached the suite's own database: {sql}")


def test_every_row_survives_the_move_to_the_plans_and_voice_apps(
    tmp_path, django_db_blocker
):
    # Every data migration on the way works on the database it migrates
    # (schema_editor.connection.alias), never on the default one.
    with (
        django_db_blocker.unblock(),
        connections["default"].execute_wrapper(refuse_the_suites_database),
        database_of_its_own(tmp_path) as connection,
    ):
        old = migrate(connection, BEFORE_THE_MOVE)
        # Content types as an existing site has them: the cases app's.
        content_types = old.get_model("contenttypes", "ContentType").objects.using(
            ALIAS
        )
        for model in [m for models in MOVED.values() for m in models]:
            content_types.create(app_label="cases", model=model)
        user, carer, case, event = a_case_as_it_was(old)
        written = rows_in_every_table(
            old, user=user, carer=carer, case=case, event=event
        )
        counts = {
            model: old.get_model("cases", model).objects.using(ALIAS).count()
            for models in MOVED.values()
            for model in models
        }

        new = migrate(connection, THE_MOVE)

        def objects(app, model):
            return new.get_model(app, model).objects.using(ALIAS)

        plan = objects("plans", "Plan").get(pk=written["plan"])
        assert (plan.case_id, plan.kind, plan.outcome_note) == (
            written["case"],
            "early_help",
            "Moved with the app.",
        )
        assert list(plan.family_members.values_list("pk", flat=True)) == [
            written["carer"]
        ]
        target = objects("plans", "Target").get(pk=written["target"])
        assert (target.plan_id, target.end_on) == (plan.pk, date(2026, 12, 18))
        assert list(target.family_members.values_list("pk", flat=True)) == [
            written["carer"]
        ]
        review = objects("plans", "Review").get(pk=written["review"])
        assert (review.plan_id, review.decision) == (plan.pk, "continue")
        outcome = objects("plans", "ReviewTargetOutcome").get(review_id=review.pk)
        assert (outcome.target_id, outcome.note) == (target.pk, "Better mornings.")
        offer = objects("plans", "SupportOffer").get(pk=written["offer"])
        assert (offer.target_id, offer.event_id, offer.kind) == (
            target.pk,
            written["event"],
            "mentoring",
        )
        voice = objects("voice", "PupilVoice").get(pk=written["voice"])
        assert (voice.case_id, voice.words) == (
            written["case"],
            "I like art on Fridays.",
        )
        # Nothing lost or added anywhere in the moved tables.
        for app, models in MOVED.items():
            for model in models:
                assert objects(app, model).count() == counts[model], model
        # The content types followed the models; none is left with the cases app.
        content_types = new.get_model("contenttypes", "ContentType").objects.using(
            ALIAS
        )
        assert sorted(content_types.values_list("app_label", "model")) == sorted(
            (app, model) for app, models in MOVED.items() for model in models
        )
