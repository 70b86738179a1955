"""Synthetic fact bases of any size that pass the bot's own validation (`bot.engine.knowledge.build`).

They look like the real one (facts/): every fact states a figure about a place or a company, quotes a sentence of
its source article (articles/ holds one article per source, containing every quote), names its topics and
entities, and has five example questions in the styles of the development set: a full question, keywords, an
informal one with an alias, one with a typo, and a paraphrase. Entities are synthetic place and company names
(with aliases: "X city", transliteration variants, "X group"); a gazetteer of places and companies that no fact is
about lets questions name them and be declined, as Ordos and Huawei are in the real base. The lexicon maps
common variants (labs, r&d, ev, ...) to canonical forms.

The collision check rejects two facts whose example questions normalise to the same words, so each fact gets a
unique (entity, modifier, noun) triple, and typos in example questions only touch the metric words, never a
name (a misspelt name could be corrected to another entity, which the check rightly rejects).

The generator is deterministic for a given size and seed. `manifest.json` beside the YAML files records, per
fact, its id and example questions; the loader only reads *.yaml, so it ignores it.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.engine.loader import MAX_ID_CHARS

GENERATOR_VERSION = 5  # part of the cache key: bump when the output changes

FACTS_PER_FILE = 1000
FACTS_PER_SOURCE = 40
FACTS_PER_ENTITY = 25

# topic id -> (name, aliases, modifiers). Modifiers are what a figure is about ("solar" in "solar factories").
TOPICS: dict[str, tuple[str, list[str], list[str]]] = {
    "renewable-energy": (
        "Renewable energy",
        ["renewables", "clean energy", "green power"],
        ["solar", "wind power", "hydrogen", "geothermal", "hydropower"],
    ),
    "batteries": (
        "Batteries and storage",
        ["energy storage", "battery industry"],
        ["lithium battery", "sodium battery", "grid storage", "battery recycling"],
    ),
    "biomedicine-and-health": (
        "Biomedicine and health",
        ["health care", "healthcare", "life sciences"],
        ["biomedical", "vaccine", "genomics", "medical device", "traditional medicine"],
    ),
    "dairy-and-food": (
        "Dairy and food processing",
        ["food industry", "food processing"],
        ["dairy", "cheese", "meat processing", "grain milling", "beverage"],
    ),
    "agriculture": (
        "Agriculture",
        ["farming", "agritech", "crops"],
        ["grass seed", "potato", "sunflower", "greenhouse vegetable", "organic fertiliser"],
    ),
    "livestock": (
        "Livestock",
        ["animal husbandry", "herding"],
        ["cattle breeding", "sheep breeding", "cashmere", "wool", "veterinary"],
    ),
    "mining-and-metals": (
        "Mining and metals",
        ["mining", "metallurgy", "metals"],
        ["rare earth", "coal mining", "copper", "aluminium", "graphite"],
    ),
    "materials": (
        "New materials",
        ["advanced materials", "new material"],
        ["carbon fibre", "silicon wafer", "magnesium alloy", "ceramic", "graphene"],
    ),
    "manufacturing": (
        "Equipment manufacturing",
        ["machinery", "heavy industry", "equipment"],
        ["machine tool", "wind turbine", "railway equipment", "industrial robot", "hydraulic"],
    ),
    "vehicles": (
        "Vehicles and transport",
        ["automotive", "transport", "mobility"],
        ["electric vehicle", "mining truck", "electric bus", "drone", "freight rail"],
    ),
    "digital-economy": (
        "Digital economy",
        ["digital", "internet economy", "it industry"],
        ["cloud computing", "big data", "software", "artificial intelligence", "e-commerce"],
    ),
    "logistics": (
        "Logistics",
        ["supply chain", "shipping", "warehousing"],
        ["cold chain", "cross-border trade", "express delivery", "dry port", "bonded"],
    ),
    "chemicals": (
        "Chemical industry",
        ["chemicals", "petrochemicals"],
        ["coal chemical", "fine chemical", "polysilicon", "fertiliser", "pharmaceutical intermediate"],
    ),
    "tourism-and-culture": (
        "Tourism and culture",
        ["tourism", "culture", "travel"],
        ["grassland tourism", "museum", "film", "handicraft", "heritage"],
    ),
    "education": (
        "Education and skills",
        ["schools", "training", "skills"],
        ["vocational", "engineering", "nursing", "language", "agricultural science"],
    ),
    "environment": (
        "Environment",
        ["ecology", "pollution control", "green development"],
        ["desert control", "water treatment", "afforestation", "waste recycling", "air quality"],
    ),
}

# What a figure counts: plural nouns, each with a short noun for keyword questions.
NOUNS = [
    "factories",
    "laboratories",
    "incubators",
    "startups",
    "patents",
    "research institutes",
    "pilot plants",
    "training centres",
    "industrial parks",
    "warehouses",
    "testing centres",
    "design studios",
    "data centres",
    "hospitals",
    "clinics",
    "demonstration farms",
    "cooperatives",
    "export licences",
    "production lines",
    "demonstration zones",
    "innovation hubs",
    "technology transfer offices",
    "venture funds",
    "supply contracts",
    "joint ventures",
    "engineering teams",
    "certified suppliers",
    "trade fairs",
    "apprenticeships",
    "exhibition halls",
    "maintenance depots",
    "distribution centres",
    "quality inspection stations",
    "industry standards",
    "trademarks",
    "key projects",
    "pilot projects",
    "processing plants",
    "charging stations",
    "service outlets",
    "research grants",
    "doctoral workstations",
    "expert teams",
    "technology centres",
    "industrial clusters",
    "innovation platforms",
    "model enterprises",
    "specialised suppliers",
    "invention awards",
    "procurement contracts",
]

# Rewordings of nouns people type (keyword and informal questions use them; the lexicon maps them back).
LEXICON: dict[str, list[str]] = {
    "laboratories": ["labs", "lab"],
    "research and development": ["r&d", "r and d", "rnd"],
    "artificial intelligence": ["ai"],
    "electric vehicle": ["ev", "evs", "e-car", "e-cars"],
    "startups": ["start-ups", "start ups"],
    "factories": ["manufacturing plants", "manufacturing sites"],
    "data centres": ["data centers", "server farms"],
    "technology centres": ["tech centres", "tech centers", "technology centers"],
    "training centres": ["training centers"],
    "testing centres": ["testing centers", "test centres", "test centers"],
    "distribution centres": ["distribution centers"],
    "fertiliser": ["fertilizer"],
    "aluminium": ["aluminum"],
    "carbon fibre": ["carbon fiber"],
    "yuan": ["rmb", "renminbi", "cny"],
    "million": ["mn", "mln"],
    "award": ["prize", "prizes", "medal"],
    "invest": ["put money into", "spend on", "spent on"],
    "patents": ["patent filings", "intellectual property rights"],
}

# Name parts: syllables that read like transliterated place names, and company suffixes.
_ONSETS = [
    "b",
    "d",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "h",
    "j",
    "ch",
    "sh",
    "zh",
    "x",
    "q",
    "w",
    "y",
    "f",
    "ts",
]
_NUCLEI = ["a", "e", "i", "o", "u", "ai", "ao", "ei", "ou", "ia", "ua", "uo", "ie"]
_CODAS = ["", "", "", "n", "ng", "r", "l", "k", "t", "m"]
_COMPANY_SUFFIXES = [
    "Dynamics",
    "Holdings",
    "Industries",
    "Instruments",
    "Motors",
    "Foods",
    "Machinery",
    "Systems",
    "Works",
    "Pharma Group",
    "Energy Group",
    "Materials Group",
    "Logistics Group",
]
_REGION_WORDS = ["Province", "Region", "Prefecture", "League"]

_TYPO_SKIP = re.compile(r"^[A-Z]")  # never misspell a name in an example question


@dataclass
class Entity:
    id: str
    kind: str  # place or organisation
    name: str
    aliases: list[str]
    part_of: list[str] = field(default_factory=list)
    about: bool = True  # False for the gazetteer: declared, but no fact is about it


@dataclass
class FactSpec:
    """What a generated fact says, so that benchmark questions can be drawn with a known right answer."""

    id: str
    kind: str  # count, investment, award
    entities: list[str]
    subject: str  # the name the fact is about
    alias: str
    modifier: str
    noun: str
    figure: str
    year: str
    source: str
    questions: list[str]


@dataclass
class Generated:
    path: Path
    facts: list[FactSpec]
    entities: list[Entity]
    unknown_names: list[str]  # plausible names that are not in the fact base at all


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _q(text: str) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML, and quick to write."""
    return json.dumps(text, ensure_ascii=False)


class _Names:
    """Unique pronounceable names; none equals a word of the templates, and no two clean to the same string.

    None is close to a word of the templates either ("battay" would be a misspelt "battery" corrected into a place).
    """

    def __init__(self, rng: random.Random, reserved: set[str]) -> None:
        self.rng = rng
        self.used = set(reserved)
        self.words = sorted(word for word in reserved if len(word) >= 4)

    def _free(self, word: str) -> bool:
        close = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=75)
        return word not in self.used and close is None

    def syllable(self) -> str:
        return self.rng.choice(_ONSETS) + self.rng.choice(_NUCLEI) + self.rng.choice(_CODAS)

    def new(self, syllables: tuple[int, int] = (2, 3)) -> str:
        while True:
            word = "".join(self.syllable() for _ in range(self.rng.randint(*syllables)))
            if 5 <= len(word) <= 12 and self._free(word):
                self.used.add(word)
                return word.capitalize()

    def variant(self, name: str) -> str | None:
        """A transliteration variant of a name (Huhhot for Hohhot), unused so far, or None."""
        word = name.lower()
        swaps = [
            ("ao", "au"),
            ("ou", "ow"),
            ("zh", "j"),
            ("x", "sh"),
            ("q", "ch"),
            ("ei", "ey"),
            ("ts", "z"),
            ("ua", "wa"),
            ("ie", "ye"),
            ("ng", "n"),
            ("ai", "ay"),
        ]
        self.rng.shuffle(swaps)
        for old, new in swaps:
            if old in word:
                candidate = word.replace(old, new, 1)
                if self._free(candidate):
                    self.used.add(candidate)
                    return candidate
        doubled = re.sub(r"([bdgklmnprstvz])", r"\1\1", word, count=1)
        if doubled != word and self._free(doubled):
            self.used.add(doubled)
            return doubled
        return None


def _typo(rng: random.Random, word: str) -> str:
    """One random character edit: delete, swap, double or replace."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("delete", "swap", "double", "replace"))
    if edit == "delete":
        return word[:i] + word[i + 1 :]
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeioustnrl") + word[i + 1 :]


def misspell(rng: random.Random, text: str, edits: int = 1, keep_names: bool = False) -> str:
    """`edits` character edits on random words of at least five letters (never names when keep_names)."""
    words = text.split(" ")
    eligible = [
        i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and not (keep_names and _TYPO_SKIP.match(w))
    ]
    for i in rng.sample(eligible, min(edits, len(eligible))):
        words[i] = _typo(rng, words[i])
    return " ".join(words)


class _Generator:
    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        reserved = {w for topic in TOPICS.values() for part in (topic[1], topic[2]) for p in part for w in p.split()}
        reserved |= {w for noun in NOUNS for w in noun.split()}
        reserved |= {w.lower() for variants in LEXICON.values() for v in variants for w in v.split()}
        self.names = _Names(self.rng, reserved)
        self.modifiers = [(m, topic_id) for topic_id, (_, _, mods) in TOPICS.items() for m in mods]
        self.entities: list[Entity] = []
        self.names_by_initial: dict[str, list[str]] = {}

    # --- entities ---

    def _place(self, region: Entity | None, about: bool) -> Entity:
        name = self.names.new()
        aliases = [f"{name} city"]
        variant = self.names.variant(name)
        if variant:
            aliases.append(variant)
        entity = Entity(_slug(name), "place", name, aliases, [region.id] if region else [], about)
        self.entities.append(entity)
        return entity

    def _company(self, about: bool) -> Entity:
        short = self.names.new()
        suffix = self.rng.choice(_COMPANY_SUFFIXES)
        name = f"{short} {suffix}"
        aliases = [short, f"{short} group"] if not suffix.endswith("Group") else [short]
        variant = self.names.variant(short)
        if variant:
            aliases.append(variant)
        entity = Entity(_slug(name), "organisation", name, aliases, [], about)
        self.entities.append(entity)
        return entity

    def make_entities(self) -> tuple[list[Entity], list[Entity], list[Entity]]:
        subjects = max(4, self.size // FACTS_PER_ENTITY)
        regions = []
        for _ in range(max(2, subjects // 40)):
            base = self.names.new((2, 2))
            entity = Entity(_slug(base), "place", base, [f"{base} {self.rng.choice(_REGION_WORDS)}"], [], True)
            self.entities.append(entity)
            regions.append(entity)
        places = [self._place(self.rng.choice(regions), True) for _ in range(subjects // 2)]
        companies = [self._company(True) for _ in range(subjects - subjects // 2)]
        for _ in range(max(10, self.size // 100)):  # the gazetteer
            if self.rng.random() < 0.5:
                self._place(self.rng.choice(regions), False)
            else:
                self._company(False)
        return regions, places, companies

    # --- facts ---

    def facts(self, regions: list[Entity], places: list[Entity], companies: list[Entity]) -> list[FactSpec]:
        specs: list[FactSpec] = []
        used: set[tuple[str, str, str]] = set()
        ids: set[str] = set()
        subjects = places + companies
        rng = self.rng
        while len(specs) < self.size:
            subject = subjects[len(specs) % len(subjects)] if len(specs) < len(subjects) else rng.choice(subjects)
            modifier, _ = rng.choice(self.modifiers)
            noun = rng.choice(NOUNS)
            key = (subject.id, modifier, noun)
            if key in used or len(f"{modifier} {noun}".split()) > 4:  # what a figure counts is read up to 4 words
                continue
            used.add(key)
            fact_id = _slug(f"{subject.id} {modifier} {noun}")[:MAX_ID_CHARS].rstrip("-")  # ids must fit buttons
            if fact_id in ids:
                continue
            ids.add(fact_id)
            source = f"report-{len(specs) // FACTS_PER_SOURCE + 1:05d}"
            alias = rng.choice(subject.aliases) if subject.aliases else subject.name
            if subject.kind == "place":
                kind = "count"
                entities = [subject.id]
                figure = str(rng.randint(2, 1800))  # not 1900-2099, which read as years
            elif rng.random() < 0.6:
                kind = "investment"
                place = rng.choice(places)
                entities = [subject.id, place.id]
                figure = f"{rng.randint(2, 900)} million yuan"
            else:
                kind = "award"
                region = rng.choice(regions)
                entities = [subject.id, region.id]
                figure = str(rng.randint(2016, 2024))
            spec = FactSpec(
                fact_id,
                kind,
                entities,
                subject.name,
                alias,
                modifier,
                noun,
                figure,
                figure if kind == "award" else "",
                source,
                [],
            )
            spec.questions = self.questions(spec)
            specs.append(spec)
        return specs

    def misspelt(self, text: str) -> str:
        """Two typos in a question's words, drawn again while one lands near a name (a misspelt "lines", "linse",
        is nearer the place Lianse than the word it was): the spelling corrector would rightly read the name."""
        if not self.names_by_initial:  # every name exists once the entities are made; a typo keeps the first letter
            for used in sorted(self.names.used):
                self.names_by_initial.setdefault(used[:1], []).append(used)
        for _ in range(20):
            typo = misspell(self.rng, text, 2, keep_names=True)
            changed = [w.lower() for w in set(typo.split()) - set(text.split())]
            near = (
                process.extractOne(w, self.names_by_initial.get(w[:1], []), scorer=fuzz.ratio, score_cutoff=80)
                for w in changed
            )
            if not any(near):
                return typo
        return text

    def questions(self, f: FactSpec) -> list[str]:
        """Five example questions: full, keyword, informal (an alias), typo, paraphrase."""
        rng = self.rng
        name, alias, mod, noun = f.subject, f.alias, f.modifier, f.noun
        lower = alias.lower()
        if f.kind == "count":
            full = rng.choice(
                [f"How many {mod} {noun} does {name} have?", f"How many {mod} {noun} are there in {name}?"]
            )
            keyword = rng.choice([f"{name.lower()} {mod} {noun}", f"{mod} {noun} {name.lower()} number"])
            informal = rng.choice([f"how many {mod} {noun} in {lower}", f"number of {mod} {noun} in {lower}"])
            typo = self.misspelt(f"how many {mod} {noun} has {name} got")
            paraphrase = f"What is the total count of {mod} {noun} in {name}?"
        elif f.kind == "investment":
            full = f"How much did {name} invest in {mod} {noun}?"
            keyword = f"{name.lower()} {mod} {noun} investment"
            informal = f"how much money did {lower} put into {mod} {noun}"
            typo = self.misspelt(f"how much has {name} invested in {mod} {noun}")
            paraphrase = f"How much money went into {name}'s {mod} {noun}?"  # an amount ("the size of": a measure)
        else:
            full = f"Which award did {name} win for {mod} {noun}?"
            keyword = f"{name.lower()} {mod} {noun} award"
            informal = f"did {lower} get a prize for its {mod} {noun}"
            typo = self.misspelt(f"what award was given to {name} for {mod} {noun}")
            paraphrase = f"When was {name} recognised for its {mod} {noun}?"
        return [full, keyword, informal, typo, paraphrase]

    def text(self, f: FactSpec, by_id: dict[str, Entity]) -> tuple[str, str]:
        """The fact's text and the article sentence it quotes."""
        if f.kind == "count":
            text = f"{f.subject} has {f.figure} {f.modifier} {f.noun}."
            quote = (
                f"By the end of last year {f.subject} had {f.figure} {f.modifier} {f.noun}, "
                f"according to the local bureau of industry and information technology."
            )
        elif f.kind == "investment":
            place = by_id[f.entities[1]].name
            text = f"{f.subject} invested {f.figure} in {f.modifier} {f.noun} in {place}."
            quote = f"{f.subject} has invested {f.figure} in {f.modifier} {f.noun} in {place}, the company said."
        else:
            region = by_id[f.entities[1]].name
            text = f"{f.subject} won the {f.figure} {region} innovation award for its {f.modifier} {f.noun}."
            quote = (
                f"In {f.figure}, {f.subject} received the {region} innovation award for its work on "
                f"{f.modifier} {f.noun}."
            )
        return text, quote


def generate(size: int, directory: Path, seed: int = 1) -> Generated:
    """Write a fact base of `size` facts into `directory` (emptied first) and return what it contains."""
    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)
    (directory / "articles").mkdir(parents=True)
    generator = _Generator(size, seed)
    regions, places, companies = generator.make_entities()
    specs = generator.facts(regions, places, companies)
    by_id = {e.id: e for e in generator.entities}
    unknown = [generator.names.new() for _ in range(200)]

    # topics and lexicon
    lines = ["topics:"]
    for topic_id, (name, aliases, _) in TOPICS.items():
        lines += [f"  - id: {topic_id}", f"    name: {_q(name)}", f"    aliases: [{', '.join(map(_q, aliases))}]", ""]
    for kind, name in (("figures", "Figures and counts"), ("investment", "Investment"), ("awards", "Awards")):
        lines += [f"  - id: {kind}", f"    name: {_q(name)}", ""]
    (directory / "topics.yaml").write_text("\n".join(lines), encoding="utf-8")
    lines = ["lexicon:", "  synonyms:"]
    lines += [f"    {_q(canonical)}: [{', '.join(map(_q, variants))}]" for canonical, variants in LEXICON.items()]
    (directory / "lexicon.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # entities
    lines = ["entities:"]
    for entity in generator.entities:
        lines += [f"  - id: {entity.id}", f"    kind: {entity.kind}", f"    name: {_q(entity.name)}"]
        if entity.aliases:
            lines.append(f"    aliases: [{', '.join(map(_q, entity.aliases))}]")
        if entity.part_of:
            lines.append(f"    part_of: [{', '.join(entity.part_of)}]")
        lines.append("")
    (directory / "entities.yaml").write_text("\n".join(lines), encoding="utf-8")

    # facts, sources and articles
    topic_of = dict((m, t) for m, t in generator.modifiers)
    articles: dict[str, list[str]] = {}
    files: dict[int, list[str]] = {}
    counts: dict[int, int] = {}
    for number, spec in enumerate(specs):
        text, quote = generator.text(spec, by_id)
        articles.setdefault(spec.source, []).append(quote)
        kind_topic = {"count": "figures", "investment": "investment", "award": "awards"}[spec.kind]
        block = [
            f"  - id: {spec.id}",
            f"    text: {_q(text)}",
            f"    source: {spec.source}",
            f"    quote: {_q(quote)}",
            f"    topics: [{topic_of[spec.modifier]}, {kind_topic}]",
            f"    entities: [{', '.join(spec.entities)}]",
            "    questions:",
            *(f"      - {_q(question)}" for question in spec.questions),
            "",
        ]
        files.setdefault(number // FACTS_PER_FILE, []).extend(block)
        counts[number // FACTS_PER_FILE] = counts.get(number // FACTS_PER_FILE, 0) + 1
    for number, block in files.items():
        header = [
            f"# Synthetic facts {number * FACTS_PER_FILE + 1}-{number * FACTS_PER_FILE + counts[number]}"
            f" (bench/synthetic.py, {size} facts).",
            "",
            "facts:",
        ]
        (directory / f"facts-{number + 1:04d}.yaml").write_text("\n".join(header + block), encoding="utf-8")
    lines = ["sources:"]
    rng = generator.rng
    for source, quotes in articles.items():
        date = f"{rng.randint(2018, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = f"Industry report {source.split('-')[1]}"
        lines += [
            f"  - id: {source}",
            f"    file: {source}.txt",
            f"    title: {_q(title)}",
            f"    publisher: {_q('Synthetic Daily')}",
            f'    date: "{date}"',
            "",
        ]
        body = [title, "", "The local bureau of industry and information technology published new figures this week."]
        for quote in quotes:
            body.append(
                quote
                + " "
                + rng.choice(
                    [
                        "Officials expect further growth.",
                        "The figures were audited.",
                        "More details are due next quarter.",
                        "",
                    ]
                )
            )
        (directory / "articles" / f"{source}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    (directory / "sources.yaml").write_text("\n".join(lines), encoding="utf-8")

    manifest = {
        "version": GENERATOR_VERSION,
        "size": size,
        "seed": seed,
        "facts": [asdict(s) for s in specs],
        "entities": [asdict(e) for e in generator.entities],
        "unknown_names": unknown,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return Generated(directory, specs, generator.entities, unknown)


def read_manifest(directory: Path) -> Generated:
    data = json.loads((Path(directory) / "manifest.json").read_text(encoding="utf-8"))
    return Generated(
        Path(directory),
        [FactSpec(**f) for f in data["facts"]],
        [Entity(**e) for e in data["entities"]],
        data["unknown_names"],
    )
