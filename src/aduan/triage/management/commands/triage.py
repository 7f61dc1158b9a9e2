"""``aduan triage``: train, use and measure the routing classifier.

    aduan triage train [--office CODE] [--target agency|substance|form|channel]
    aduan triage train --csv PATH --text-column teks --label-column instansi --output MODEL
    aduan triage predict --model MODEL --csv IN --text-column teks --output OUT.csv
    aduan triage evaluate --model MODEL --csv IN --text-column teks --label-column instansi

``train`` without ``--csv`` trains each active office's models from its own decided cases (a
new version per office and target, as the worker does every week). With ``--csv`` it trains
from any table (the delimiter is detected; UTF-8, with or without BOM), prints the figures on
a fifth of the rows held out (by a hash of the row number, so the same file gives the same
split), then trains on every row and writes one model file. ``predict`` writes
``row,label1,score1,label2,score2,label3,score3`` for each data row (row 1 is the first line
after the header; an empty text gets empty labels). ``evaluate`` prints top-1, top-3 and the
precision, recall and F1 of each label."""

from __future__ import annotations

import csv
import json
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aduan.triage import classifier as clf

TARGETS = ("agency", "substance", "form", "channel")
BATCH = 500


class Command(BaseCommand):
    help = (
        "Routing suggestions: 'train' an office's models from its decided cases (or a model "
        "file from a CSV with --csv), 'predict' the top-3 labels of each row of a CSV, "
        "'evaluate' a model file on a labelled CSV. 'aduan triage train --help' for details."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{train,predict,evaluate}"
        )
        train = sub.add_parser(
            "train",
            help="train from the offices' decided cases, or from a CSV with --csv",
            description=(
                "Without --csv: a new model version per active office and target, from its "
                "decided cases. With --csv: a model file from any labelled table."
            ),
        )
        train.add_argument("--office", help="only this office (its code)")
        train.add_argument("--target", choices=TARGETS, help="only this field (default: every one)")
        train.add_argument("--csv", help="train from this CSV file instead of the cases")
        train.add_argument("--text-column", default="teks", help="column of texts (teks)")
        train.add_argument("--label-column", help="column of labels, e.g. instansi")
        train.add_argument("--output", help="the model file to write (with --csv)")
        train.add_argument(
            "--place-columns",
            default="",
            help=(
                "columns of the report's place, coarse to fine, e.g. kecamatan,kelurahan: "
                "labels that name a place ('Kelurahan X') are then learnt as one kind and "
                "named from the place"
            ),
        )
        train.add_argument(
            "--no-check",
            action="store_true",
            help="skip the held-out figures (train once, on every row)",
        )

        predict = sub.add_parser("predict", help="top-3 labels for each row of a CSV")
        predict.add_argument("--model", required=True, help="a model file (aduan triage train)")
        predict.add_argument("--csv", required=True, help="the CSV of texts")
        predict.add_argument("--text-column", default="teks", help="column of texts (teks)")
        predict.add_argument("--output", required=True, help="the CSV to write ('-': stdout)")

        evaluate = sub.add_parser("evaluate", help="top-1, top-3 and per-label figures")
        evaluate.add_argument("--model", required=True, help="a model file (aduan triage train)")
        evaluate.add_argument("--csv", required=True, help="a CSV of texts and their labels")
        evaluate.add_argument("--text-column", default="teks", help="column of texts (teks)")
        evaluate.add_argument("--label-column", required=True, help="column of true labels")
        evaluate.add_argument(
            "--per-class", type=int, default=None, metavar="N", help="show the N largest labels"
        )
        evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "train":
            if options["csv"]:
                self._train_csv(options)
            else:
                self._train_offices(options)
        elif action == "predict":
            self._predict(options)
        else:
            self._evaluate(options)

    # --- train from the offices' decided cases
    def _train_offices(self, options: dict[str, Any]) -> None:
        if options["output"] or options["label_column"]:
            raise CommandError(
                "--output and --label-column go with --csv; without --csv Aduan trains each "
                "office from its decided cases and keeps the models itself."
            )
        from aduan.directory.models import Office

        offices = Office.objects.filter(active=True).order_by("code")
        if options["office"]:
            offices = Office.objects.filter(code=options["office"])
            if not offices.exists():
                codes = ", ".join(Office.objects.values_list("code", flat=True)) or "none yet"
                raise CommandError(f"No office with code {options['office']!r} (known: {codes}).")
        targets = [options["target"]] if options["target"] else list(TARGETS)
        from aduan.triage import store

        trained = skipped = 0
        for office in offices:
            for target in targets:
                started = time.monotonic()
                self.stdout.write(f"{office.code} {target}: training…")
                try:
                    model = store.train_office(office=office, target=target, actor=None)
                except store.NotEnoughData as exc:
                    skipped += 1
                    self.stdout.write(f"{office.code} {target}: skipped, {exc}")
                    continue
                trained += 1
                self.stdout.write(
                    f"{office.code} {target}: version {model.version}, {model.samples} cases, "
                    f"{model.classes} labels{_figures(model.metrics)} "
                    f"({time.monotonic() - started:.1f} s)"
                )
        self.stdout.write(f"{trained} models trained, {skipped} skipped (not enough decisions).")

    # --- train from a CSV
    def _train_csv(self, options: dict[str, Any]) -> None:
        if not options["label_column"]:
            raise CommandError("--csv needs --label-column, the column of labels (e.g. instansi).")
        if not options["output"]:
            raise CommandError(
                "--csv needs --output, the model file to write (e.g. agency.joblib)."
            )
        if options["office"] or options["target"]:
            raise CommandError("--office and --target train from cases; leave them out with --csv.")
        path = Path(options["csv"])
        text_column, label_column = options["text_column"], options["label_column"]
        self.stdout.write(f"Reading {path}…")
        texts: list[str] = []
        labels: list[str] = []
        place_columns = [c.strip() for c in options["place_columns"].split(",") if c.strip()]
        places: list[list[str]] = []
        for _row, record in _rows(path, [text_column, label_column, *place_columns]):
            label = (record[label_column] or "").strip()
            if label:  # rows without a label teach nothing
                texts.append(record[text_column] or "")
                labels.append(label)
                places.append([record[c] or "" for c in place_columns])
        distinct = len(set(labels))
        if distinct < 2:
            raise CommandError(
                f"{path} has {len(labels)} labelled rows with {distinct} distinct label(s) in "
                f"{label_column!r}; training needs at least two different labels."
            )
        self.stdout.write(f"{len(labels)} labelled rows, {distinct} labels.")
        metrics: dict[str, Any] = {}
        if not options["no_check"] and len(labels) >= 20:
            held = [zlib.crc32(str(i).encode()) % 5 == 0 for i in range(len(labels))]
            train_x = [t for t, h in zip(texts, held, strict=True) if not h]
            train_y = [y for y, h in zip(labels, held, strict=True) if not h]
            train_p = [p for p, h in zip(places, held, strict=True) if not h]
            test_x = [t for t, h in zip(texts, held, strict=True) if h]
            test_y = [y for y, h in zip(labels, held, strict=True) if h]
            test_p = [p for p, h in zip(places, held, strict=True) if h]
            if len(set(train_y)) >= 2 and test_y:
                self.stdout.write(
                    f"Checking: training on {len(train_y)} rows, testing on {len(test_y)}…"
                )
                started = time.monotonic()
                check = clf.train(train_x, train_y, places=train_p, place_columns=place_columns)
                top1, top3 = clf.top_k_accuracy(check, test_x, test_y, k=3, places=test_p)
                metrics = {"top1": round(top1, 4), "top3": round(top3, 4), "test": len(test_y)}
                self.stdout.write(
                    f"Held-out (every fifth row by a hash of its number, {len(test_y)} rows): "
                    f"top-1 {top1:.3f}, top-3 {top3:.3f} ({time.monotonic() - started:.1f} s)"
                )
        self.stdout.write(f"Training on all {len(labels)} rows…")
        started = time.monotonic()
        model = clf.train(
            texts, labels, source=path.name, places=places, place_columns=place_columns
        )
        model.meta["metrics"] = metrics
        output = Path(options["output"])
        try:
            model.save(output)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output} ({model.meta['method']}, {distinct} labels, "
                f"{time.monotonic() - started:.1f} s)."
            )
        )

    # --- predict
    def _predict(self, options: dict[str, Any]) -> None:
        model = _load(options["model"])
        path, column = Path(options["csv"]), options["text_column"]
        total = _count_rows(path, column)
        place_columns = self._place_columns(model, path)
        self.stderr.write(f"Predicting {total} rows of {path} with {options['model']}…")
        out_name = options["output"]
        out = sys.stdout if out_name == "-" else _open_output(out_name)
        done = 0
        try:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["row", "label1", "score1", "label2", "score2", "label3", "score3"])
            for batch in _batches(_rows(path, [column]), BATCH):
                predictions = model.predict_many(
                    [r[column] or "" for _n, r in batch],
                    k=3,
                    places=[[r[c] or "" for c in place_columns] for _n, r in batch]
                    if place_columns
                    else None,
                )
                for (number, record), top in zip(batch, predictions, strict=True):
                    if not (record[column] or "").strip():
                        top = []
                    cells: list[str] = [str(number)]
                    for rank in range(3):
                        if rank < len(top):
                            cells += [top[rank].label, f"{top[rank].score:.4f}"]
                        else:
                            cells += ["", ""]
                    writer.writerow(cells)
                done += len(batch)
                self.stderr.write(f"  {done}/{total} rows")
        finally:
            if out is not sys.stdout:
                out.close()
        if out_name != "-":
            self.stdout.write(self.style.SUCCESS(f"Wrote {done} rows to {out_name}."))

    # --- evaluate
    def _evaluate(self, options: dict[str, Any]) -> None:
        model = _load(options["model"])
        path = Path(options["csv"])
        text_column, label_column = options["text_column"], options["label_column"]
        place_columns = self._place_columns(model, path)
        texts: list[str] = []
        labels: list[str] = []
        places: list[list[str]] = []
        for _n, record in _rows(path, [text_column, label_column]):
            label = (record[label_column] or "").strip()
            if label:
                texts.append(record[text_column] or "")
                labels.append(label)
                places.append([record[c] or "" for c in place_columns])
        if not labels:
            raise CommandError(f"{path} has no row with a label in {label_column!r}.")
        if not options["json"]:
            self.stderr.write(f"Evaluating {options['model']} on {len(labels)} rows of {path}…")
        report = clf.evaluate(model, texts, labels, k=3, places=places if place_columns else None)
        limit = options["per_class"]
        classes = report["classes"] if limit is None else report["classes"][: max(limit, 0)]
        if options["json"]:
            self.stdout.write(json.dumps({**report, "classes": classes}, ensure_ascii=False))
            return
        self.stdout.write(
            f"{report['rows']} rows, {len(report['classes'])} labels "
            f"({report['unknown']} rows with a label the model never saw)"
        )
        self.stdout.write(f"top-1 {report['top1']:.3f}")
        self.stdout.write(f"top-3 {report['top3']:.3f}")
        if not classes:
            return
        width = min(max(len(c["label"]) for c in classes), 60)
        self.stdout.write("")
        self.stdout.write(f"{'label'.ljust(width)}  precision  recall     F1  support")
        for c in classes:
            self.stdout.write(
                f"{c['label'][:width].ljust(width)}  {c['precision']:9.3f}  {c['recall']:6.3f}  "
                f"{c['f1']:5.3f}  {c['support']:7d}"
            )

    def _place_columns(self, model: clf.Classifier, path: Path) -> list[str]:
        """The model's place columns when the CSV has them all, else none (with a note)."""
        wanted = model.meta.get("places", {}).get("columns", [])
        if not wanted:
            return []
        handle, reader = _reader(path)
        with handle:
            fields = reader.fieldnames or []
        if all(c in fields for c in wanted):
            return list(wanted)
        self.stderr.write(
            f"Note: the model was trained with the place columns {', '.join(wanted)}; "
            f"{path} lacks some, so place-bound labels are named from the text alone."
        )
        return []


# --- helpers
def _figures(metrics: dict[str, Any] | None) -> str:
    if not metrics or "top1" not in metrics:
        return ""
    return f", held-out top-1 {metrics['top1']:.3f}, top-3 {metrics.get('top3', 0):.3f}"


def _load(path: str) -> clf.Classifier:
    if not Path(path).is_file():
        raise CommandError(
            f"No model file {path}; make one with 'aduan triage train --csv ... --output {path}'."
        )
    try:
        return clf.Classifier.load(path)
    except clf.ModelFormatError as exc:
        raise CommandError(str(exc)) from exc


def _open_output(name: str) -> Any:
    try:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return open(name, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise CommandError(f"Cannot write {name}: {exc.strerror or exc}.") from exc


def _reader(path: Path) -> tuple[Any, csv.DictReader]:
    if not path.is_file():
        raise CommandError(f"No file {path}: check the path.")
    handle = open(path, encoding="utf-8-sig", newline="")
    sample = handle.read(64 * 1024)
    handle.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return handle, csv.DictReader(handle, dialect=dialect)


def _rows(path: Path, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(1-based data row number, record) for each row of ``path``, after checking that it has
    ``columns``."""
    handle, reader = _reader(path)
    with handle:
        try:
            fields = reader.fieldnames or []
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text; save it as UTF-8 CSV.") from exc
        missing = [c for c in columns if c not in fields]
        if missing:
            raise CommandError(
                f"{path} has no column {', '.join(repr(c) for c in missing)}; its columns: "
                f"{', '.join(fields) or 'none (is it empty?)'}."
            )
        try:
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text; save it as UTF-8 CSV.") from exc
        except csv.Error as exc:
            raise CommandError(f"{path} could not be read as CSV: {exc}.") from exc


def _count_rows(path: Path, column: str) -> int:
    return sum(1 for _ in _rows(path, [column]))


def _batches(
    rows: Iterator[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    batch: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
