"""Every share ends; system names encrypted; child-protection file transfers.

Open-ended shares get the default length (30 days) counted from the day this
migration runs. ``RestrictedLink.system_name`` was stored in clear: its
existing values are encrypted here, in SQL, since the historical model
already reads the column as ciphertext.
"""

from datetime import timedelta

import django.db.models.deletion
import safeguarding.encryption
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

SHARE_DEFAULT_DAYS = 30  # as in safeguarding.permissions at the time of writing


def give_open_shares_an_end(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    Grant = apps.get_model("safeguarding", "RestrictedItemGrant")
    end = timezone.localdate() + timedelta(days=SHARE_DEFAULT_DAYS)
    Grant.objects.using(db).filter(expires_on__isnull=True).update(expires_on=end)


def _rewrite_system_names(schema_editor, change):
    from safeguarding.encryption import UndecryptableError, decrypt, encrypt

    connection = schema_editor.connection
    table = connection.ops.quote_name("safeguarding_restrictedlink")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT item_id, system_name FROM {table} WHERE system_name <> ''"  # nosec B608 # a quoted fixed table name; values are parameters
        )
        rows = cursor.fetchall()
        for pk, value in rows:
            try:
                plain = decrypt(value)
            except UndecryptableError:
                plain = value  # not yet encrypted
            new = encrypt(plain) if change == "encrypt" else plain
            if new != value:
                cursor.execute(
                    f"UPDATE {table} SET system_name = %s WHERE item_id = %s",  # nosec B608 # a quoted fixed table name; values are parameters
                    [new, pk],
                )


def encrypt_system_names(apps, schema_editor):
    _rewrite_system_names(schema_editor, "encrypt")


def decrypt_system_names(apps, schema_editor):
    _rewrite_system_names(schema_editor, "decrypt")


class Migration(migrations.Migration):
    dependencies = [
        ("safeguarding", "0001_initial"),
        ("schools", "0003_pupil_moves"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accesslogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("viewed_in_list", "Viewed in a list"),
                    ("viewed", "Viewed"),
                    ("created", "Created"),
                    ("edited", "Edited"),
                    ("shared", "Shared"),
                    ("unshared", "Sharing ended"),
                    ("lapsed", "Share lapsed"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(give_open_shares_an_end, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="restricteditemgrant",
            name="expires_on",
            field=models.DateField(
                help_text="Access ends at the end of this day.", verbose_name="until"
            ),
        ),
        migrations.AlterField(
            model_name="restrictedlink",
            name="system_name",
            field=safeguarding.encryption.EncryptedTextField(
                blank=True,
                help_text="The product or team, for example the school's safeguarding software or the local children's services.",
                max_length=100,
            ),
        ),
        migrations.RunPython(encrypt_system_names, decrypt_system_names),
        migrations.CreateModel(
            name="ChildProtectionFileTransfer",
            fields=[
                (
                    "move",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="schools.pupilmove",
                    ),
                ),
                (
                    "due_on",
                    models.DateField(
                        help_text="5 school days from the first day on roll."
                    ),
                ),
                (
                    "shares_ended",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Who lost access to which record because of the move.",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("sent", "The file was sent securely"),
                            ("no_file", "No child-protection file is held"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "sent_on",
                    models.DateField(blank=True, null=True, verbose_name="sent on"),
                ),
                (
                    "received_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="receipt confirmed on"
                    ),
                ),
                (
                    "received_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "child-protection file transfer",
                "ordering": ["due_on", "pk"],
                "default_permissions": (),
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("outcome", ""), ("sent_on__isnull", True)),
                            models.Q(
                                ("sent_on__isnull", False),
                                models.Q(("outcome", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="transfer_sent_has_outcome",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("received_on__isnull", True),
                            ("sent_on__isnull", False),
                            _connector="OR",
                        ),
                        name="transfer_received_after_sent",
                    ),
                ],
            },
        ),
    ]
