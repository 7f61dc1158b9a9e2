from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which object, when, from which value to which, and why.

    Written by service functions only (``aduan.core.audit.record``); never edited. Action codes
    are namespaced (``closure.added``, ``deadline.recomputed``) and described in ``audit.ACTIONS``.
    The database refuses UPDATE and DELETE on this table (triggers, migration 0003), and each
    event is sealed into its office's hash chain (``AuditSeal``) shortly after it is committed.
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # The three references below are kept as written (DO_NOTHING, no database constraint):
    # deleting a user, an office or a content type never rewrites the record.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    office = models.ForeignKey(
        "directory.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    old = models.JSONField(_("old value"), null=True, blank=True)
    new = models.JSONField(_("new value"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Append-only: an event is written once and never changed."""
        if not self._state.adding:
            raise ValueError("Audit events are append-only; write a new event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only and cannot be deleted.")

    @property
    def description(self) -> str:
        from aduan.core.audit import describe

        return describe(self.action)


class AuditSeal(models.Model):
    """The place of one audit event in its office's hash chain (events without an office: chain
    0). ``hash`` is SHA-256 over the event's canonical JSON, its place and ``prev_hash``; see
    ``aduan.core.audit.seal_pending`` and ``aduan audit verify``. Insert-only, like the events."""

    event = models.OneToOneField(
        AuditEvent, primary_key=True, on_delete=models.DO_NOTHING, related_name="seal"
    )
    chain = models.PositiveBigIntegerField(_("chain"))
    seq = models.PositiveBigIntegerField(_("position"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="core_auditseal_chain_seq")
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.hash[:12]}"


class AuditChainHead(models.Model):
    """The last seal of one chain: locked while sealing, so that two sealers never give two
    events the same place. A cache of the chain's end that ``aduan audit verify`` checks."""

    chain = models.PositiveBigIntegerField(_("chain"), primary_key=True)
    seq = models.PositiveBigIntegerField(_("position"), default=0)
    hash = models.CharField(_("hash"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class WorkerHeartbeat(models.Model):
    """One running ``aduan worker``: written when it starts, ``last_seen`` renewed every
    ``ADUAN_WORKER_HEARTBEAT_SECONDS`` by a thread, removed when it stops cleanly. ``task_id`` is
    the task it runs now (a django-tasks-db result id; empty while idle). A row not renewed for
    ``ADUAN_WORKER_STALE_SECONDS`` is a worker that died: any other worker puts its task back
    (``aduan.core.workers``, docs/decisions/0024-worker-crashes-and-health.md)."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)
    task_id = models.CharField(_("running task"), max_length=36, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid} ({self.worker_id})"


class SentMail(models.Model):
    """A mail a background task handed to the mail server, committed right after the server
    accepted it: a task run again after its worker died skips what it had already sent
    (``aduan.core.mail.send_templated``). ``key`` is a SHA-256 over the task's id, the template,
    the recipients and the mail's place in the run: no address is stored. Kept 30 days."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    task_id = models.CharField(_("task"), max_length=36, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")

    def __str__(self) -> str:
        return f"{self.task_id} {self.key[:12]}"
