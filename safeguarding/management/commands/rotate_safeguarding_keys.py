"""Re-encrypt restricted safeguarding text under the first SAFEGUARDING_KEYS key.

Finds every ``EncryptedTextField`` column of every installed model and rewrites
each value that is not yet under the first key, one column at a time, in
batches, each batch in its own transaction. Values are read as stored (the
Fernet token, never decrypted into a model) and written back with an UPDATE of
that one column only, which is all the revision table's trigger allows.

A value that no configured key can decrypt is reported by model, column and
primary key (never the token or any text) and left as it is; the command goes
on and fails at the end. ``--check`` writes nothing: it counts the values not
yet under the first key and fails if there are any. See docs/operations.md,
"Safeguarding keys".
"""

from collections.abc import Iterator
from contextlib import nullcontext

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from safeguarding.encryption import (
    EncryptedTextField,
    UndecryptableError,
    keyring,
    reencrypt,
)

STORED = "_stored_value"  # the annotation holding the column as stored


def encrypted_columns() -> Iterator[tuple[type[models.Model], models.Field]]:
    """Each EncryptedTextField of each installed model, every table column once."""
    seen = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            key = (model._meta.db_table, field.column)
            if isinstance(field, EncryptedTextField) and key not in seen:
                seen.add(key)
                yield model, field


def under(fernet: Fernet, token: str) -> bool:
    """Whether the token was made with this key (checks its HMAC, decrypts nothing)."""
    try:
        fernet.extract_timestamp(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def as_stored(value: str) -> Value:
    """A value for the column exactly as given, not passed through encryption."""
    return Value(value, output_field=TextField())


class Command(BaseCommand):
    help = (
        "Re-encrypt every restricted safeguarding value under the first key in "
        "SAFEGUARDING_KEYS. With --check, only count the values not yet under it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing: report how many values are not yet under the "
            "first key, and exit with an error if there are any.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows read and written per transaction (default 500).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to work on (default: %(default)s).",
        )

    def handle(
        self, *args, check=False, batch_size=500, database=DEFAULT_DB_ALIAS, **options
    ):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            keyring()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.fernets = [Fernet(key.encode()) for key in settings.SAFEGUARDING_KEYS]
        self.first = self.fernets[0]
        self.database = database
        self.batch_size = batch_size

        columns = list(encrypted_columns())
        total = to_do = done = current = changed = 0
        failures = []
        for model, field in columns:
            for batch in self.batches(model, field):
                # Writes are kept to the one column and made only if the row
                # still holds the token read, so a concurrent edit is not undone.
                with nullcontext() if check else transaction.atomic(using=database):
                    for pk, token in batch:
                        total += 1
                        if under(self.first, token):
                            current += 1
                            continue
                        to_do += 1
                        if check:
                            if not self.decryptable(token):
                                failures.append(self.failure(model, field, pk))
                            continue
                        try:
                            new_token = reencrypt(token)
                        except UndecryptableError:
                            failures.append(self.failure(model, field, pk))
                            continue
                        if self.write(model, field, pk, token, new_token):
                            done += 1
                        else:
                            changed += 1

        for failure in failures:
            self.stderr.write(failure)
        if check:
            self.report_check(total, to_do, len(columns), failures)
        else:
            self.report_rotation(done, current, changed, len(columns), failures)

    def batches(
        self, model: type[models.Model], field: models.Field
    ) -> Iterator[list[tuple[object, str]]]:
        """(pk, stored token) of each non-empty value, by pk, a batch at a time."""
        rows = (
            model._base_manager.using(self.database)
            .annotate(**{STORED: Cast(field.attname, output_field=TextField())})
            .filter(**{f"{STORED}__gt": ""})
            .order_by("pk")
            .values_list("pk", STORED)
        )
        last = None
        while True:
            batch = list(
                (rows if last is None else rows.filter(pk__gt=last))[: self.batch_size]
            )
            if batch:
                yield batch
            if len(batch) < self.batch_size:
                return
            last = batch[-1][0]

    def write(self, model, field, pk, token: str, new_token: str) -> int:
        """Replace the token, only if the row still holds it; 1 if replaced."""
        return (
            model._base_manager.using(self.database)
            .filter(pk=pk, **{field.attname: as_stored(token)})
            .update(**{field.attname: as_stored(new_token)})
        )

    def decryptable(self, token: str) -> bool:
        return any(under(fernet, token) for fernet in self.fernets)

    @staticmethod
    def failure(model, field, pk) -> str:
        # Never the token or the text: this goes to terminals and logs.
        return (
            f"{model._meta.label}, column {field.column}, pk {pk}: no configured "
            "key can decrypt this value."
        )

    def report_rotation(self, done, current, changed, columns, failures) -> None:
        self.stdout.write(
            f"Re-encrypted {done} values in {columns} columns under the first key; "
            f"{len(failures)} failures."
        )
        if current:
            self.stdout.write(f"{current} values were under the first key already.")
        if changed:
            self.stdout.write(
                f"{changed} values were changed by someone else while this ran and "
                "were left as they are; run with --check to see if any remain."
            )
        if failures:
            raise CommandError(
                f"{len(failures)} values could not be decrypted with any configured "
                "key and were left as they are (listed above). Do not drop a key "
                "until you know which one they need."
            )

    def report_check(self, total, pending, columns, failures) -> None:
        self.stdout.write(
            f"{pending} of {total} values in {columns} columns are not yet under "
            "the first key."
        )
        if failures:
            self.stdout.write(
                f"{len(failures)} of them cannot be decrypted with any configured "
                "key (listed above)."
            )
        if pending:
            raise CommandError(
                f"{pending} values are not under the first key: run "
                "rotate_safeguarding_keys without --check before dropping a key."
            )
