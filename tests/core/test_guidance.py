"""`/guidance`: the corpus, the ranking, the replies and the CLI."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import tomllib

import numpy as np
import pytest
import regex

from discreet.bots.cli import main as cli_main
from discreet.core.findings import SECTIONS
from discreet.core.edits import within_one as _within_one
from discreet.core.guidance import GuidanceEngine, default_engine, stem, words
from discreet.core.policy import PolicyError, policy_root
from discreet.core.reply import Bullets, Paragraph
from discreet.core.semantic import ExampleIndex

ENGINE = default_engine()
DEV = Path(__file__).parents[3] / "shared/eval/guidance_dev.jsonl"
OWN = Path(__file__).parent / "guidance_questions.jsonl"
HOLDOUT = Path(__file__).parent / "guidance_holdout.jsonl"
TUNING = Path(__file__).parent / "guidance_tuning.jsonl"
OFFTOPIC = Path(__file__).parent / "guidance_offtopic.jsonl"
OFFTOPIC_HOLDOUT = Path(__file__).parent / "guidance_offtopic_holdout.jsonl"
UNTUNED = [Path(__file__).parent / f"guidance_untuned_{x}.jsonl" for x in "ab"]
OFFTOPIC_UNTUNED = Path(__file__).parent / "guidance_offtopic_untuned.jsonl"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ------------------------------------------------------------------ corpus


def test_every_section_present_and_non_empty():
    assert list(ENGINE.titles()) == list(SECTIONS)
    for sid in SECTIONS:
        s = ENGINE.sections[sid]
        assert s.title.strip() and s.blurb.strip(), sid
        assert s.paragraphs and all(p.strip() for p in s.paragraphs), sid
        assert 2 <= len(s.todo) <= 4, sid


ALLOWED_NUMBERS = {"2009", "2010", "2011", "700", "2.0"}


@pytest.mark.parametrize("sid", SECTIONS)
def test_corpus_has_no_extraction_damage(sid):
    s = ENGINE.sections[sid]
    for text in (s.title, *s.paragraphs, *s.todo):
        assert not regex.search(r"[„‟\uf0b7\ufffd]", text), (sid, text)
        assert text == text.strip() and "  " not in text and "\n" not in text, (sid, text)
        # footnote numbers: glued to a word or a full stop, or standing alone
        assert not regex.search(r"(?:(?<=[\p{L},;)])|(?<=\D\.))\d{1,2}\b", text), (sid, text)
        numbers = set(regex.findall(r"\d+(?:\.\d+)?", text))
        assert numbers <= ALLOWED_NUMBERS, (sid, numbers)
        # a stray letter left at the end of a paragraph ("... social media. Y")
        assert not regex.search(r"[.!?] \p{Lu}$", text), (sid, text)
    for text in (*s.paragraphs, *s.todo):
        assert text[-1] in ".?!”", (sid, text)  # sentences end; none is cut off


def test_examples_and_hpcsa_references_stay_with_their_sections():
    text = {sid: " ".join(ENGINE.sections[sid].paragraphs) for sid in SECTIONS}
    assert "civil servant" in text["privacy-settings"] and "hangover" in text["privacy-settings"]
    assert "flowers" in text["privacy-settings"] and "MDU Journal" in text["privacy-settings"]
    assert "Lying Down Game" in text["education-employment"]
    # each worked example is labelled and points at the paragraphs that tell it
    examples = {sid: [ENGINE.sections[sid].paragraphs[i] for i in sorted(ENGINE.sections[sid].example_paragraphs)]
                for sid in ("privacy-settings", "education-employment")}
    assert "civil servant" in examples["privacy-settings"][0] and "flowers" in examples["privacy-settings"][-1]
    assert "Lying Down Game" in examples["education-employment"][0]
    assert len(ENGINE.sections["privacy-settings"].examples) == 2
    for sid in ("patient-confidentiality", "conflicts-of-interest", "defamation", "professionalism"):
        assert "HPCSA" in text[sid], sid
    assert len(ENGINE.sections["benchmarks"].paragraphs) == 9
    assert len(ENGINE.sections["key-points"].paragraphs) == 8


# ------------------------------------------------------------------ menu and topics


def test_menu_lists_every_topic_and_how_to_ask():
    menu = ENGINE.menu()
    text = menu.plain_text()
    assert "/guidance <question>" in text and "/guidance <topic>" in text
    lines = next(b for b in menu.blocks if isinstance(b, Bullets)).items
    assert len(lines) == len(SECTIONS)
    for line, sid in zip(lines, SECTIONS):
        assert ENGINE.sections[sid].title in line and "\n" not in line


@pytest.mark.parametrize("question", ["", "   ", "help", "topics", "/guidance", "guidance"])
def test_empty_question_or_help_gives_the_menu(question):
    a = ENGINE.answer(question)
    assert a.section is None and a.how == "menu"
    assert a.reply == ENGINE.menu()


@pytest.mark.parametrize("question,sid", [
    ("defamation", "defamation"),
    ("friend requests", "friend-requests"),
    ("patient-confidentiality", "patient-confidentiality"),
    ("Key Points", "key-points"),
    ("the benchmarks", "benchmarks"),
    ("conflicts of interest", "conflicts-of-interest"),
    ("privacy", "privacy-settings"),
    ("Medical education and employment", "education-employment"),
    ("defamtion", "defamation"),  # a typo still opens the topic
])
def test_topic_names_open_their_section(question, sid):
    a = ENGINE.answer(question)
    assert (a.section, a.how) == (sid, "topic")


@pytest.mark.parametrize("sid", SECTIONS)
def test_every_menu_topic_and_id_and_title_opens_its_section(sid):
    s = ENGINE.sections[sid]
    for q in (s.topic, sid, s.title, f"/guidance {s.topic}"):
        assert ENGINE.answer(q).section == sid, q


# ------------------------------------------------------------------ no match


@pytest.mark.parametrize("question", [
    "what's the weather in durban tomorrow",
    "how do i reset my password",
    "recipe for banana bread",
    "dose of amoxicillin for a 5 year old",
    "best pizza near the hospital",
    "what time is the ward round",
    "is the canteen open",
    "asdfgh qwerty",
    "what?",
])
def test_not_covered_says_so_and_shows_the_menu(question):
    a = ENGINE.answer(question)
    assert a.section is None and a.how == "no_match"
    text = a.reply.plain_text()
    assert "Not covered" in a.reply.title and "does not seem to cover" in text
    for sid in SECTIONS:
        assert ENGINE.sections[sid].title in text


@pytest.mark.parametrize("question", [
    "how many days of leave can I carry over",
    "how many days of annual leave do I get",  # no word of the document: runners-up by meaning alone
    "what is the dose of amoxicillin for a 5 year old",
    "who is on call on saturday",
])
def test_not_covered_still_offers_the_runners_up(question):
    a = ENGINE.answer(question)
    assert a.section is None and len(a.alternatives) == 3 and len(set(a.alternatives)) == 3
    closest = next(b.text for b in a.reply.blocks if isinstance(b, Paragraph) and b.text.startswith("Closest"))
    for sid in a.alternatives:
        assert ENGINE.sections[sid].title in closest and f"/guidance {ENGINE.sections[sid].topic}" in closest
    assert [sid for sid, _ in ENGINE.rank(question)[:3]] == list(a.alternatives)


def test_gibberish_has_no_runners_up():
    a = ENGINE.answer("asdfgh qwerty")
    assert a.section is None and a.alternatives == ()
    assert not any(isinstance(b, Paragraph) and b.text.startswith("Closest") for b in a.reply.blocks)


def test_off_topic_questions_are_not_covered():
    """The calibration set sets the threshold (>= 90% there); the held-out
    off-topic set was not used to tune anything (90% there), nor was issue
    11's second-round set (95.5% there)."""
    for path, bar in ((OFFTOPIC, 0.90), (OFFTOPIC_HOLDOUT, 0.85), (OFFTOPIC_UNTUNED, 0.90)):
        rows = _rows(path)
        assert len(rows) >= 30 and all(r["section"] is None for r in rows)
        not_covered = sum(ENGINE.answer(r["question"]).section is None for r in rows)
        assert not_covered / len(rows) >= bar, (path.name, not_covered, len(rows))


# ------------------------------------------------------------------ typos and synonyms


@pytest.mark.parametrize("question,sid", [
    ("freind request from a patient", "friend-requests"),
    ("shuold i acept a facebok request from my patient", "friend-requests"),
    ("privcy setings on my acount", "privacy-settings"),
    ("is posting a case without consnet a confidentialty breach", "patient-confidentiality"),
    ("declaring sponsorhip on my blogg", "conflicts-of-interest"),
    ("derogatry coments about patients", "appropriate-discussion"),
])
def test_typos(question, sid):
    assert ENGINE.answer(question).section == sid


@pytest.mark.parametrize("question,sid", [
    ("can i get sued for what i say about a surgeon", "defamation"),
    ("my pt added me on fb", "friend-requests"),
    ("pics of me wasted at a party, will it hurt my job application", "education-employment"),
    ("pharma pays for my trips, do I mention it when I post", "conflicts-of-interest"),
    ("should my insta be locked", "privacy-settings"),
    ("can the council strike me off over my tweets", "professionalism"),
    ("tl;dr please", "key-points"),
])
def test_everyday_words_and_platform_names(question, sid):
    assert ENGINE.answer(question).section == sid


def test_a_phrase_stands_for_its_expansion():
    q = ENGINE.parse("once I post it can I take it back")
    assert "back" not in q.terms and stem("delete") in q.terms  # not "traced back" (defamation)
    assert ENGINE.answer("once I post it can I take it back").section == "privacy-settings"
    assert ENGINE.answer("could people work out who the patient is from my post").section == "patient-confidentiality"


def test_synonyms_only_add_words():
    q = ENGINE.parse("fb")
    assert {"fb", stem("facebook")} <= set(q.terms)
    assert q.terms["fb"] > q.terms[stem("facebook")]


def test_stemmer_joins_inflections():
    assert {stem(w) for w in ("post", "posts", "posted", "posting")} == {"post"}
    assert len({stem(w) for w in ("defame", "defamation", "defamatory")}) == 1
    assert len({stem(w) for w in ("identify", "identified", "identifiable", "identifying")}) == 1
    assert stem("employer") == stem("employment") == stem("employers")
    assert stem("patient's") == stem("patients") == stem("patient")
    assert stem("confidentiality") == stem("confidential")
    assert stem("name") == stem("naming") == stem("named")
    assert stem("anonymously") == stem("anonymous") == stem("anonymity")


def test_edit_distance_one():
    assert _within_one("freind", "friend")  # transposition
    assert _within_one("privcy", "privacy")  # deletion
    assert _within_one("faceboook", "facebook")  # insertion
    assert _within_one("defanation", "defamation")  # substitution
    assert not _within_one("firned", "friend")  # two swaps
    assert not _within_one("round", "founds")


def test_typo_correction_does_not_change_the_first_letter():
    assert ENGINE.correct("freind") == "friend"
    assert ENGINE.correct("round") is None  # not "found"


# ------------------------------------------------------------------ the reply


def test_answer_reply_quotes_the_best_sentences_then_what_to_do():
    a = ENGINE.answer("patient looked me up online and started sending flowers")
    assert a.section == "privacy-settings" and a.reply.title == a.title == "Privacy and personal information"
    quotes = [b.text for b in a.reply.blocks if isinstance(b, Paragraph)]
    assert any("flowers" in t for t in quotes)
    assert any("attempted to contact the doctor" in t for t in quotes)  # the sentence after, for context
    bullets = [b for b in a.reply.blocks if isinstance(b, Bullets)]
    assert bullets == [Bullets(ENGINE.sections["privacy-settings"].todo)]
    sentences = sum(t.count(". ") + 1 for t in quotes[:-1])
    assert 1 <= sentences <= 4


def test_answer_names_the_runners_up():
    question = "can i post a photo of a patient on facebook"
    a = ENGINE.answer(question)
    assert len(a.alternatives) == 2, "an answer always offers the next two sections"
    last = a.reply.blocks[-1]
    assert isinstance(last, Paragraph) and last.text.startswith("Also close:")
    for sid in a.alternatives:
        assert ENGINE.sections[sid].title in last.text
    assert a.section not in a.alternatives
    assert [a.section, *a.alternatives] == [sid for sid, _ in ENGINE.rank(question)[:3]]


def test_friend_request_answer_gives_the_recommendation():
    a = ENGINE.answer("a patient sent me a friend request, what should I do")
    assert a.section == "friend-requests"
    assert "politely refuse" in a.reply.plain_text()


def test_summary_question_gets_every_key_point():
    a = ENGINE.answer("give me the gist")
    assert a.section == "key-points"
    text = a.reply.plain_text()
    for point in ENGINE.sections["key-points"].paragraphs:
        assert point in text


def test_answer_to_dict_for_json():
    d = ENGINE.answer("can i be sued for a tweet about a colleague").to_dict()
    assert set(d) == {"section", "title", "score", "alternatives"}
    assert d["section"] == "defamation" and d["title"] == "Defamation" and d["score"] > 0


# ------------------------------------------------------------------ accuracy bars


def _scores(rows):
    top1 = sum(ENGINE.answer(r["question"]).section == r["section"] for r in rows)
    top3 = sum(r["section"] in [sid for sid, _ in ENGINE.rank(r["question"])[:3]] for r in rows)
    return top1 / len(rows), top3 / len(rows)


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not present")
def test_dev_set_accuracy_bars():
    rows = _rows(DEV)
    assert all(r["section"] in SECTIONS for r in rows)
    top1, top3 = _scores(rows)
    assert top1 >= 0.95 and top3 == 1.0, (top1, top3)


def test_held_out_question_set_accuracy_bars():
    """Written as another persona before any tuning: 76.4% top-1 and 91.8%
    top-3 with BM25F alone; 88.2% and 97.3% with the fused rankers; 96.4%
    and 100% once the classifier also read the question's terms."""
    rows = _rows(HOLDOUT)
    assert len(rows) >= 100 and {r["section"] for r in rows} == set(SECTIONS)
    top1, top3 = _scores(rows)
    assert top1 >= 0.92 and top3 >= 0.98, (top1, top3)


def test_probe_question_set_accuracy_bars():
    """Terse questions written after all tuning, never tuned on: 72.7% top-1,
    90.9% top-3 with BM25F alone; 81.8% and 93.9% with the fused rankers
    (78.8% and 93.9% once the kNN vote joined the classifier; 93.9% and 97.0%
    once the classifier also read the question's terms)."""
    rows = _rows(Path(__file__).parent / "guidance_probe.jsonl")
    assert len(rows) >= 30 and {r["section"] for r in rows} == set(SECTIONS)
    top1, top3 = _scores(rows)
    assert top1 >= 0.85 and top3 >= 0.93, (top1, top3)


@pytest.mark.parametrize("path", UNTUNED, ids=lambda p: p.stem)
def test_untuned_question_sets_accuracy_bars(path):
    """Issue 11, second round: a set written before any change of that round
    (90.0% top-1, 96.7% top-3 before, 96.7% and 98.3% after) and one written
    after its last change (89.1% / 98.2% on the first round's engine, 97.3% /
    100% on this one); neither tuned on."""
    rows = _rows(path)
    assert len(rows) >= 100 and {r["section"] for r in rows} == set(SECTIONS)
    top1, top3 = _scores(rows)
    assert top1 >= 0.92 and top3 >= 0.97, (top1, top3)


def test_tuning_question_set_accuracy_bars():
    """Formal questions written after the first version, to tune on: 75.8%
    top-1 then."""
    rows = _rows(TUNING)
    assert len(rows) >= 60 and {r["section"] for r in rows} == set(SECTIONS)
    top1, top3 = _scores(rows)
    assert top1 >= 0.88 and top3 >= 0.95, (top1, top3)


def test_own_question_set_accuracy_bars():
    rows = _rows(OWN)
    assert len(rows) >= 40 and all(r["section"] in SECTIONS for r in rows)
    assert {r["section"] for r in rows} == set(SECTIONS)
    top1, top3 = _scores(rows)
    assert top1 >= 0.93 and top3 >= 0.99, (top1, top3)


# ------------------------------------------------------------------ semantic ranker


EMB = ENGINE.semantic.embeddings


def test_word_pieces_split_unknown_words_into_known_pieces():
    assert len(EMB.pieces("patient")) == 1
    long = EMB.pieces("unfriending")
    assert len(long) >= 2  # no whole-word vector: built from pieces ("un", "##friend", ...)
    assert EMB.ids("Unfriending!") == list(long)  # lower-cased, punctuation dropped
    assert EMB.ids("café") == EMB.ids("cafe")  # accents stripped, as the model's tokenizer does
    assert EMB.embed("1234 !!") is None  # nothing with a vector


def test_embeddings_put_related_words_closer_than_unrelated_ones():
    def cos(a, b):
        return float(EMB.embed(a) @ EMB.embed(b))
    assert cos("lawsuit", "sued") > cos("lawsuit", "photograph")
    assert cos("sponsorship", "paid promotion") > cos("sponsorship", "privacy settings")
    assert cos("my patient wants to be friends", "friend request from a patient") > cos(
        "my patient wants to be friends", "a bad review of my hospital")


@pytest.mark.parametrize("question,sid", [
    # first-person scenarios that share little wording with their section's text
    ("a pharmacy chain pays me and I keep mentioning their brand in my videos", "conflicts-of-interest"),
    ("my ex patient keeps trying to add me", "friend-requests"),
    ("the man I treated for chest pain found my profile and knows where I live", "privacy-settings"),
])
def test_semantic_ranker_alone_finds_the_section(question, sid):
    scores, _ = ENGINE.semantic.scores(question)  # the classifier
    assert max(scores, key=scores.get) == sid
    votes, _ = ENGINE.semantic.knn(question)  # the nearest examples
    assert max(votes, key=votes.get) == sid


def _plain(q: str) -> str:
    return " ".join(w.lower() for w in regex.findall(r"\w+", q))


def test_examples_are_many_per_section_and_not_copied_from_evaluation_sets():
    examples = tomllib.loads((policy_root() / "guidance" / "examples.toml").read_text(encoding="utf-8"))
    per_section = examples["examples"]
    assert set(per_section) == set(SECTIONS)
    assert all(len(v) >= 25 for v in per_section.values()), {k: len(v) for k, v in per_section.items()}
    assert len(examples["not_covered"]["examples"]) >= 40
    mine = {_plain(q) for v in [*per_section.values(), examples["not_covered"]["examples"]] for q in v}
    for path in (DEV, OWN, HOLDOUT, TUNING, Path(__file__).parent / "guidance_probe.jsonl", OFFTOPIC,
                 OFFTOPIC_HOLDOUT, *UNTUNED, OFFTOPIC_UNTUNED):
        if path.exists():
            for r in _rows(path):
                assert _plain(r["question"]) not in mine, r


def test_embedding_table_is_small_and_needs_numpy_only():
    table = policy_root() / "guidance" / "embeddings.npz"
    assert table.stat().st_size < 5_000_000
    code = ("import sys; from discreet.core.guidance import default_engine; "
            "default_engine().answer('my patient added me on facebook'); "
            "print(','.join(m for m in ('torch', 'transformers', 'tokenizers', 'model2vec', 'sklearn') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_bm25_alone_still_answers_without_the_semantic_ranker():
    bm25 = GuidanceEngine(list(ENGINE.sections.values()), {" ".join(k): v for k, v in ENGINE.synonyms.items()},
                          ENGINE.stopwords, ENGINE.settings, ENGINE.menu_words)
    assert bm25.semantic is None
    assert bm25.answer("a patient sent me a friend request on facebook").section == "friend-requests"
    assert bm25.answer("recipe for banana bread").section is None


def test_ridge_classifier_over_the_examples():
    examples = {"a": ["my patient sent me a friend request", "a patient wants to connect with me"],
                "b": ["can I be sued for a review", "a lawsuit over my comment"]}
    idx = ExampleIndex(EMB, examples, ["what is the dose of paracetamol", "how much ibuprofen can I take"],
                       ridge=0.3)
    scores, none = idx.scores("a patient wants to add me as a friend")
    assert scores["a"] > scores["b"] and scores["a"] > none
    scores, none = idx.scores("paracetamol dose for an adult")
    assert none > max(scores.values())


def test_shipped_classifier_is_fitted_to_the_shipped_examples():
    """classifier.npz saves fitting at load; after editing the examples, run
    benchmarks/guidance_fit.py."""
    assert ENGINE.semantic.prefitted, "classifier.npz is stale: run benchmarks/guidance_fit.py"
    fresh = GuidanceEngine.load(prefitted=False).semantic
    assert not fresh.prefitted and np.allclose(fresh.ridge, ENGINE.semantic.ridge, atol=1e-4)
    # the lexical vocabulary and its idf are saved with the weights, in column order
    assert fresh.vocab == ENGINE.semantic.vocab and len(fresh.vocab) > 500
    assert np.allclose(fresh.term_idf, ENGINE.semantic.term_idf)


def test_classifier_sees_the_questions_terms():
    """Beside the embedding, the classifier reads the question's stems (and
    synonym expansions): words that only the examples use move the answer."""
    examples = {"a": ["my patient sent me a friend request", "a patient wants to connect with me"],
                "b": ["can I be sued for a review", "a lawsuit over my comment"]}
    def bag(text):
        return {w: 1.0 for w in text.lower().split()}
    plain = ExampleIndex(EMB, examples, ["what is the dose of paracetamol"], ridge=0.3)
    lexical = ExampleIndex(EMB, examples, ["what is the dose of paracetamol"], ridge=0.3, analyzer=bag, lexical=1.0)
    assert lexical.vocab and not plain.vocab and lexical.ridge.shape[0] == EMB.dims + len(lexical.vocab) + 1
    q = "connect over a comment"  # one word of each side: the terms decide with the embedding
    assert lexical.scores(q) == lexical.scores(q, bag(q))  # terms given or analysed: the same
    only_terms = lexical.scores("zzzz sued")[0]  # "sued" is an example's term
    assert only_terms["b"] > only_terms["a"]
    # the shipped engine: its analyser is BM25's parser, stems and synonyms
    assert ENGINE.semantic.lexical > 0 and "sponsor" in ENGINE.semantic.vocab


def test_stale_classifier_is_not_used(tmp_path):
    root = _copy_corpus(tmp_path)
    f = root / "examples.toml"
    f.write_text(f.read_text(encoding="utf-8").replace("\nbenchmarks = [\n", "\nbenchmarks = [\n  \"a new example\",\n"),
                 encoding="utf-8")
    engine = GuidanceEngine.load(root)
    assert not engine.semantic.prefitted and engine.semantic.ridge is not None
    assert engine.answer("a patient sent me a friend request on facebook").section == "friend-requests"


def test_example_index_votes_by_nearest_examples():
    idx = ExampleIndex(EMB, {"a": ["my patient sent me a friend request"], "b": ["can I be sued for a review"]},
                       ["what is the dose of paracetamol"], k=1)
    scores, none = idx.scores("a patient wants to add me as a friend")
    assert scores["a"] > scores["b"] and scores["a"] > none
    scores, none = idx.scores("how much paracetamol for an adult")
    assert none > max(scores.values())
    assert idx.scores("1234") == ({"a": 0.0, "b": 0.0}, 0.0)


def test_typos_are_corrected_before_the_semantic_ranker():
    assert ENGINE.parse("what counts as defamtion").text == "what counts as defamation"


@pytest.mark.parametrize("typo,word", [
    ("liel", "libel"), ("hpca", "hpcsa"),  # four letters
    ("recruitrs", "recruiters"), ("influencr", "influencer"),  # words only the examples use
])
def test_typos_of_short_words_and_of_the_examples_words(typo, word):
    assert ENGINE.parse(f"{typo} online").text == f"{word} online"


def test_real_words_are_not_corrected():
    # "bread" is one letter from "break", "song" from "son": words, not typos
    for q in ("how to bake bread", "a song for my son"):
        assert ENGINE.parse(q).text == " ".join(words(q))
    # nor are the examples' words that the table lacks ("quack" is not "quick")
    for q in ("calling someone a quack", "what time is the morning handover", "going online as a medic"):
        assert ENGINE.parse(q).text == " ".join(words(q))


def test_a_strong_bm25_match_is_not_enough_when_the_classifier_says_not_covered():
    # "ECG" is the document's word (a patient's heart tracing); nothing else is
    assert max(ENGINE.rank("what is the ecg sign of hyperkalaemia"), key=lambda x: x[1])[1] > 0
    assert ENGINE.answer("what is the ecg sign of hyperkalaemia").section is None


@pytest.mark.parametrize("question, sid", [
    ("who wrote this and why", "introduction"),
    ("what's this document", "introduction"),
    ("condense it into a few bullets", "key-points"),
])
def test_a_clear_meaning_answers_without_any_word_of_the_document(question, sid):
    # no word of these questions is the document's, nor a synonym of one
    assert max(score for _, score in ENGINE._rank(ENGINE.parse(question))) == 0
    assert ENGINE.answer(question).section == sid


@pytest.mark.parametrize("question", ["how many days of annual leave do I get", "who won the rugby",
                                      "asdfgh qwerty", "zorbly fleeb"])
def test_without_a_word_of_the_document_off_topic_and_gibberish_stay_not_covered(question):
    assert max(score for _, score in ENGINE._rank(ENGINE.parse(question))) == 0
    assert ENGINE.answer(question).section is None


# ------------------------------------------------------------------ loading


def _copy_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "guidance"
    shutil.copytree(policy_root() / "guidance", root)
    return root


def test_answers_need_no_files_after_load(tmp_path):
    root = _copy_corpus(tmp_path)
    engine = GuidanceEngine.load(root)
    shutil.rmtree(root)
    assert engine.answer("my patient sent me a friend request").section == "friend-requests"


def test_missing_section_names_file_and_section(tmp_path):
    root = _copy_corpus(tmp_path)
    f = root / "sections.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('id = "defamation"', 'id = "nonsense"'), encoding="utf-8")
    with pytest.raises(PolicyError) as e:
        GuidanceEngine.load(root)
    assert "sections.toml" in str(e.value) and "nonsense" in str(e.value)


def test_alias_opening_two_sections_is_rejected(tmp_path):
    root = _copy_corpus(tmp_path)
    f = root / "sections.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('"libel", "legal risk"]', '"libel", "privacy"]'),
                 encoding="utf-8")
    with pytest.raises(PolicyError, match="privacy"):
        GuidanceEngine.load(root)


def test_example_pointing_outside_the_text_is_rejected(tmp_path):
    root = _copy_corpus(tmp_path)
    f = root / "sections.toml"
    f.write_text(f.read_text(encoding="utf-8").replace("paragraphs = [6]", "paragraphs = [60]"), encoding="utf-8")
    with pytest.raises(PolicyError, match="examples"):
        GuidanceEngine.load(root)


def test_bad_ranking_setting_is_rejected(tmp_path):
    root = _copy_corpus(tmp_path)
    f = root / "sections.toml"
    f.write_text(f.read_text(encoding="utf-8").replace("k1 = 1.6", 'k1 = "high"'), encoding="utf-8")
    with pytest.raises(PolicyError, match="ranking.k1"):
        GuidanceEngine.load(root)


def test_missing_embedding_table_is_reported(tmp_path):
    root = _copy_corpus(tmp_path)
    (root / "embeddings.npz").unlink()
    with pytest.raises(PolicyError, match="embeddings.npz"):
        GuidanceEngine.load(root)


def test_examples_for_an_unknown_section_are_rejected(tmp_path):
    root = _copy_corpus(tmp_path)
    f = root / "examples.toml"
    f.write_text(f.read_text(encoding="utf-8").replace("\nbenchmarks = [", "\nbenchmark = ["), encoding="utf-8")
    with pytest.raises(PolicyError, match="examples"):
        GuidanceEngine.load(root)


def test_bad_synonym_entry_is_rejected(tmp_path):
    root = _copy_corpus(tmp_path)
    f = root / "synonyms.toml"
    f.write_text(f.read_text(encoding="utf-8") + '\nzzz = "not a list"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match="synonyms.zzz"):
        GuidanceEngine.load(root)


def test_core_guidance_imports_no_platform_or_database():
    code = ("import sys, core.guidance; "
            "print(','.join(m for m in ('slack_bolt', 'telegram', 'aiosqlite', 'discreet.bots') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parents[2])
    assert out.stdout.strip() == ""


# ------------------------------------------------------------------ CLI


def test_cli_json(capsys):
    assert cli_main(["guidance", "--json", "should i accept facebook requests from ex patients"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["section"] == "friend-requests" and d["title"] == "Facebook friend requests"
    assert isinstance(d["score"], float) and isinstance(d["alternatives"], list)


def test_cli_plain_text_and_menu(capsys):
    assert cli_main(["guidance", "can", "I", "be", "sued?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Defamation\n") and "What to do:" in out
    assert cli_main(["guidance"]) == 0
    assert "/guidance <topic>" in capsys.readouterr().out
    assert cli_main(["guidance", "--json", "recipe for banana bread"]) == 0
    assert json.loads(capsys.readouterr().out)["section"] is None
