"""`flask --app eexpo …` commands: users, the demo expo, the catalogue, media upkeep, search,
backups and the job worker."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO, TypeVar

import click
from flask import Flask, current_app

from eexpo import backup, demo, report, report_formats, tasks
from eexpo.accounts import management, onboarding, reminders
from eexpo.accounts import services as accounts
from eexpo.catalogue import transfer
from eexpo.catalogue.kinds import KINDS
from eexpo.errors import DomainError
from eexpo.extensions import db
from eexpo.models import Role
from eexpo.storage import StorageError

T = TypeVar("T")


def register_cli(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(demo_command)
    app.cli.add_command(media)
    app.cli.add_command(search_command, name="search")
    app.cli.add_command(catalogue)
    app.cli.add_command(report_command)
    app.cli.add_command(worker)
    app.cli.add_command(invitations_group)
    app.cli.add_command(backup_group)


@click.group(help="Manage user accounts.")
def users() -> None:
    pass


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--exhibitor", "exhibitor_name", help="The user's organization; created if new.")
@click.option("--name", default="", help="The user's display name.")
@click.option("--password", help="Prompted for when absent.")
def create_user(
    email: str, role: str, exhibitor_name: str | None, name: str, password: str | None
) -> None:
    """Create a user account."""
    if role == Role.EXHIBITOR and not exhibitor_name:
        raise click.UsageError("an exhibitor user needs --exhibitor NAME")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        exhibitor = None
        if exhibitor_name:
            exhibitor = accounts.get_or_create_exhibitor(exhibitor_name)
            exhibitor.status = exhibitor.status.APPROVED
        user = accounts.create_user(
            email, password, role=Role(role), name=name, exhibitor=exhibitor
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}")


@users.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Deactivate an account: its sessions and API tokens stop working at once."""
    user = accounts.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user with the email {email}")
    management.deactivate_user(user, actor=None)
    db.session.commit()
    click.echo(f"Deactivated {user.email}")


@click.command("demo", help="Load the demo expo.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
def demo_command(if_empty: bool) -> None:
    if demo.is_empty():
        click.echo(demo.load())
    elif if_empty:
        click.echo("The database already holds data; the demo expo was not loaded.")
    else:
        raise click.ClickException("the demo expo is already loaded")


@click.group(help="Maintain the search index.")
def search_command() -> None:
    pass


@search_command.command("rebuild")
def search_rebuild() -> None:
    """Index every published booth again (after the upgrade that adds the index, or to repair)."""
    from eexpo import search

    count = search.rebuild()
    db.session.commit()
    click.echo(f"Indexed {count} published booths.")


@click.group(help="Maintain stored media.")
def media() -> None:
    pass


@media.command("cleanup")
@click.option("--abandoned-days", type=click.IntRange(min=0), default=2, show_default=True)
def media_cleanup(abandoned_days: int) -> None:
    """Delete objects no record points to and abort abandoned multipart uploads."""
    from eexpo.media import pipeline

    deleted, aborted = pipeline.cleanup(abandoned_after=timedelta(days=abandoned_days))
    click.echo(f"Deleted {deleted} orphaned objects; aborted {aborted} abandoned uploads.")
    _recover(pipeline)


@media.command("create-bucket")
@click.option(
    "--cors-origin",
    "origins",
    multiple=True,
    required=True,
    help="A site allowed to upload from the browser, e.g. https://expo.example.org (repeatable).",
)
def media_create_bucket(origins: tuple[str, ...]) -> None:
    """Create the S3 bucket if missing and allow direct browser uploads from these sites."""
    from eexpo.storage import get_storage
    from eexpo.storage.s3 import S3Storage

    storage = get_storage()
    if not isinstance(storage, S3Storage):
        raise click.ClickException("EEXPO_STORAGE is not 's3'; the local store needs no bucket.")
    storage.ensure_bucket(cors_origins=list(origins))
    click.echo(f"Bucket {storage.bucket} is ready for uploads from {', '.join(origins)}.")


@media.command("recover")
def media_recover() -> None:
    """Queue again the media a dead worker left processing (safe to run from cron)."""
    from eexpo.media import pipeline

    _recover(pipeline)


def _recover(pipeline) -> None:
    queued = pipeline.recover_stale()
    click.echo(f"Queued {queued} media items left processing.")
    if current_app.config["TASKS"] == "thread":
        tasks.drain()


@click.command("worker", help="Run background jobs from Redis (EEXPO_TASKS=rq).")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(burst: bool) -> None:
    if current_app.config["TASKS"] != "rq":
        raise click.ClickException(
            "EEXPO_TASKS is 'thread': jobs already run inside the app. Set EEXPO_TASKS=rq "
            "and EEXPO_REDIS_URL to use workers."
        )
    from redis import Redis
    from rq import SimpleWorker

    from eexpo.media import pipeline

    pipeline.recover_stale()
    if current_app.config["WORKER_METRICS_PORT"]:
        from eexpo import metrics

        metrics.serve_own(current_app.config["WORKER_METRICS_PORT"])
    if not burst:  # a dead worker's items are queued again by the live ones, with no cron
        tasks.start_periodic_jobs(current_app)
    connection = Redis.from_url(current_app.config["REDIS_URL"])
    SimpleWorker([tasks.QUEUE], connection=connection).work(burst=burst)


@click.group("invitations", help="Invite the catalogue's exhibitors.")
def invitations_group() -> None:
    pass


@invitations_group.command("send")
@click.option("--dry-run", is_flag=True, help="Print who would get what; send nothing.")
def invitations_send(dry_run: bool) -> None:
    """Invite every catalogue exhibitor with an email and no account yet, in its language, and
    send again the invitations that expired; print who gets what."""
    outcome = onboarding.invite_all(None, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
        tasks.drain()  # in thread mode the mails go out from this process
    verb = "would get" if dry_run else "got"
    for label, rows in (("an invitation", outcome.sent), ("it again", outcome.resent)):
        for row in rows:
            click.echo(f"{row.exhibitor.name} <{row.email}> {verb} {label} ({row.locale})")
    skipped = ", ".join(f"{n} {standing}" for standing, n in sorted(outcome.skipped.items()))
    click.echo(
        f"{len(outcome.sent)} invited, {len(outcome.resent)} sent again"
        + (" (dry run)" if dry_run else "")
        + (f"; left alone: {skipped}" if skipped else "")
    )


@invitations_group.command("remind")
def invitations_remind() -> None:
    """Send the reminders due today (the app and the workers also look every hour)."""
    sent = reminders.send_due()
    tasks.drain()
    click.echo(f"{sent} exhibitors reminded.")


@click.group("backup", help="Back up the database and the media, and restore them.")
def backup_group() -> None:
    pass


_FOLDER = click.Path(file_okay=False, path_type=Path)


@backup_group.command("create")
@click.argument("folder", type=_FOLDER)
def backup_create(folder: Path) -> None:
    """Copy the database and every media object into FOLDER (new or empty)."""
    manifest = _backup_step(backup.create, folder)
    click.echo(
        f"Backed up the {manifest.database} database (schema {manifest.revision}) and "
        f"{len(manifest.objects)} objects ({manifest.total_bytes} bytes) into {folder}."
    )


@backup_group.command("verify")
@click.argument("folder", type=_FOLDER)
def backup_verify(folder: Path) -> None:
    """Check every file of the backup in FOLDER against its manifest."""
    manifest = _backup_step(backup.verify, folder)
    click.echo(f"{folder}: complete, made {manifest.created_at}, {len(manifest.objects)} objects.")


@backup_group.command("restore")
@click.argument("folder", type=_FOLDER)
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def backup_restore(folder: Path, yes: bool) -> None:
    """Replace the database with the backup in FOLDER and put back its media (stop the app
    processes and workers first)."""
    manifest = _backup_step(backup.read, folder)
    if not yes:
        click.confirm(
            f"Replace this site's database with the backup made {manifest.created_at}?",
            abort=True,
        )
    manifest, written = _backup_step(backup.restore, folder)
    click.echo(
        f"Restored the database from {manifest.created_at} and {written} objects "
        f"({len(manifest.objects) - written} were already stored)."
    )


def _backup_step(step: Callable[[Path], T], folder: Path) -> T:
    try:
        return step(folder)
    except (backup.BackupError, StorageError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None


@click.group(help="Import and export the offline catalogue as CSV (formats in shared/API.md).")
def catalogue() -> None:
    pass


_KINDS = click.Choice(list(KINDS))


@catalogue.command("import")
@click.argument("kind", type=_KINDS)
@click.argument("file", type=click.File("rb"))
@click.option("--prune", is_flag=True, help="Also delete the rows FILE does not have.")
def catalogue_import(kind: str, file: BinaryIO, prune: bool) -> None:
    """Import KIND from FILE, updating rows by id (or key) and adding the others: all rows or,
    if any row is bad, none (each problem is listed)."""
    limit = current_app.config["MAX_CSV_BYTES"]
    data = file.read(limit + 1)
    try:
        counts = transfer.import_csv(kind, data, prune=prune)
    except transfer.ImportRefused as refused:
        db.session.rollback()
        for error in refused.errors:
            click.echo(f"line {error.line}: {error.message}", err=True)
        raise click.ClickException(str(refused.message)) from None
    db.session.commit()
    click.echo(
        f"{kind}: {counts['new']} new, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged, {counts['deleted']} deleted."
    )


@catalogue.command("export")
@click.argument("kind", type=_KINDS)
def catalogue_export(kind: str) -> None:
    """Write KIND as CSV (UTF-8 with a byte-order mark) to standard output."""
    click.echo(transfer.export_csv(kind), nl=False)


@click.command("report")
@click.option("--format", "output", type=click.Choice(["text", "json", "csv"]), default="text")
def report_command(output: str) -> None:
    """Print the event's statistics (the organizers' closing report)."""
    figures = report.compute()
    if output == "json":
        click.echo(json.dumps(report_formats.as_json(figures), ensure_ascii=False, indent=2))
    elif output == "csv":
        click.echo(report_formats.as_csv(figures), nl=False)
    else:
        click.echo(report_formats.as_text(figures), nl=False)
