"""The routing classifier: Indonesian text as people write it, training, prediction with its
reasons, files of its own format only."""

import csv
import hashlib

import joblib
import numpy as np
import pytest

from aduan.triage import classifier as clf
from tests.conftest import shared_file

# Invented reports, re-written for the tests: three agencies, slang and old spelling mixed in.
ROADS = [
    "jalan rusak berlubang di depan rumah mohon diperbaiki",
    "jln berlubang besar yg bahaya utk motor",
    "aspal jalan mengelupas dan berlubang sdh 2 bln",
    "jalan rusak parah tidak pernah diperbaiki",
    "lubang di jalan raya membahayakan pengendara",
    "perbaikan jalan berlubang belum selesai",
    "jalan kampung rusak dan berlubang mohon diaspal",
    "djalan berloebang dekat sekolah",
]
RUBBISH = [
    "sampah menumpuk tidak diangkut petugas",
    "tumpukan sampah bau di pinggir sungai",
    "truk sampah tdk datang sdh seminggu",
    "sampah rumah tangga belum diambil",
    "tempat pembuangan sampah penuh dan bau",
    "sampah berserakan di taman kota",
    "mohon sampah di gang diangkut",
    "bau sampah menyengat dari tps",
]
AID = [
    "bantuan sosial belum cair untuk keluarga saya",
    "bansos tidak tepat sasaran",
    "saya tdk terdaftar penerima bantuan",
    "pencairan bantuan sosial terlambat",
    "data penerima bansos salah",
    "mohon bantuan sembako untuk lansia",
    "bantuan tunai belum diterima",
    "kartu bantuan sosial hilang",
]
TEXTS = ROADS + RUBBISH + AID
LABELS = ["Roads"] * len(ROADS) + ["Rubbish"] * len(RUBBISH) + ["Aid"] * len(AID)


@pytest.fixture(scope="module")
def model():
    return clf.train(TEXTS, LABELS, source="invented")


def test_normalise_maps_slang_and_abbreviations():
    assert clf.normalise("Mhn yg tdk gk sdh") == "mohon yang tidak tidak sudah"


def test_normalise_folds_the_old_spelling():
    assert clf.normalise("Djalan tjepat roesak") == "jalan cepat rusak"


def test_normalise_keeps_placeholders_as_words():
    assert clf.normalise("saya [NAMA], hp [TELEPON]") == (
        "saya namaplaceholder hp teleponplaceholder"
    )


def test_normalise_drops_emoji_and_collapses_repeated_letters():
    assert clf.normalise("Tolooong 😡😡 rusaaak!!!") == "tolong rusak"


def test_normalise_reads_a_literal_backslash_n_as_a_space():
    assert clf.normalise("jalan\\nrusak") == "jalan rusak"


def test_prediction_ranks_three_labels_with_probabilities(model):
    top = model.predict("jalan berlubang di depan sekolah", k=3)
    assert top[0].label == "Roads"
    assert len(top) == 3
    assert sorted(p.label for p in top) == ["Aid", "Roads", "Rubbish"]
    assert top[0].score >= top[1].score >= top[2].score
    assert sum(p.score for p in top) == pytest.approx(1.0, abs=1e-4)


def test_prediction_understands_slang(model):
    assert model.predict("smpah tdk diangkut sdh lama bau bgt", k=1)[0].label == "Rubbish"


def test_prediction_names_the_words_that_drove_it(model):
    best = model.predict("sampah menumpuk di pinggir jalan", k=1, explain=3)[0]
    assert best.label == "Rubbish"
    assert "sampah" in best.words


def test_a_two_label_model_explains_too():
    two = clf.train(ROADS + RUBBISH, ["Roads"] * 8 + ["Rubbish"] * 8)
    best = two.predict("sampah bau", k=2, explain=3)
    assert best[0].label == "Rubbish"
    assert "sampah" in best[0].words
    assert best[1].label == "Roads"


def test_training_needs_two_labels():
    with pytest.raises(ValueError, match="at least two different labels"):
        clf.train(ROADS, ["Roads"] * len(ROADS))


def test_save_and_load_give_the_same_suggestions(model, tmp_path):
    path = tmp_path / "m" / "agency.joblib"
    model.save(path)
    again = clf.Classifier.load(path)
    text = "bantuan sosial belum cair"
    assert [(p.label, round(p.score, 6)) for p in again.predict(text)] == [
        (p.label, round(p.score, 6)) for p in model.predict(text)
    ]
    assert again.meta["method"] == clf.METHOD
    assert again.meta["source"] == "invented"


def test_a_model_of_the_previous_format_is_read_as_the_svm_alone(model, tmp_path):
    path = tmp_path / "format2.joblib"
    joblib.dump(
        {
            "format": 2,
            "features": model.features,
            "weights": model.weights,
            "intercept": model.intercept,
            "calibration": model.calibration,
            "labels": model.labels,
            "meta": {**model.meta, "method": "tfidf-word-char+linearsvc+sigmoid"},
        },
        path,
    )
    old = clf.Classifier.load(path)
    assert old.nb_weights is None
    x = model.features.transform([clf.normalise("bantuan sosial belum cair")])
    assert np.allclose(old.probabilities(x), clf.calibrated(model.margins(x), model.calibration))
    assert (
        old.predict("bantuan sosial belum cair")[0].label
        == model.predict("bantuan sosial belum cair")[0].label
    )


def test_naive_bayes_gives_a_second_opinion_and_the_blend_is_calibrated_again():
    model = clf.train(TEXTS * 3, LABELS * 3)
    assert model.nb_weights is not None and model.nb_weights.shape == model.weights.shape
    assert model.meta["sharpness"] != 1.0  # fitted on the held-out rows
    x = model.features.transform([clf.normalise("jalan berlubang")])
    probabilities = model.probabilities(x)
    assert np.isclose(probabilities.sum(), 1.0)
    svm = clf.calibrated(model.margins(x), model.calibration)
    assert not np.allclose(np.log(probabilities), np.log(svm))


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "old.joblib"
    joblib.dump({"format": 1, "model": None}, path)
    with pytest.raises(clf.ModelFormatError, match="train it again"):
        clf.Classifier.load(path)


def test_a_file_that_is_no_model_is_refused(tmp_path):
    path = tmp_path / "notes.joblib"
    path.write_text("not a model")
    with pytest.raises(clf.ModelFormatError, match="train it again"):
        clf.Classifier.load(path)


def test_evaluate_gives_top_k_and_per_label_figures(model):
    report = clf.evaluate(model, ["jalan rusak", "sampah bau", "bansos belum cair"], LABELS[::8])
    assert report["rows"] == 3
    assert report["top1"] == 1.0
    assert report["top3"] == 1.0
    assert {c["label"] for c in report["classes"]} == {"Roads", "Rubbish", "Aid"}
    assert all(c["support"] == 1 and c["f1"] == 1.0 for c in report["classes"])


def test_confidences_are_calibrated_on_held_out_rows():
    texts = TEXTS * 3
    labels = LABELS * 3
    model = clf.train(texts, labels)
    assert model.calibration != clf.DEFAULT_CALIBRATION
    assert model.predict("jalan berlubang", k=1)[0].score > 0.5


@pytest.mark.shared_data
def test_surabaya_agencies_are_routed_well_above_chance():
    """A modest subset of the real complaints (2,500 rows to train, 500 held out by a hash of
    the id): top-3 well above what the largest agencies alone would give."""
    path = shared_file("surabaya-keluhan-2022-2023.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["instansi"].strip()]
    rows.sort(key=lambda r: int(r["id"]))

    def held(r):
        return int(hashlib.md5(r["id"].encode()).hexdigest(), 16) % 5 == 0

    train_rows = [r for r in rows if not held(r)][:2500]
    test_rows = [r for r in rows if held(r)][:500]
    model = clf.train([r["teks"] for r in train_rows], [r["instansi"] for r in train_rows])
    top1, top3 = clf.top_k_accuracy(
        model, [r["teks"] for r in test_rows], [r["instansi"] for r in test_rows]
    )
    assert top1 > 0.6
    assert top3 > 0.75


# Invented: complaints handled by the ward office of the place they are about.
WARDS = [
    ("Mojo", "kantor kelurahan lambat melayani surat"),
    ("Kebraon", "surat pengantar rt"),
    ("Ploso", "pelayanan kelurahan tutup"),
]


def ward_rows():
    texts, labels, places = [], [], []
    for i in range(6):
        for ward, text in WARDS:
            texts.append(f"{text} {i}")
            labels.append(f"Kelurahan {ward}")
            places.append([ward])
    texts += TEXTS
    labels += LABELS
    places += [["Mojo"]] * len(TEXTS)
    return texts, labels, places


def test_labels_that_name_a_place_are_named_from_the_reports_place():
    texts, labels, places = ward_rows()
    model = clf.train(texts, labels, places=places, place_columns=["kelurahan"])
    assert "@Kelurahan@kelurahan" in model.labels
    assert "Kelurahan Mojo" not in model.labels
    best = model.predict("pelayanan surat di kantor kelurahan lambat", k=3, place=["Kebraon"])
    assert best[0].label == "Kelurahan Kebraon"
    assert len({p.label for p in best}) == 3


def test_without_a_place_the_text_names_it_or_the_commonest_is_given():
    texts, labels, places = ward_rows()
    model = clf.train(texts, labels, places=places, place_columns=["kelurahan"])
    assert model.predict("surat kelurahan ploso lambat", k=1)[0].label == "Kelurahan Ploso"
    default = model.meta["places"]["groups"]["@Kelurahan@kelurahan"]["default"]
    assert model.predict("surat kantor kelurahan lambat", k=1)[0].label == default
