"""``aduan triage train / predict / evaluate`` on small invented CSVs."""

import csv
import io
import json

import joblib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.triage.test_classifier import LABELS, TEXTS


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("triage", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_csv(path, rows, delimiter=",", bom=False):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["id", "teks", "instansi"])
        writer.writerows(rows)
    return path


@pytest.fixture
def labelled(tmp_path):
    rows = [(i, t, y) for i, (t, y) in enumerate(zip(TEXTS * 2, LABELS * 2, strict=True))]
    return write_csv(tmp_path / "train.csv", rows)


@pytest.fixture
def model_file(tmp_path, labelled):
    path = tmp_path / "agency.joblib"
    run("train", "--csv", str(labelled), "--label-column", "instansi", "--output", str(path))
    return path


def test_train_from_a_csv_prints_held_out_figures_and_writes_the_model(tmp_path, labelled):
    path = tmp_path / "out" / "agency.joblib"
    out, _err = run(
        "train",
        "--csv",
        str(labelled),
        "--text-column",
        "teks",
        "--label-column",
        "instansi",
        "--output",
        str(path),
    )
    assert "48 labelled rows, 3 labels." in out
    assert "Held-out" in out and "top-1" in out and "top-3" in out
    assert f"Wrote {path}" in out
    assert joblib.load(path)["labels"] == ["Aid", "Roads", "Rubbish"]


def test_train_reads_semicolons_and_a_bom(tmp_path):
    rows = [(i, t, y) for i, (t, y) in enumerate(zip(TEXTS, LABELS, strict=True))]
    source = write_csv(tmp_path / "excel.csv", rows, delimiter=";", bom=True)
    out, _ = run(
        "train",
        "--csv",
        str(source),
        "--label-column",
        "instansi",
        "--output",
        str(tmp_path / "m.joblib"),
    )
    assert "24 labelled rows, 3 labels." in out


def test_train_refuses_a_missing_column_and_lists_the_columns(tmp_path, labelled):
    with pytest.raises(CommandError, match=r"no column 'agency'; its columns: id, teks, instansi"):
        run(
            "train",
            "--csv",
            str(labelled),
            "--label-column",
            "agency",
            "--output",
            str(tmp_path / "m.joblib"),
        )


def test_train_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No file .*nowhere.csv"):
        run(
            "train",
            "--csv",
            str(tmp_path / "nowhere.csv"),
            "--label-column",
            "instansi",
            "--output",
            str(tmp_path / "m.joblib"),
        )


def test_train_refuses_a_single_label(tmp_path):
    source = write_csv(tmp_path / "one.csv", [(1, "jalan rusak", "Roads"), (2, "lubang", "Roads")])
    with pytest.raises(CommandError, match="at least two different labels"):
        run(
            "train",
            "--csv",
            str(source),
            "--label-column",
            "instansi",
            "--output",
            str(tmp_path / "m.joblib"),
        )


def test_train_from_a_csv_needs_an_output(labelled):
    with pytest.raises(CommandError, match="--csv needs --output"):
        run("train", "--csv", str(labelled), "--label-column", "instansi")


def test_predict_writes_one_row_per_input_row(tmp_path, model_file):
    source = write_csv(
        tmp_path / "in.csv",
        [(1, "jalan berlubang dekat pasar", ""), (2, "", ""), (3, "sampah tdk diangkut", "")],
    )
    output = tmp_path / "out.csv"
    out, err = run(
        "predict",
        "--model",
        str(model_file),
        "--csv",
        str(source),
        "--text-column",
        "teks",
        "--output",
        str(output),
    )
    assert "3/3 rows" in err
    assert f"Wrote 3 rows to {output}" in out
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "row,label1,score1,label2,score2,label3,score3"
    first = lines[1].split(",")
    assert first[0] == "1" and first[1] == "Roads"
    assert all(len(s.split(".")[1]) == 4 for s in first[2::2])
    assert sum(float(s) for s in first[2::2]) == pytest.approx(1.0, abs=1e-3)
    assert lines[2] == "2,,,,,,"
    assert lines[3].split(",")[:2] == ["3", "Rubbish"]
    assert len(lines) == 4


def test_predict_refuses_a_model_of_another_format(tmp_path):
    old = tmp_path / "old.joblib"
    joblib.dump({"format": 1}, old)
    source = write_csv(tmp_path / "in.csv", [(1, "jalan", "")])
    with pytest.raises(CommandError, match="train it again"):
        run(
            "predict",
            "--model",
            str(old),
            "--csv",
            str(source),
            "--output",
            str(tmp_path / "o.csv"),
        )


def test_predict_refuses_a_missing_model(tmp_path):
    source = write_csv(tmp_path / "in.csv", [(1, "jalan", "")])
    with pytest.raises(CommandError, match="No model file .*aduan triage train"):
        run(
            "predict",
            "--model",
            str(tmp_path / "none.joblib"),
            "--csv",
            str(source),
            "--output",
            str(tmp_path / "o.csv"),
        )


def test_predict_refuses_a_missing_text_column(tmp_path, model_file):
    source = write_csv(tmp_path / "in.csv", [(1, "jalan", "")])
    with pytest.raises(CommandError, match="no column 'text'; its columns: id, teks, instansi"):
        run(
            "predict",
            "--model",
            str(model_file),
            "--csv",
            str(source),
            "--text-column",
            "text",
            "--output",
            str(tmp_path / "o.csv"),
        )


def test_evaluate_prints_top_1_top_3_and_each_label(tmp_path, model_file):
    source = write_csv(
        tmp_path / "test.csv",
        [
            (1, "jalan rusak berlubang", "Roads"),
            (2, "jalan berlubang", "Roads"),
            (3, "sampah menumpuk", "Rubbish"),
            (4, "bansos belum cair", "Aid"),
        ],
    )
    out, _ = run(
        "evaluate", "--model", str(model_file), "--csv", str(source), "--label-column", "instansi"
    )
    assert "4 rows, 3 labels (0 rows with a label the model never saw)" in out
    assert "top-1 1.000" in out
    assert "top-3 1.000" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if "precision" in line)
    assert lines[header].split() == ["label", "precision", "recall", "F1", "support"]
    assert lines[header + 1].split() == ["Roads", "1.000", "1.000", "1.000", "2"]


def test_evaluate_as_json_limited_to_the_largest_labels(tmp_path, model_file):
    source = write_csv(
        tmp_path / "test.csv",
        [(1, "jalan rusak", "Roads"), (2, "jalan lubang", "Roads"), (3, "sampah", "Rubbish")],
    )
    out, _ = run(
        "evaluate",
        "--model",
        str(model_file),
        "--csv",
        str(source),
        "--label-column",
        "instansi",
        "--json",
        "--per-class",
        "1",
    )
    report = json.loads(out)
    assert report["rows"] == 3
    assert [c["label"] for c in report["classes"]] == ["Roads"]


def test_train_from_cases_reports_an_unknown_office(db):
    with pytest.raises(CommandError, match="No office with code 'nowhere'"):
        run("train", "--office", "nowhere")


def test_train_from_cases_trains_each_target_and_skips_thin_ones(db, office, monkeypatch):
    from aduan.triage import store

    if not hasattr(store, "train_office"):
        pytest.skip("aduan.triage.store.train_office is not there yet")
    calls = []

    class Model:
        version, samples, classes, metrics = 2, 120, 7, {"top1": 0.8, "top3": 0.9}

    def train_office(*, office, target, actor=None):
        calls.append((office.code, target))
        if target == "form":
            raise store.NotEnoughData("only 3 decided cases")
        return Model()

    monkeypatch.setattr(store, "train_office", train_office)
    out, _ = run("train", "--office", office.code)
    assert calls == [(office.code, t) for t in ("agency", "substance", "form", "channel")]
    assert f"{office.code} agency: version 2, 120 cases, 7 labels" in out
    assert f"{office.code} form: skipped, only 3 decided cases" in out
    assert "3 models trained, 1 skipped" in out


def test_place_columns_name_the_ward_in_predictions(tmp_path):
    rows = [(i, t, y) for i, (t, y) in enumerate(zip(TEXTS, LABELS, strict=True))]
    for i in range(8):
        rows += [(100 + i, f"surat kelurahan lambat {i}", "Kelurahan Mojo")]
        rows += [(200 + i, f"pelayanan kelurahan tutup {i}", "Kelurahan Ploso")]
    source = tmp_path / "wards.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "teks", "instansi", "kelurahan"])
        writer.writerows(
            (i, t, y, y.split()[-1] if y.startswith("Kel") else "Mojo") for i, t, y in rows
        )
    model = tmp_path / "m.joblib"
    run(
        "train",
        "--csv",
        str(source),
        "--label-column",
        "instansi",
        "--output",
        str(model),
        "--place-columns",
        "kelurahan",
    )
    question = tmp_path / "q.csv"
    question.write_text("teks,kelurahan\nsurat kelurahan lambat,Kebraon\n", encoding="utf-8")
    output = tmp_path / "o.csv"
    run("predict", "--model", str(model), "--csv", str(question), "--output", str(output))
    assert output.read_text().splitlines()[1].split(",")[:2] == ["1", "Kelurahan Kebraon"]
