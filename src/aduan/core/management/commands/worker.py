"""``aduan worker``: run background tasks.

This is django-tasks-db's ``db_worker`` under Aduan's name, with all its options
(``aduan worker --help``). Several workers may run at once: the backend claims each task for
exactly one worker (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an immediate write
transaction on SQLite).
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run Aduan's background tasks (e-mail, reminders, recomputed deadlines, imports)."
