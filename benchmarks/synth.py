"""Make a synthetic survey project of any size, deterministically from a seed.

    python -m benchmarks.synth --papers 1000 --out DIR [--nodes M] [--chapters C] [--seed S]

The project passes `survey validate` and builds with `mkdocs build --strict`:

- `bib/NN-<chapter>.bib`: N entries with the fields a real corpus has: titles with
  `{Braces}` and acronyms (a few with `--`, `$math$`, `\\&` or `\\emph{}`), 3-20 authors
  (LaTeX accents such as `{\\'e}`, `\\"o`, `\\c{c}`, UTF-8 names, `von` parts, `Jr.`,
  the odd `and others`), venues from the usual list (NeurIPS, ICLR, ICML, ACL, EMNLP,
  Findings, TACL, TMLR, AAAI, FAccT, ... and arXiv-only `@misc`), years 2015-2024, arXiv
  ids consistent with the year, DOIs and URLs where such a venue has them, code links,
  TL;DRs, and the site fields `added` and `origin`;
- keys that follow the key rule (`survey_site.decode.expected_key_base`, then `b`, `c`...);
- `taxonomy/NN-<chapter>.yaml`: M nodes in C chapter trees, each paper in 1-3 nodes and
  filed in the chapter of its first one; `taxonomy/survey.yaml` copied from the checkout;
- `mkdocs.yml`, `docs/` (assets, overrides, cite.md, contribute.md), `CHANGELOG.md` and
  the hook shim `scripts/mkdocs_hooks.py`, copied from the checkout.

Everything is drawn from one `random.Random(seed)`; the same arguments give
byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from survey_site.decode import expected_key_base
from survey_site.entry_rules import STANDARD_FIELDS
from survey_site.render.bibtex import format_entry
from survey_site.text import normalized_title

# Retired citation keys (`ids`) and node ids (`aliases`), as a long-lived site has a few of.
ALIASES_ALLOWED = "ids" in STANDARD_FIELDS

CHECKOUT = Path(__file__).resolve().parent.parent
DATA_VERSION = "2026-11-24"  # taxonomy/survey.yaml's; no `added` date may be later
MAX_SUFFIXES = 25  # a key base takes at most b..z

# -- vocabulary -----------------------------------------------------------------------------------------

GIVEN = [
    "Tianhao",
    "Wei",
    "Yuntao",
    "Amanda",
    "Jared",
    "Long",
    "Paul",
    "Geoffrey",
    "Dario",
    "Chris",
    "Jan",
    "Ethan",
    "Sam",
    "Deep",
    "Anna",
    "Nelson",
    "Catherine",
    "Jacob",
    "Percy",
    "Dan",
    "Collin",
    "Owain",
    "Rohin",
    "Victoria",
    "Stuart",
    "Yejin",
    "Noah",
    "Hannaneh",
    "Mohit",
    "Diyi",
    "Tatsunori",
    "Xiang",
    "Yufei",
    "Renren",
    "Deyi",
    "Chuang",
    "Zishan",
    "Xinwei",
    "Yan",
    "Weilong",
    "Jing",
    "Kurt",
    "Jason",
    "Leonard",
    "Tianyu",
    "Sainbayar",
    "Ashutosh",
    "Ximing",
    "Faeze",
    "Maarten",
    "Mark",
    "Ekin",
    "Afra Feyza",
    "Ashwin",
    "Peter",
    "Derry Tanti",
    "Niket",
    "Hyung Won",
    "Mirac",
    "Sewon",
    "Luke",
    "Mike",
    "Julian",
    "Ilya",
    "Andrej",
    "Fei-Fei",
    "Priya",
    "Aditi",
    "Rahul",
    "Sanjeev",
    "Olga",
    "Irina",
    "Dmitry",
    "Mateusz",
    "Katarzyna",
    "Giulia",
    "Marco",
    "Sofia",
    "Lucía",
    "Carlos",
    "Ana",
    # UTF-8 and LaTeX-accented given names
    "Zoë",
    "José",
    "Łukasz",
    "Søren",
    "Çağlar",
    "Jörg",
    "Renée",
    "Dániel",
    "Bálint",
    "Nuño",
    "Ümit",
    "Bjørn",
    "Fran{\\c{c}}ois",
    "Ren{\\'e}",
    'J{\\"o}rg',
    "Andr\\'e",
    'Bj\\"orn',
    "Ji{\\v{r}}{\\'\\i}",
    "Se{\\'a}n",
    "H{\\'e}l{\\`e}ne",
    "C{\\'e}line",
    "St{\\'e}phane",
]
FAMILY = [
    "Shen",
    "Jin",
    "Huang",
    "Liu",
    "Dong",
    "Guo",
    "Wu",
    "Xiong",
    "Zhang",
    "Wang",
    "Li",
    "Chen",
    "Yang",
    "Zhao",
    "Zhou",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Lin",
    "He",
    "Xu",
    "Gao",
    "Luo",
    "Zheng",
    "Tang",
    "Feng",
    "Cao",
    "Deng",
    "Yuan",
    "Peng",
    "Bai",
    "Askell",
    "Kaplan",
    "Ouyang",
    "Christiano",
    "Irving",
    "Amodei",
    "Olah",
    "Leike",
    "Perez",
    "Bowman",
    "Ganguli",
    "Chen",
    "Elhage",
    "Olsson",
    "Steinhardt",
    "Liang",
    "Hendrycks",
    "Burns",
    "Evans",
    "Shah",
    "Krakovna",
    "Russell",
    "Choi",
    "Smith",
    "Hajishirzi",
    "Bansal",
    "Yang",
    "Hashimoto",
    "Adolphs",
    "Weston",
    "Shuster",
    "Sukhbaatar",
    "Baheti",
    "Brahman",
    "Sap",
    "Riedl",
    "Kalyan",
    "Clark",
    "Wijaya",
    "Tandon",
    "Chung",
    "Suzgun",
    "Min",
    "Zettlemoyer",
    "Lewis",
    "Michael",
    "Schulman",
    "Sutskever",
    "Karpathy",
    "Gupta",
    "Sharma",
    "Raghunathan",
    "Arora",
    "Ivanova",
    "Petrov",
    "Kowalski",
    "Nowak",
    "Rossi",
    "Bianchi",
    "Ferrari",
    "Romano",
    "Silva",
    "Santos",
    "Ribeiro",
    "Pereira",
    "Kim",
    "Park",
    "Lee",
    "Choi",
    "Kang",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Nakamura",
    "Nguyen",
    "Tran",
    "Pham",
    "Hoang",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "White",
    "Harris",
    "Thompson",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Hughes",
    "Price",
    "Sanders",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    # UTF-8 family names
    "Müller",
    "Łukasiewicz",
    "Øvrelid",
    "Šarić",
    "Nguyễn",
    "Çelik",
    "Şahin",
    "Dvořák",
    "Bäck",
    "Gülçehre",
    "Jiménez",
    "Núñez",
    "Ångström",
    "Søgaard",
    "Žabokrtský",
    # LaTeX-accented family names, as BibTeX users write them
    'M{\\"u}ller',
    'Schr{\\"o}der',
    "Garc{\\'\\i}a",
    "Fern{\\'a}ndez",
    "Gon{\\c{c}}alves",
    'Kr{\\"a}mer',
    'Sch{\\"u}tze',
    "Ho{\\v{c}}evar",
    'G\\"odel',
    "Nu\\~nez",
    "Rodr{\\'i}guez",
    "Mart{\\'\\i}nez",
    "L{\\'o}pez",
    "Ja{\\'s}kowski",
    "Bojanowski",
    "Gr{\\'e}goire",
    "Lef{\\`e}vre",
]
VON_FAMILY = [
    ("van der", "Schaar"),
    ("de", "Vries"),
    ("van den", "Oord"),
    ("von", "Oswald"),
    ("de la", "Cruz"),
    ("van", "Steenkiste"),
    ("di", "Langosco"),
    ("dos", "Santos"),
]
ORGS = ["{OpenAI}", "{Anthropic}", "{Google DeepMind}", "{Meta AI}", "{BigScience Workshop}"]

ACRONYMS = [
    "RLHF",
    "LLM",
    "GPT",
    "BERT",
    "PPO",
    "DPO",
    "NLP",
    "QA",
    "RL",
    "AI",
    "CoT",
    "SFT",
    "KL",
    "LoRA",
    "MoE",
    "ToM",
    "OOD",
    "RLAIF",
    "VLM",
    "ELK",
]
COINED_A = [
    "Align",
    "Safe",
    "Trust",
    "Reward",
    "Critic",
    "Debate",
    "Self",
    "Value",
    "Pref",
    "Honest",
    "Harm",
    "Constitu",
    "Refine",
    "Guard",
    "Probe",
    "Steer",
    "Red",
    "Shield",
    "Truth",
    "Calib",
    "Sparse",
    "Circuit",
]
COINED_B = [
    "Bench",
    "Net",
    "Former",
    "RL",
    "Tune",
    "Eval",
    "GPT",
    "LM",
    "Score",
    "Guard",
    "Agent",
    "Judge",
    "Opt",
    "Lens",
    "Mix",
    "QA",
    "Chat",
    "Gen",
]
ADJ = [
    "Scalable",
    "Robust",
    "Efficient",
    "Interpretable",
    "Faithful",
    "Honest",
    "Harmless",
    "Helpful",
    "Sparse",
    "Contrastive",
    "Adversarial",
    "Iterative",
    "Principled",
    "Implicit",
    "Latent",
    "Mechanistic",
    "Causal",
    "Offline",
    "Online",
    "Hierarchical",
    "Multilingual",
    "Multimodal",
    "Compositional",
    "Emergent",
    "Calibrated",
    "Verifiable",
    "Weak-to-Strong",
    "Zero-Shot",
    "Few-Shot",
    "Self-Supervised",
    "Preference-Based",
    "Steerable",
]
NOUN = [
    "Reward Modeling",
    "Preference Optimization",
    "Value Alignment",
    "Reward Hacking",
    "Goal Misgeneralization",
    "Specification Gaming",
    "Scalable Oversight",
    "Red Teaming",
    "Jailbreak Attacks",
    "Prompt Injection",
    "Toxicity Detection",
    "Bias Mitigation",
    "Truthfulness",
    "Hallucination Detection",
    "Calibration",
    "Sycophancy",
    "Deceptive Alignment",
    "Power-Seeking",
    "Situational Awareness",
    "Circuit Discovery",
    "Feature Attribution",
    "Activation Steering",
    "Representation Engineering",
    "Knowledge Editing",
    "Instruction Tuning",
    "Constitutional Training",
    "Debate",
    "Recursive Reward Modeling",
    "Iterated Amplification",
    "Cooperative Inverse Reinforcement Learning",
    "Corrigibility",
    "Interpretability",
    "Superposition",
    "Dictionary Learning",
    "Probing Classifiers",
    "Membership Inference",
    "Data Poisoning",
    "Backdoor Attacks",
    "Privacy Leakage",
    "Evaluation Benchmarks",
    "Human Feedback",
    "Critique Generation",
    "Self-Correction",
    "Refusal Behavior",
    "Moral Reasoning",
    "Social Bias",
    "Fairness Metrics",
    "Distribution Shift",
    "Out-of-Distribution Detection",
    "Uncertainty Estimation",
    "Chain-of-Thought Faithfulness",
    "Tool Use",
    "Agentic Behavior",
    "Long-Horizon Planning",
    "In-Context Learning",
    "Model Collapse",
    "Weak Supervision",
    "Process Supervision",
    "Outcome Supervision",
    "Reward Overoptimization",
]
GERUND = [
    "Learning",
    "Training",
    "Aligning",
    "Evaluating",
    "Measuring",
    "Detecting",
    "Mitigating",
    "Understanding",
    "Explaining",
    "Steering",
    "Editing",
    "Scaling",
    "Benchmarking",
    "Auditing",
    "Probing",
    "Distilling",
    "Decomposing",
    "Localizing",
    "Quantifying",
    "Characterizing",
    "Improving",
    "Rethinking",
    "Revisiting",
    "Eliciting",
    "Supervising",
    "Red-Teaming",
    "Jailbreaking",
    "Fine-Tuning",
    "Calibrating",
    "Verifying",
]
DOMAIN = [
    "Language Models",
    "Large Language Models",
    "Dialogue Agents",
    "Code Generation",
    "Summarization",
    "Machine Translation",
    "Question Answering",
    "Mathematical Reasoning",
    "Open-Ended Generation",
    "Conversational Assistants",
    "Autonomous Agents",
    "Vision-Language Models",
    "Recommender Systems",
    "Medical Advice",
    "Legal Reasoning",
    "Multilingual Settings",
    "Low-Resource Languages",
    "Education",
    "Content Moderation",
    "Scientific Discovery",
]
TECH = [
    "Human Feedback",
    "AI Feedback",
    "Natural Language Feedback",
    "Contrastive Decoding",
    "Sparse Autoencoders",
    "Reward Ensembles",
    "Rejection Sampling",
    "Best-of-$n$ Sampling",
    "Self-Play",
    "Debate",
    "Causal Scrubbing",
    "Activation Patching",
    "Linear Probes",
    "Constitutional Principles",
    "Synthetic Data",
    "Curriculum Learning",
    "Direct Preference Optimization",
    "Policy Gradients",
    "KL Regularization",
    "Retrieval Augmentation",
]
FINDING = ["Evidence", "Lessons", "Insights", "Results", "Observations", "A Case Study"]

CHAPTERS = [
    ("why-alignment", "Why Alignment"),
    ("what-is-alignment", "What Is Alignment"),
    ("outer-alignment", "Outer Alignment"),
    ("inner-alignment", "Inner Alignment"),
    ("mechanistic-interpretability", "Mechanistic Interpretability"),
    ("attacks", "Attacks on Aligned Models"),
    ("alignment-evaluation", "Alignment Evaluation"),
    ("future-directions", "Future Directions"),
    ("governance", "Governance and Policy"),
    ("related-surveys", "Related Surveys"),
]
TOPIC_A = [
    "Reward",
    "Preference",
    "Value",
    "Oversight",
    "Debate",
    "Feedback",
    "Circuit",
    "Feature",
    "Probe",
    "Jailbreak",
    "Injection",
    "Toxicity",
    "Bias",
    "Fairness",
    "Truthfulness",
    "Honesty",
    "Calibration",
    "Robustness",
    "Privacy",
    "Backdoor",
    "Poisoning",
    "Steering",
    "Editing",
    "Refusal",
    "Sycophancy",
    "Deception",
    "Agency",
    "Planning",
    "Tooling",
    "Evaluation",
    "Benchmark",
    "Amplification",
    "Constitution",
    "Critique",
]
TOPIC_B = [
    "Modeling",
    "Optimization",
    "Learning",
    "Methods",
    "Attacks",
    "Defenses",
    "Detection",
    "Mitigation",
    "Analysis",
    "Metrics",
    "Datasets",
    "Theory",
    "Benchmarks",
    "Interventions",
    "Auditing",
    "Generalization",
    "Supervision",
    "Measurement",
    "Training",
    "Failures",
]

BOOKTITLE_ACL = {  # venue key -> (booktitle template, first year, ACL Anthology volume code)
    "acl": (
        "Proceedings of the {nth} Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)",
        2015,
        "acl-long",
    ),
    "emnlp": (
        "Proceedings of the {year} Conference on Empirical Methods in Natural Language Processing",
        2015,
        "emnlp-main",
    ),
    "naacl": (
        "Proceedings of the {year} Conference of the North American Chapter of the Association for Computational "
        "Linguistics: Human Language Technologies",
        2015,
        "naacl-main",
    ),
    "findings-emnlp": (
        "Findings of the Association for Computational Linguistics: EMNLP {year}",
        2020,
        "findings-emnlp",
    ),
    "findings-acl": ("Findings of the Association for Computational Linguistics: ACL {year}", 2021, "findings-acl"),
    "coling": (
        "Proceedings of the {coling} International Conference on Computational Linguistics",
        2016,
        "coling-main",
    ),
}
BOOKTITLE_OTHER = {  # venue key -> (booktitle template, first year)
    "neurips": ("Advances in Neural Information Processing Systems", 2015),
    "iclr": ("International Conference on Learning Representations", 2015),
    "icml": ("Proceedings of the {icml} International Conference on Machine Learning", 2015),
    "aaai": ("Proceedings of the AAAI Conference on Artificial Intelligence", 2015),
    "facct": ("Proceedings of the {year} ACM Conference on Fairness, Accountability, and Transparency", 2018),
    "aies": ("Proceedings of the {year} AAAI/ACM Conference on AI, Ethics, and Society", 2018),
    "ijcai": ("Proceedings of the International Joint Conference on Artificial Intelligence", 2015),
    "workshop": ("NeurIPS ML Safety Workshop", 2022),
}
JOURNALS = {  # journal -> (first year, DOI prefix or None)
    "Transactions on Machine Learning Research": (2022, None),
    "Transactions of the Association for Computational Linguistics": (2015, "10.1162/tacl_a_"),
    "Journal of Machine Learning Research": (2015, None),
    "Nature Machine Intelligence": (2019, "10.1038/s42256-"),
    "Nature": (2015, "10.1038/s41586-"),
    "Computational Linguistics": (2015, "10.1162/coli_a_"),
    "Artificial Intelligence": (2015, "10.1016/j.artint."),
    "Minds and Machines": (2015, "10.1007/s11023-"),
}
INSTITUTIONS = [
    "{OpenAI}",
    "{Anthropic}",
    "Google DeepMind",
    "Future of Humanity Institute",
    "Center for AI Safety",
    "Machine Intelligence Research Institute",
]
BLOGS = [
    ("Alignment Forum", "https://www.alignmentforum.org/posts/"),
    ("LessWrong", "https://www.lesswrong.com/posts/"),
    ("{OpenAI} Blog", "https://openai.com/research/"),
    ("{Anthropic} Blog", "https://www.anthropic.com/research/"),
    ("Distill", "https://distill.pub/"),
]
CODE_ORGS = [
    "openai",
    "anthropics",
    "google-deepmind",
    "facebookresearch",
    "allenai",
    "huggingface",
    "tatsu-lab",
    "thu-coai",
    "PKU-Alignment",
    "EleutherAI",
    "stanford-crfm",
    "microsoft",
]
ARXIV_CLASSES = ["cs.CL", "cs.CL", "cs.LG", "cs.LG", "cs.AI", "cs.CR", "stat.ML"]
YEAR_WEIGHTS = {2015: 1, 2016: 1, 2017: 2, 2018: 2, 2019: 3, 2020: 4, 2021: 5, 2022: 7, 2023: 10, 2024: 8}
ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- one paper ------------------------------------------------------------------------------------------


class Maker:
    """Draws papers one by one, keeping the identities that must stay unique."""

    def __init__(self, rng: random.Random, papers: int) -> None:
        self.rng = rng
        # A fixed pool of people, about three per paper, drawn with a heavy head: as in a real
        # field, a few authors appear on many papers (the first of 30k on ~1% of them) and most on one.
        self.people = [self.person() for _ in range(max(300, 3 * papers))]
        self.titles: set[str] = set()
        self.key_uses: dict[str, int] = {}
        self.keys: set[str] = set()
        self.arxiv_next: dict[str, int] = {}
        self.serial = 0  # for DOIs, anthology ids and slugs: unique by construction

    def pick(self, items: Sequence[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def person(self) -> str:
        r = self.rng.random()
        given = self.pick(GIVEN)
        if r < 0.04:
            von, last = VON_FAMILY[self.rng.randrange(len(VON_FAMILY))]
            return f"{von} {last}, {given}"
        if r < 0.05:
            return f"{self.pick(FAMILY)}, Jr., {given}"
        family = self.pick(FAMILY)
        if r < 0.15:  # "Given Family" order, as some copied entries have it
            return f"{given} {family}"
        if r < 0.30:  # a middle initial
            return f"{family}, {given} {self.rng.choice('ABCDEHJKLMNRSTW')}."
        return f"{family}, {given}"

    def authors(self, entry_type: str) -> str:
        if entry_type == "misc" and self.rng.random() < 0.02:
            return self.pick(ORGS)
        count = min(20, 3 + int(self.rng.expovariate(1 / 3.5)))
        names: list[str] = []
        while len(names) < count:
            name = self.people[int(len(self.people) * self.rng.random() ** 1.5)]
            if name not in names:
                names.append(name)
        if self.rng.random() < 0.03:
            names[-1] = "others"
        return " and ".join(names)

    def title(self) -> str:
        rng = self.rng
        acr = self.pick(ACRONYMS)
        coined = "{" + self.pick(COINED_A) + self.pick(COINED_B) + "}"
        templates = [
            lambda: f"{coined}: {self.pick(GERUND)} {self.pick(NOUN)} for {self.pick(DOMAIN)}",
            lambda: f"{self.pick(ADJ)} {self.pick(NOUN)} for {{{acr}}}-based {self.pick(DOMAIN)}",
            lambda: f"On the {self.pick(NOUN)} of {self.pick(ADJ)} {self.pick(DOMAIN)}",
            lambda: f"Towards {self.pick(ADJ)} {self.pick(NOUN)} in {self.pick(DOMAIN)}",
            lambda: f"{self.pick(GERUND)} {self.pick(NOUN)} via {self.pick(TECH)}",
            lambda: f"When Do {{{acr}s}} Fail at {self.pick(NOUN)}? {self.pick(FINDING)} from {self.pick(DOMAIN)}",
            lambda: f"{self.pick(NOUN)} Is All You Need for {self.pick(ADJ)} {self.pick(DOMAIN)}",
            lambda: f"{{{acr}}}-{rng.randint(2, 9)}: {self.pick(ADJ)} {self.pick(NOUN)} with {self.pick(TECH)}",
            lambda: f"A {self.pick(ADJ)} Analysis of {self.pick(NOUN)} in {{{acr}s}}",
            lambda: f"{self.pick(ADJ)} {self.pick(TECH)} Improves {self.pick(NOUN)} in {self.pick(DOMAIN)}",
            lambda: f"{self.pick(NOUN)}--{self.pick(NOUN)} Trade-offs in {self.pick(ADJ)} {self.pick(DOMAIN)}",
        ]
        text = templates[rng.randrange(len(templates))]()
        r = rng.random()
        if r < 0.005:
            text = f"\\emph{{{self.pick(GERUND)}}} {text}"  # the rare field only pylatexenc can decode
        elif r < 0.015:
            text = text.replace(" for ", " \\& ", 1)
        return text

    def tldr(self) -> str:
        text = (
            f"{self.pick(GERUND)} {self.pick(NOUN).lower()} with {self.pick(TECH).lower()}, "
            f"{self.pick(['which', 'and this'])} {self.pick(['improves', 'reduces', 'exposes', 'explains', 'measures'])} "
            f"{self.pick(NOUN).lower()} on {self.pick(['{GPT}-4', '{LLaMA}-2', 'open models', 'a new benchmark', 'six tasks'])}."
        )
        return text[:200]

    def year(self) -> int:
        years = list(YEAR_WEIGHTS)
        return self.rng.choices(years, weights=[YEAR_WEIGHTS[y] for y in years])[0]

    def arxiv(self, year: int) -> str:
        month = f"{year % 100:02d}{self.rng.randint(1, 12):02d}"
        number = self.arxiv_next.get(month, self.rng.randint(1, 400))
        self.arxiv_next[month] = number + self.rng.randint(1, 7)
        return f"{month}.{number:05d}"

    def paper(self) -> tuple[str, str, list[tuple[str, str]]]:
        """(key, entry type, fields) of one new paper, unique in title, ids and key."""
        rng = self.rng
        self.serial += 1
        year = self.year()
        r = rng.random()
        entry_type = "inproceedings" if r < 0.47 else "article" if r < 0.62 else "misc" if r < 0.97 else "techreport"
        fields: dict[str, str] = {}
        fields["author"] = self.authors(entry_type)
        while True:
            title = self.title()
            norm = normalized_title(title)
            if norm in self.titles:
                continue
            fields["title"] = title
            fields["year"] = str(year)
            base = expected_key_base(fields)
            uses = self.key_uses.get(base or "", 0)
            if base is None or uses > MAX_SUFFIXES:
                continue
            # `b`..`z` on a collision; a suffixed key may not be another work's base (llm + s = llms)
            key = base if uses == 0 else base + chr(ord("a") + uses)
            if key in self.keys:
                continue
            break
        self.titles.add(norm)
        self.key_uses[base] = uses + 1
        self.keys.add(key)

        has_arxiv = entry_type == "misc" or rng.random() < 0.7
        if entry_type == "inproceedings":
            self._proceedings(year, fields)
        elif entry_type == "article":
            self._journal(year, fields)
        elif entry_type == "techreport":
            fields["institution"] = self.pick(INSTITUTIONS)
            fields["url"] = f"https://example.org/reports/{year}/{self.serial}"
            has_arxiv = False
        elif rng.random() < 0.06:  # a blog post or forum essay
            where, prefix = BLOGS[rng.randrange(len(BLOGS))]
            fields["howpublished"] = where
            fields["url"] = f"{prefix}{''.join(rng.choice(ALNUM) for _ in range(12))}"
            has_arxiv = False
        if has_arxiv:
            # A preprint's id is from its own year; a venue version may follow it by a year.
            arxiv_year = year if entry_type == "misc" or year == 2015 or rng.random() < 0.6 else year - 1
            fields["eprint"] = self.arxiv(arxiv_year)
            fields["archiveprefix"] = "arXiv"
            if rng.random() < 0.5:
                fields["primaryclass"] = self.pick(ARXIV_CLASSES)
            fields.setdefault("url", f"https://arxiv.org/abs/{fields['eprint']}")
        if rng.random() < 0.3:
            fields["month"] = str(rng.randint(1, 12))
        if rng.random() < 0.2:
            fields["code"] = f"https://github.com/{self.pick(CODE_ORGS)}/{''.join(rng.choice(ALNUM) for _ in range(8))}"
        if rng.random() < 0.7:
            fields["tldr"] = self.tldr()
        if rng.random() < 0.7:
            fields["added"], fields["origin"] = "2026-11-24", "survey-v1"
        else:
            fields["added"] = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 24):02d}"
            fields["origin"] = "contributed"
        return key, entry_type, list(fields.items())

    def _proceedings(self, year: int, fields: dict[str, str]) -> None:
        rng = self.rng
        acl_venues = [v for v, (_, first, _) in BOOKTITLE_ACL.items() if year >= first]
        other = [v for v, (_, first) in BOOKTITLE_OTHER.items() if year >= first]
        if rng.random() < 0.4:
            venue = self.pick(acl_venues)
            template, _, volume = BOOKTITLE_ACL[venue]
            fields["booktitle"] = template.format(nth=ordinal(year - 1962), year=year, coling=ordinal(year // 2 - 982))
            fields["publisher"] = "Association for Computational Linguistics"
            start = rng.randint(1, 9000)
            fields["pages"] = f"{start}--{start + rng.randint(8, 20)}"
            if rng.random() < 0.85:
                anthology = f"{year}.{volume}.{self.serial}"
                fields["doi"] = f"10.18653/v1/{anthology}"
                fields["url"] = f"https://aclanthology.org/{anthology}"
            return
        venue = self.pick(other)
        template, _ = BOOKTITLE_OTHER[venue]
        fields["booktitle"] = template.format(year=year, icml=ordinal(year - 1983))
        if venue == "neurips":
            fields["volume"] = str(year - 1987)
            fields["url"] = (
                f"https://proceedings.neurips.cc/paper/{year}/hash/{rng.getrandbits(128):032x}-Abstract.html"
            )
        elif venue == "iclr":
            fields["url"] = f"https://openreview.net/forum?id={''.join(rng.choice(ID_CHARS) for _ in range(10))}"
        elif venue == "icml":
            fields["series"] = "Proceedings of Machine Learning Research"
            fields["volume"] = str(year * 2 - 3838)
            fields["publisher"] = "PMLR"
        elif venue == "aaai":
            fields["volume"] = str(year - 1986)
            fields["doi"] = f"10.1609/aaai.v{year - 1986}i{rng.randint(1, 12)}.{self.serial}"
        elif venue in ("facct", "aies"):
            fields["publisher"] = "Association for Computing Machinery"
            fields["doi"] = f"10.1145/{3400000 + self.serial}.{3440000 + self.serial}"

    def _journal(self, year: int, fields: dict[str, str]) -> None:
        rng = self.rng
        journal = self.pick([j for j, (first, _) in JOURNALS.items() if year >= first])
        fields["journal"] = journal
        prefix = JOURNALS[journal][1]
        fields["volume"] = str(rng.randint(1, 40) if journal != "Nature" else 500 + year - 2015)
        if rng.random() < 0.6:
            fields["number"] = str(rng.randint(1, 12))
        start = rng.randint(1, 900)
        fields["pages"] = f"{start}--{start + rng.randint(5, 30)}"
        if prefix and rng.random() < 0.9:
            fields["doi"] = (
                f"{prefix}{year % 100:03d}-{self.serial:05d}" if prefix.endswith("-") else f"{prefix}{self.serial:05d}"
            )
        if journal == "Transactions on Machine Learning Research":
            fields["url"] = f"https://openreview.net/forum?id={''.join(rng.choice(ID_CHARS) for _ in range(10))}"


# -- the taxonomy ---------------------------------------------------------------------------------------


def make_taxonomy(rng: random.Random, nodes: int, chapters: int) -> list[dict]:
    """`chapters` trees with `nodes` nodes in all, ids unique; each node a dict with `_children`."""
    used_ids: set[str] = set()
    roots = []
    for index, (cid, title) in enumerate(CHAPTERS[:chapters]):
        used_ids.add(cid)
        roots.append({"id": cid, "title": title, "paper_section": str(index + 2), "_depth": 0, "_children": []})
    everything = list(roots)
    for i in range(nodes - chapters):
        root = roots[i % chapters]
        # attach to a random node of this chapter that is at most two levels deep
        candidates = [n for n in _walk(root) if n["_depth"] < 3]
        parent = (
            candidates[min(len(candidates) - 1, int(rng.expovariate(1 / 3)))]
            if rng.random() < 0.5
            else rng.choice(candidates)
        )
        title = f"{rng.choice(TOPIC_A)} {rng.choice(TOPIC_B)}"
        node_id = base_id = title.lower().replace(" ", "-")
        n = 2
        while node_id in used_ids:
            node_id = f"{base_id}-{n}"
            n += 1
        used_ids.add(node_id)
        node = {
            "id": node_id,
            "title": title if n == 2 else f"{title} ({n - 1})",
            "_depth": parent["_depth"] + 1,
            "_children": [],
        }
        if parent.get("paper_section") and rng.random() < 0.7:
            node["paper_section"] = f"{parent['paper_section']}.{len(parent['_children']) + 1}"
        parent["_children"].append(node)
        everything.append(node)
    for node in everything:
        node["summary"] = _summary(rng, node["title"])
        node["papers"] = []
        if ALIASES_ALLOWED and node["_depth"] and rng.random() < 0.02:
            node["aliases"] = [node["id"] + "-v1"]  # a retired id (never a live one: those have no `-v1`)
    return roots


def _walk(node: dict) -> list[dict]:
    out = [node]
    for child in node["_children"]:
        out.extend(_walk(child))
    return out


def _summary(rng: random.Random, title: str) -> str:
    sentences = [
        f"This topic collects work on {title.lower()} for large language models.",
        f"Methods here differ in how much human {rng.choice(['feedback', 'supervision', 'judgement'])} they need and in how well they scale.",
        f"Several of the works compare themselves with reinforcement learning from human feedback on {rng.choice(DOMAIN).lower()}.",
        f"Open problems include {rng.choice(NOUN).lower()} and {rng.choice(NOUN).lower()}.",
        "Evaluations use both automatic metrics and human studies, which do not always agree.",
    ]
    return " ".join(sentences[: rng.randint(2, 5)])


def _yaml_node(node: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines = [f"{pad}id: {node['id']}", f"{pad}title: {_quote(node['title'])}"]
    if node.get("paper_section"):
        lines.append(f'{pad}paper_section: "{node["paper_section"]}"')
    lines.append(f"{pad}summary: >-")
    lines += _wrap(node["summary"], pad + "  ")
    if node.get("aliases"):
        lines.append(f"{pad}aliases:")
        lines += [f"{pad}  - {alias}" for alias in node["aliases"]]
    if node["papers"]:
        lines.append(f"{pad}papers:")
        lines += [f"{pad}  - {key}" for key in node["papers"]]
    if node["_children"]:
        lines.append(f"{pad}children:")
        for child in node["_children"]:
            child_lines = _yaml_node(child, indent + 4)
            child_lines[0] = f"{pad}  - " + child_lines[0].lstrip()
            lines += child_lines
    return lines


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(text: str, pad: str, width: int = 100) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(pad) + len(line) + 1 + len(word) > width:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, pad + line]


# -- the project ----------------------------------------------------------------------------------------


def default_nodes(papers: int) -> int:
    """About one topic per 20 papers (the real survey has one per 6; big corpora grow wider, not deeper)."""
    return max(12, papers // 20)


def make_project(
    out: Path, papers: int, nodes: int | None = None, chapters: int | None = None, seed: int = 0
) -> dict[str, int]:
    """Write a synthetic project into `out` (which must be empty or absent). Returns counts."""
    nodes = nodes or default_nodes(papers)
    chapters = chapters or min(8, max(1, nodes // 3))
    if not 1 <= chapters <= len(CHAPTERS) or nodes < chapters:
        raise ValueError(f"need 1..{len(CHAPTERS)} chapters and at least one node per chapter")
    rng = random.Random(seed)
    roots = make_taxonomy(rng, nodes, chapters)
    all_nodes = [(root, n) for root in roots for n in _walk(root)]
    leaves = [(root, n) for root, n in all_nodes if not n["_children"]]
    # Papers go mostly to leaves (as in the survey), sometimes to inner topics and chapters.
    maker = Maker(rng, papers)
    entries: dict[str, list[tuple[str, str]]] = {root["id"]: [] for root in roots}
    contributed: list[tuple[str, str]] = []  # (key, the page that "confirmed" it) for bib/EVIDENCE.tsv
    for i in range(papers):
        key, entry_type, fields = maker.paper()
        values = dict(fields)
        if values.get("origin") == "contributed":
            page = values.get("url") or (f"https://doi.org/{values['doi']}" if "doi" in values else None)
            contributed.append((key, page or f"https://example.org/papers/{key}"))
        first = (
            leaves[i % len(leaves)]
            if i < len(leaves)
            else (
                leaves[rng.randrange(len(leaves))] if rng.random() < 0.85 else all_nodes[rng.randrange(len(all_nodes))]
            )
        )
        homes = [first]
        extra = rng.choices((0, 1, 2), weights=(60, 30, 10))[0]
        while len(homes) < 1 + extra:
            candidate = all_nodes[rng.randrange(len(all_nodes))]
            if candidate[1] is not first[1] and all(candidate[1] is not h[1] for h in homes):
                homes.append(candidate)
        for _, node in homes:
            node["papers"].append(key)
        if ALIASES_ALLOWED and rng.random() < 0.005:
            fields.append(
                ("ids", key + "v1")
            )  # a retired key, kept alive by a redirect (ends in a digit: never a live key)
        root_id = first[0]["id"]
        entries[root_id].append((key, format_entry(entry_type, key, fields)))

    shutil.rmtree(out, ignore_errors=True)
    (out / "taxonomy").mkdir(parents=True)
    (out / "bib").mkdir()
    for index, root in enumerate(roots):
        stem = f"{index + 2:02d}-{root['id']}"
        text = "\n".join(_yaml_node(root, 0)) + "\n"
        (out / "taxonomy" / f"{stem}.yaml").write_text(canonical_yaml(text, f"taxonomy/{stem}.yaml"), encoding="utf-8")
        text = "\n".join(entry for _, entry in sorted(entries[root["id"]]))
        (out / "bib" / f"{stem}.bib").write_text(text, encoding="utf-8")
    _write_evidence(out, contributed)
    shutil.copy2(CHECKOUT / "taxonomy" / "survey.yaml", out / "taxonomy" / "survey.yaml")
    _copy_site_files(out)
    _publish(out)
    memberships = sum(len(n["papers"]) for _, n in all_nodes)
    return {"papers": papers, "nodes": len(all_nodes), "chapters": len(roots), "memberships": memberships}


def _write_evidence(out: Path, contributed: list[tuple[str, str]]) -> None:
    """`bib/EVIDENCE.tsv` as `survey add --evidence` writes it: every contributed entry names the page that confirmed it."""
    try:
        from survey_site.evidence import FILE, EvidenceRow, format_evidence
    except ImportError:  # a generator from before evidence rows
        return
    rows = [EvidenceRow(key, ("title", "author", "year"), (url,), 0) for key, url in contributed]
    (out / FILE).write_text(format_evidence(rows), encoding="utf-8")


def canonical_yaml(text: str, path: str) -> str:
    """The form `survey fmt` writes (which `survey validate` checks), when the generator has one."""
    try:
        from survey_site.fmt import format_yaml_text
    except ImportError:
        return text
    return format_yaml_text(text.encode("utf-8"), path) or text


def _publish(out: Path) -> None:
    """Write `permalinks.txt` as `survey permalinks --update` would: a site that has published every page."""
    try:
        from survey_site import permalinks, pipeline
    except ImportError:  # a generator without a permalink registry
        return
    permalinks.update_registry(out, permalinks.index_of(pipeline.load(pipeline.Project(out))))


def _copy_site_files(out: Path) -> None:
    """What `mkdocs build` needs besides the data: config, hand-written pages, the hook shim."""
    shutil.copy2(CHECKOUT / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copy2(CHECKOUT / "CHANGELOG.md", out / "CHANGELOG.md")
    docs = out / "docs"
    docs.mkdir()
    for name in ("assets", "overrides"):
        source = CHECKOUT / "docs" / name
        if source.is_dir():
            shutil.copytree(source, docs / name)
        else:
            (docs / name).mkdir()
    for name in ("cite.md", "contribute.md", "benchmarks.md"):
        shutil.copy2(CHECKOUT / "docs" / name, docs / name)
    (out / "scripts").mkdir()
    shutil.copy2(CHECKOUT / "scripts" / "mkdocs_hooks.py", out / "scripts" / "mkdocs_hooks.py")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, required=True, help="number of papers")
    parser.add_argument("--out", type=Path, required=True, help="project folder to create")
    parser.add_argument(
        "--nodes",
        type=int,
        help=f"taxonomy nodes (default: papers/20, at least 12; e.g. {default_nodes(1000)} for 1000)",
    )
    parser.add_argument("--chapters", type=int, help="chapter files (default: nodes/3, 1..8)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="replace --out if it is not empty")
    args = parser.parse_args(argv)
    if args.papers < 1:
        parser.error("--papers must be at least 1")
    if args.out.exists() and any(args.out.iterdir()) and not args.force:
        parser.error(f"{args.out} is not empty (use --force to replace it)")
    counts = make_project(args.out, args.papers, args.nodes, args.chapters, args.seed)
    print(
        f"wrote {counts['papers']} papers, {counts['nodes']} topics in {counts['chapters']} chapters "
        f"({counts['memberships']} memberships) to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
