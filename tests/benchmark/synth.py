"""Synthetic papers in the project's own BibTeX format, deterministic from a seed.

`grow_project(project, total, seed)` appends synthetic entries to the `.bib` files of a copy of
the project until it lists `total` papers. The real entries stay; the new ones follow the real
spread: a section gets papers in proportion to its real size (plus one, so that empty sections
grow too) and its tags from the tags its real papers use, mixed with the whole vocabulary.
Venues come from papers/venues.yml and tags from papers/tags.yml. Titles, authors (with LaTeX
accents and braces), code links, abstracts (half of the entries) and identifiers are made up,
unique across the list, so the validator passes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from pathlib import Path

from paperlist.bibformat import format_entry
from paperlist.catalog import load_catalog, normalized_title
from paperlist.latex import escape_specials

FIRST_NAMES = [
    "Omar", "Matei", "Luyu", "Jamie", "Zhuyun", "Nils", "Iryna", "Rodrigo", "Jimmy", "Nandan",
    "Sebastian", "Allan", "Hamed", "Bhaskar", "Jiafeng", "Xueqi", "Yixing", "Ruqing", "Maarten",
    "Arian", "Nicola", "Craig", "Iadh", "Sean", "Andrew", "Fernando", "Guido", "Julian", "Emine",
    "Chenyan", "Zhiyuan", "Jiaxin", "Ji-Rong", "Wayne Xin", "Yingqi", "Ruiyang", "Hua", "Kyunghyun",
    "Danqi", "Vladimir", "Patrick", "Ledell", "Sewon", "Gautier", "Edouard", "Thibault", "Carlos",
    "Benjamin", "St{\\'e}phane", "Fran{\\c{c}}ois", "J{\\\"o}rg", "Ren{\\'e}", "Jos{\\'e}",
    "Zolt{\\'a}n", "S{\\o}ren", "{\\L}ukasz", "Bj{\\\"o}rn", "Ana", "Mar{\\'\\i}a", "In{\\^e}s",
    "Ond{\\v{r}}ej", "Du{\\v{s}}an", "Hanna", "Priya", "Ananya", "Kenji", "Yuki", "Min-Jun", "Seo-yeon",
]  # fmt: skip
LAST_NAMES = [
    "Khattab", "Zaharia", "Gao", "Callan", "Dai", "Reimers", "Gurevych", "Nogueira", "Lin", "Thakur",
    "Hofst{\\\"a}tter", "Hanbury", "Zamani", "Mitra", "Guo", "Cheng", "Fan", "Zhang", "de Rijke",
    "Vries", "Tonellotto", "Macdonald", "Ounis", "MacAvaney", "Yates", "Diaz", "Zuccon", "McAuley",
    "Yilmaz", "Xiong", "Liu", "Wang", "Wen", "Zhao", "Qu", "Ren", "Wu", "Cho", "Chen", "Karpukhin",
    "Lewis", "Min", "Izacard", "Grave", "Formal", "Lassance", "Piwowarski", "Clinchant",
    "M{\\\"u}ller", "Schr{\\\"o}der", "Garc{\\'\\i}a", "Gonz{\\'a}lez", "Ko{\\v{c}}i{\\v{s}}ky",
    "Nov{\\'a}k", "Sj{\\\"o}berg", "Ni", "Tay", "Yang", "Li", "Sun", "Zhou", "Ma", "Xu", "Huang",
    "Kim", "Park", "Tanaka", "Suzuki", "Singh", "Sharma", "Rossi", "Bianchi", "Dubois", "Lef{\\`e}vre",
]  # fmt: skip
ADJECTIVES = [
    "Efficient", "Effective", "Robust", "Scalable", "Unsupervised", "Zero-shot", "Few-shot", "Multilingual",
    "Contrastive", "Generative", "Sparse", "Dense", "Hybrid", "Adaptive", "Lightweight", "Interpretable",
    "Domain-adaptive", "Cross-lingual", "Self-supervised", "Multi-vector", "Learned", "Compressed",
    "Curriculum-based", "Query-aware", "Listwise", "Pairwise", "Long-context", "Instruction-tuned",
]  # fmt: skip
TECHNIQUES = [
    "Hard Negative Mining", "Knowledge Distillation", "Late Interaction", "Product Quantization",
    "Contrastive Pre-training", "Query Expansion", "Document Expansion", "Term Re-weighting",
    "Pseudo-relevance Feedback", "Prompt Tuning", "Adapters", "Mixture of Experts", "Synthetic Queries",
    "Cross-encoder Teachers", "Residual Compression", "Learned Term Weights", "Token Pruning",
    "Lexical Matching", "Generative Identifiers", "Curriculum Learning", "Listwise Losses",
    "{LLM} Re-ranking", "{BERT} Cross-encoders", "{T5} Re-rankers", "Dual Encoders", "Graph Neural Networks",
]  # fmt: skip
TASKS = [
    "Passage Retrieval", "Document Ranking", "Open-domain Question Answering", "Conversational Search",
    "Entity Linking", "Product Search", "Legal Case Retrieval", "Code Search", "Scientific Literature Search",
    "Cross-lingual Retrieval", "Image-Text Retrieval", "Video Retrieval", "Fact Verification",
    "Ad-hoc Retrieval on {MS MARCO}", "Zero-shot Retrieval on {BEIR}", "Retrieval-augmented Generation",
    "Web Search", "E-commerce Search", "Biomedical Retrieval", "Multi-hop Question Answering",
]  # fmt: skip
NOUNS = [
    "Retrievers", "Rankers", "Encoders", "Representations", "Indexes", "Embeddings", "Bi-encoders",
    "Language Models", "Transformers", "Retrieval Models", "Re-rankers", "Query Encoders",
]  # fmt: skip
MODEL_HEADS = ["Col", "Dense", "Spar", "Ret", "Rank", "Uni", "Co", "Poly", "Hyper", "Contri", "Bi", "Deep", "Rep"]
MODEL_TAILS = ["BERT", "ER", "T5", "Former", "GPT", "Net", "Rank", "X", "Mix", "LM", "Match", "Retriever"]
TITLE_TEMPLATES = [
    "{model}: {adj} {noun} for {task}",
    "{adj} {noun} with {technique}",
    "Improving {task} with {technique}",
    "Towards {adj} {task} via {technique}",
    "On the Role of {technique} in {task}",
    "{technique} for {adj} {noun}",
    "Revisiting {technique} for {task}",
    "{model}: {technique} Meets {task}",
    "Learning {adj} {noun} for {task}",
    "Is {technique} All You Need for {task}?",
    "A Study of {technique} in {adj} {noun} --- Lessons from {task}",
]
SENTENCES = [
    "Pretrained language models have become the backbone of modern retrieval systems.",
    "However, {adj_l} {noun_l} remain costly to train and to serve at the scale of the web.",
    "In this paper we propose {model}, which combines {technique_l} with {technique2_l}.",
    "Our approach encodes queries and documents independently, so that the index can be built offline.",
    "We train the model with a contrastive loss over in-batch and mined negatives.",
    "Experiments on {task} show gains of {gain}\\% in MRR@10 over strong baselines.",
    "On the {bench} benchmark, {model} improves nDCG@10 by {gain} points while using $k={k}$ vectors per passage.",
    "We further analyse the trade-off between effectiveness and latency --- a key concern in practice.",
    "The method is \\emph{{simple}}, needs no additional labels and transfers to {task_l}.",
    "Code and checkpoints are publicly available.",
    "Our analysis shows that the gains come mostly from {technique_l} rather than from model size.",
    "Compared with {baseline}, the index is {ratio}$\\times$ smaller and queries are answered in {ms}~ms.",
]  # fmt: skip
BENCHMARKS = ["{MS MARCO}", "{BEIR}", "{TREC DL} 2019", "{Natural Questions}", "{LoTTE}", "{MIRACL}", "{TREC-COVID}"]
BASELINES = ["{BM25}", "{DPR}", "{ColBERT}", "{SPLADE}", "{ANCE}", "mono{BERT}"]
GITHUB_OWNERS = [
    "castorini", "stanford-futuredata", "naver", "facebookresearch", "microsoft", "google-research",
    "thunlp", "luyug", "sebastian-hofstaetter", "terrierteam", "beir-cellar", "UKPLab", "jingtaozhan",
]  # fmt: skip
TRACK_CHOICES = ["short", "findings", "demo", "workshop"]
WORKSHOPS = ["ReNeuIR", "SustaiNLP", "DL4Search", "Gen-IR", "MRL"]
AWARDS = ["Best paper", "Best short paper", "Best student paper", "Honourable mention"]
FIRST_ADDED = dt.date(2021, 1, 1)
LAST_ADDED = dt.date(2026, 6, 30)  # fixed, so that the data does not depend on the day of the run
STOP = {"a", "an", "the", "on", "of", "for", "is", "with", "via", "towards", "in", "all", "you"}


def grow_project(project: Path, total: int, seed: int = 2024) -> dict:
    """Append synthetic entries to `project/papers` until it lists `total` papers; return a summary."""
    catalog = load_catalog(project)
    missing = total - len(catalog.papers)
    if missing <= 0:
        return {"papers": len(catalog.papers), "synthetic": 0, "seed": seed}
    generator = _Generator(catalog, random.Random(seed))
    leaves = catalog.leaves()
    weights = [len([p for p in catalog.papers if p.section == leaf.slug]) + 1 for leaf in leaves]
    counts = Counter(generator.rng.choices(range(len(leaves)), weights=weights, k=missing))
    for index, leaf in enumerate(leaves):
        if not counts[index]:
            continue
        entries = [generator.entry(leaf.slug) for _ in range(counts[index])]
        path = project / "papers" / leaf.bib_path
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(text.rstrip("\n") + ("\n\n" if text.strip() else "") + "\n".join(entries), encoding="utf-8")
    return {"papers": total, "synthetic": missing, "seed": seed}


class _Generator:
    def __init__(self, catalog, rng: random.Random):
        self.rng = rng
        self.leaves = [leaf.slug for leaf in catalog.leaves()]
        self.tags = [tag.slug for tag in catalog.tags]
        self.venues = [venue for venue in catalog.venues]
        self.tags_by_section: dict[str, Counter] = {}
        for paper in catalog.papers:
            self.tags_by_section.setdefault(paper.section, Counter()).update(paper.tags)
        self.keys = {paper.key.lower() for paper in catalog.papers}
        self.titles = {normalized_title(paper.title) for paper in catalog.papers}
        self.arxiv = {paper.arxiv for paper in catalog.papers if paper.arxiv}
        self.numbers: set[int] = set()

    def entry(self, section: str) -> str:
        rng = self.rng
        venue = rng.choices(self.venues, weights=[6 if v.name == "arXiv" else 1 for v in self.venues])[0]
        year = rng.randint(2018, 2025)
        model = self._model()
        title = self._title(model)
        authors = [self._name() for _ in range(rng.randint(1, 7))]
        fields = {
            "title": title,
            "author": " and ".join(authors) + (" and others" if rng.random() < 0.35 else ""),
            "year": str(year),
            "venue": venue.name,
        }
        if venue.name != "arXiv" and rng.random() < 0.08:
            fields["track"] = rng.choice(TRACK_CHOICES)
            if fields["track"] == "workshop":
                fields["workshop"] = rng.choice(WORKSHOPS)
        if rng.random() < 0.01:
            fields["award"] = rng.choice(AWARDS)
        fields.update(self._locator(year))
        if rng.random() < 0.55:
            fields["code"] = self._repo(model)
            if rng.random() < 0.1:
                fields["code"] += f"; v2: {self._repo(model + '2')}"
        if rng.random() < 0.05:
            fields["unofficialcode"] = self._repo(model + "-pytorch")
        if rng.random() < 0.02:
            fields["homepage"] = f"https://{model.lower()}-project.github.io/"
        if rng.random() < 0.03:
            fields["seealso"] = f"follow-up: https://arxiv.org/abs/{self._arxiv_id(year + 1 if year < 2025 else year)}"
        if rng.random() < 0.65:
            fields["model"] = model
        if rng.random() < 0.4:
            fields["keyidea"] = self._sentence(model)[:-1].lower()
        fields["tags"] = ", ".join(self._tags(section))
        others = [slug for slug in self.leaves if slug != section]
        if rng.random() < 0.03 and others:
            fields["crosslist"] = rng.choice(others)
        fields["added"] = (FIRST_ADDED + dt.timedelta(days=rng.randint(0, (LAST_ADDED - FIRST_ADDED).days))).isoformat()
        if rng.random() < 0.5:
            fields["abstract"] = " ".join(self._sentence(model) for _ in range(rng.randint(5, 10)))
        entry_type = "misc" if venue.name == "arXiv" else "article" if venue.journal else "inproceedings"
        if entry_type == "article":  # what BibTeX styles print as the venue; `venue` stays, as written by hand
            fields["journal"] = escape_specials(venue.full_name)
        elif entry_type == "inproceedings":
            fields["booktitle"] = f"Proceedings of the {year} {escape_specials(venue.full_name)}"
        return format_entry(entry_type, self._key(authors[0], year, title), fields)

    # -- parts -------------------------------------------------------------------------------

    def _model(self) -> str:
        rng = self.rng
        name = rng.choice(MODEL_HEADS) + rng.choice(MODEL_TAILS)
        return name + rng.choice(["", "", "", "++", "-v2", "-XL", f"-{rng.randint(2, 9)}"])

    def _title(self, model: str) -> str:
        rng = self.rng
        while True:
            title = rng.choice(TITLE_TEMPLATES).format(
                model="{" + model + "}",
                adj=rng.choice(ADJECTIVES),
                noun=rng.choice(NOUNS),
                task=rng.choice(TASKS),
                technique=rng.choice(TECHNIQUES),
            )
            if rng.random() < 0.3:  # long lists need more variety than the templates give
                title += f" ({rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.randint(2, 999)})"
            norm = normalized_title(re.sub(r"[{}]", "", title))
            if norm not in self.titles:
                self.titles.add(norm)
                return title

    def _name(self) -> str:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        return f"{last}, {first}" if self.rng.random() < 0.2 else f"{first} {last}"

    def _sentence(self, model: str) -> str:
        rng = self.rng
        return rng.choice(SENTENCES).format(
            adj_l=rng.choice(ADJECTIVES).lower(),
            noun_l=rng.choice(NOUNS).lower(),
            model="{" + model + "}",
            technique_l=rng.choice(TECHNIQUES).lower(),
            technique2_l=rng.choice(TECHNIQUES).lower(),
            task=rng.choice(TASKS),
            task_l=rng.choice(TASKS).lower(),
            gain=f"{rng.uniform(0.5, 9.5):.1f}",
            bench=rng.choice(BENCHMARKS),
            baseline=rng.choice(BASELINES),
            k=rng.choice([8, 16, 32, 64]),
            ratio=rng.choice([2, 4, 8, 16]),
            ms=rng.randint(3, 90),
        )

    def _tags(self, section: str) -> list[str]:
        rng = self.rng
        local = self.tags_by_section.get(section)
        chosen: list[str] = []
        for _ in range(rng.choices([1, 2, 3, 4], weights=[3, 4, 3, 1])[0]):
            if local and rng.random() < 0.75:
                tag = rng.choices(list(local), weights=list(local.values()))[0]
            else:
                tag = rng.choice(self.tags)
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def _unique_number(self, low: int, high: int) -> int:
        while True:
            number = self.rng.randint(low, high)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def _arxiv_id(self, year: int) -> str:
        while True:
            month = self.rng.randint(1, 12)
            identifier = f"{year % 100:02d}{month:02d}.{self.rng.randint(10000, 99999)}"
            if identifier not in self.arxiv:
                self.arxiv.add(identifier)
                return identifier

    def _locator(self, year: int) -> dict[str, str]:
        """The paper's URL and identifiers: mostly arXiv, some ACM DOIs, some ACL Anthology."""
        kind = self.rng.random()
        if kind < 0.7:
            identifier = self._arxiv_id(year)
            return {"url": f"https://arxiv.org/pdf/{identifier}.pdf", "eprint": identifier, "archiveprefix": "arXiv"}
        if kind < 0.9:
            doi = f"10.1145/{self._unique_number(3_000_000, 3_999_999)}.{self.rng.randint(3_000_000, 3_999_999)}"
            return {"url": f"https://dl.acm.org/doi/pdf/{doi}", "doi": doi}
        number = self._unique_number(100_000, 999_999)
        return {"url": f"https://aclanthology.org/{year}.synth-main.{number}.pdf"}

    def _repo(self, model: str) -> str:
        owner = self.rng.choice(GITHUB_OWNERS)
        return f"https://github.com/{owner}/{re.sub(r'[^A-Za-z0-9-]', '', model)}-{self.rng.randint(1, 99999)}"

    def _key(self, first_author: str, year: int, title: str) -> str:
        name = first_author.split(",")[0] if "," in first_author else first_author.split()[-1]
        last = re.sub(r"[^a-z]", "", re.sub(r"\\.|[{}]", "", name.lower())) or "anon"
        words = [w for w in re.findall(r"[a-z]+", title.lower()) if w not in STOP]
        base = f"{last}{year}{words[0] if words else 'paper'}"
        key, suffix = base, 0
        while key.lower() in self.keys:
            suffix += 1
            key = f"{base}{_letters(suffix)}"
        self.keys.add(key.lower())
        return key


def _letters(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: BibTeX-style key suffixes."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out
