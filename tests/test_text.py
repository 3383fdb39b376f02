"""LaTeX decoding, ASCII folding and the citation-key rule."""

from __future__ import annotations

import pytest

from survey_site.text import (
    citation_key_base,
    first_significant_word,
    key_matches_rule,
    latex_to_text,
    normalized_title,
)

from .helpers import bibtexparser_names


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Daum{\'e}", "Daumé"),
        (r"Daum\'e", "Daumé"),
        (r"Daum\'{e}", "Daumé"),
        (r"{\"O}zg{\"u}r", "Özgür"),
        (r"\c{C}elikyilmaz", "Çelikyilmaz"),
        (r"Ko{\v{c}}isk{\'y}", "Kočiský"),
        (r"\L{}ukasz", "Łukasz"),
        (r"Caf\'{\i}", "Cafí"),
        (r"Stra{\ss}e", "Straße"),
        (r"{\o}ystein", "øystein"),
        (r"A \& B, 50\%", "A & B, 50%"),
        (r"{RLHF}: a {GPT}-3 study", "RLHF: a GPT-3 study"),
        ("pages 1--2 and 3---4", "pages 1–2 and 3—4"),
        (r"\emph{Hello} world", "Hello world"),
        ("Plain title", "Plain title"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_key_base_follows_design_rule() -> None:
    assert (
        citation_key_base("Ouyang", "2022", "Training Language Models to Follow Instructions") == "ouyang2022training"
    )
    # particles stay with the family name; accents fold to ASCII; stopwords are skipped
    assert (
        citation_key_base("van Wynsberghe", "2021", "Sustainable {AI}: AI for sustainability")
        == "vanwynsberghe2021sustainable"
    )
    assert citation_key_base(r"Daum{\'e}", "2021", "Toward Gender-Inclusive Coreference") == "daume2021toward"
    assert citation_key_base("{OpenAI}", "2023", "Introducing Superalignment") == "openai2023introducing"
    assert first_significant_word("On the Dangers of Stochastic Parrots") == "dangers"
    assert first_significant_word("“I’m sorry to hear that”: Finding New Biases") == "im"


def test_collision_suffixes() -> None:
    assert key_matches_rule("smith2020deep", "smith2020deep")
    assert key_matches_rule("smith2020deepb", "smith2020deep")
    assert not key_matches_rule("smith2020deepa", "smith2020deep")
    assert not key_matches_rule("smith2020deepbb", "smith2020deep")


def test_normalized_title_ignores_case_braces_and_punctuation() -> None:
    assert normalized_title("{TruthfulQA}: Measuring How Models Mimic Human Falsehoods") == normalized_title(
        "TruthfulQA - measuring how models mimic human falsehoods!"
    )
    # the same title in NFC and NFD is the same title
    assert normalized_title("Caf\u00e9 models") == normalized_title("Cafe\u0301 models")


@pytest.mark.parametrize(
    "names",
    [
        "Ouyang, Long and Wu, Jeff",
        "van Wynsberghe, Aimee and de la Fuente, Juan Carlos",
        "Daum{\\'e}, III, Hal",
        "{OpenAI} and Leike, Jan",
        "Smith, J. and others",
        "Tram{\\`e}r, Florian and Rocktäschel, Tim",
        "Kramár, János and di Langosco, Lauro Langosco",
        "'t Hooft, Gerard and van der Berg, Jan",  # the case of a word is its first letter's
        "van Der berg Smith, Jan",  # von runs to the last lower-case word
        "Smith, Jane AND Doe, John\tand\nRoe, Richard",  # `and` in any case, between any BibTeX space
        "Smith--Jones, Ann and Li, Wei and 李, 小龙",  # text decoded; a letter without case is lower
        'van~Beethoven, Ludwig and {Barnes and Noble} and M{\\"u}ller, Hans',  # a tie, braces, an escape
        "Doe Jr, John and Doe, Jr., John",
        "Ludwig van Beethoven and Jean de la Fontaine and John Smith doe and 王 小龙 Li",  # First von Last
        'Carlos Kr{\\"a}mer and Yan Rodr{\\\'i}guez and G\\"odel, Kurt',
    ],
)
def test_fast_name_path_agrees_with_bibtexparser(names: str) -> None:
    from survey_site.decode import parse_authors

    assert parse_authors(names) == bibtexparser_names(names)


@pytest.mark.parametrize(
    ("venue", "short"),
    [
        ("Advances in Neural Information Processing Systems", "NeurIPS"),
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", "Findings of EMNLP"),
        ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics", "ACL"),
        ("Conference on Language Modeling", "COLM"),
        ("30th USENIX Security Symposium (USENIX Security 21)", "USENIX Security"),
        ("Proceedings of the IEEE/CVF International Conference on Computer Vision (ICCV)", "ICCV"),
        ("Proceedings of the 26th International Conference on World Wide Web Companion", "WWW"),
        ("Proceedings of the 2018 CHI Conference on Human Factors in Computing Systems", "CHI"),
        ("Proceedings of The 27th International Conference on Artificial Intelligence and Statistics", "AISTATS"),
        ("Proceedings 2024 Network and Distributed System Security Symposium", "NDSS"),
        ("IEEE Conference on Secure and Trustworthy Machine Learning (SaTML)", "SaTML"),
        ("Proceedings of the International AAAI Conference on Web and Social Media", "ICWSM"),
        ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
        ("Proceedings of the NAACL Student Research Workshop", "NAACL SRW"),
        ("Proceedings of the National Academy of Sciences", "PNAS"),
        ("Minds and Machines", "Minds and Machines"),  # a journal already reads as its name
    ],
)
def test_venues_read_as_readers_write_them(venue: str, short: str) -> None:
    from survey_site.decode import short_venue

    assert short_venue(venue, "inproceedings", has_arxiv=False) == short


def test_a_paper_without_a_venue_is_arxiv_or_web() -> None:
    from survey_site.decode import short_venue

    assert short_venue("", "article", has_arxiv=True) == "arXiv"
    assert short_venue("", "misc", has_arxiv=False) == "Web"
