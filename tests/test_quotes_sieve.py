"""The attribution sieve of analysis/quotes.py: one small text of our own per rule and guard.

The fast tests give the entity pass's mentions by hand (``people``); the slow ones parse the text
with the model, as the pipeline does, for the rules that read the parse (subjects, appositions).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import read_corpus
from analysis.quotes import attribute_quotes, find_quotes, quote_table


def article_of(write_corpus, body: str):
    return read_corpus(write_corpus({"a.txt": "Headline\n\n" + body}))["a"]


def people(article, *names: str, label: str = "PERSON") -> pd.DataFrame:
    """A mention at every occurrence of each name; the entity is the name's last word."""
    rows = []
    for name in names:
        start = article.text.find(name)
        while start >= 0:
            rows.append((start, start + len(name), name.split()[-1], label))
            start = article.text.find(name, start + 1)
    return pd.DataFrame(rows, columns=["start", "end", "entity", "entity_label"])


def attributed(article, mentions, doc=None):
    rows = attribute_quotes(article, find_quotes(article), mentions, doc)
    return [(r["quote"], r["speaker"], r["attribution"]) for r in rows]


# ---- descriptions: the one person named earlier whose title fits ------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "Russian Foreign Minister Ivan Sorokin arrived.\n“We are close,” the minister said.\n",
            ("Sorokin", "description"),
        ),
        (  # a capitalised word of the description must be in the title: the Russian one
            "Russian Foreign Minister Ivan Sorokin met Dutch Foreign Minister Eva Bakker.\n"
            "“We are close,” the Russian minister said.\n",
            ("Sorokin", "description"),
        ),
        (  # two ministers fit "the minister": refused, never a guess
            "Russian Foreign Minister Ivan Sorokin met Dutch Foreign Minister Eva Bakker.\n"
            "“We are close,” the minister said.\n",
            ("", "description, ambiguous"),
        ),
        (  # a title with "of": its head is the word before it
            "U.S. Secretary of State Tom Reed flew in.\n"
            "The U.S. Secretary of State said the talks were “close”.\n",
            ("Reed", "description"),
        ),
        (  # an abbreviated title fits the word ("Gov." is a governor)
            "Ohio Gov. Dan Hale spoke first.\n“We are close,” the Ohio governor said.\n",
            ("Hale", "description"),
        ),
        (  # named only after the quotation: not "earlier in the article"
            "“We are close,” the minister said.\nForeign Minister Ivan Sorokin left.\n",
            ("", "description, unresolved"),
        ),
        (  # a deputy minister is not "the minister": Sorokin is the one
            "Foreign Minister Ivan Sorokin met Deputy Foreign Minister Eva Bakker.\n"
            "“We are close,” the minister said.\n",
            ("Sorokin", "description"),
        ),
        (  # even when the deputy is the only minister named
            "Deputy Foreign Minister Eva Bakker of Russia arrived.\n"
            "“We are close,” the minister said.\n",
            ("", "description, unresolved"),
        ),
        (  # nor is "the deputy minister" the minister: the rank must agree both ways
            "Foreign Minister Ivan Sorokin arrived.\n“We are close,” the deputy minister said.\n",
            ("", "description, unresolved"),
        ),
        (  # the lieutenant governor is not the governor
            "Ohio Gov. Dan Hale arrived.\n“We are close,” the lieutenant governor said.\n",
            ("", "description, unresolved"),
        ),
        (  # a former governor is not "the governor" ...
            "Former Ohio Gov. Dan Hale arrived.\n“We are close,” the governor said.\n",
            ("", "description, unresolved"),
        ),
        (  # ... but "the former governor"
            "Former Ohio Gov. Dan Hale arrived.\n“We are close,” the former governor said.\n",
            ("Hale", "description"),
        ),
        (  # "ex-" is "former"
            "Ex-Gov. Dan Hale arrived.\n“We are close,” the former governor said.\n",
            ("Hale", "description"),
        ),
        (  # "a minister" is someone not named before
            "Foreign Minister Ivan Sorokin arrived.\n“We are close,” a minister said.\n",
            ("", "description, unresolved"),
        ),
        (  # not a person: nobody to look for, even if the word was near a name
            "Foreign Minister Ivan Sorokin signed the letter.\n“We are close,” the letter says.\n",
            ("", "description, unresolved"),
        ),
    ],
)
def test_descriptions_resolve_to_the_one_person_they_fit(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ivan Sorokin", "Eva Bakker", "Tom Reed", "Dan Hale")
    ((_, speaker, how),) = attributed(article, mentions)
    assert (speaker, how) == expected


def folder_quotes(write_corpus, files: dict[str, str], *names: str) -> list[tuple]:
    """(article, quote, speaker, attribution) of a folder of articles, each name a PERSON."""
    corpus = read_corpus(write_corpus({k: "Headline\n\n" + v for k, v in files.items()}))
    mentions = pd.concat(
        [people(a, *names).assign(article_id=a.article_id) for a in corpus], ignore_index=True
    )
    table = quote_table(corpus, mentions)
    return [tuple(r) for r in table[["article_id", "quote", "speaker", "attribution"]].values]


@pytest.mark.parametrize(
    "other, expected",
    [
        # another article of the folder gives Dan Hale the title this one only describes
        ("Texas Gov. Dan Hale spoke first.\n", ("Hale", "description")),
        # without it, nobody named earlier here is a governor
        ("Dan Hale spoke first.\n", ("", "description, unresolved")),
        # the folder makes two people named earlier here Texas governors: refused
        (
            "Texas Gov. Dan Hale spoke first. Texas Gov. Tom Reed followed.\n",
            ("", "description, ambiguous"),
        ),
        # a former governor is another office: the one sitting governor is meant
        (
            "Texas Gov. Dan Hale spoke first. Former Texas Gov. Tom Reed followed.\n",
            ("Hale", "description"),
        ),
        # a former governor from the folder is not "the governor" here
        ("Former Texas Gov. Dan Hale spoke first.\n", ("", "description, unresolved")),
    ],
)
def test_a_description_may_use_the_titles_other_articles_give(write_corpus, other, expected):
    rows = folder_quotes(
        write_corpus,
        {
            "a.txt": other,
            "b.txt": "Dan Hale met Tom Reed.\n“We are close,” the Texas governor said.\n",
        },
        "Dan Hale",
        "Tom Reed",
    )
    assert [(speaker, how) for a, _, speaker, how in rows if a == "b"] == [expected]


def test_a_title_from_the_folder_needs_the_person_named_earlier_here(write_corpus):
    rows = folder_quotes(
        write_corpus,
        {
            "a.txt": "Texas Gov. Dan Hale spoke first.\n",
            "b.txt": "“We are close,” the Texas governor said.\nDan Hale left.\n",
        },
        "Dan Hale",
    )
    assert rows == [("b", "We are close,", "", "description, unresolved")]


def test_a_name_after_a_title_is_the_speaker_not_a_description(write_corpus):
    article = article_of(write_corpus, "“We are close,” the union's president Eva Bakker said.\n")
    assert attributed(article, people(article, "Eva Bakker")) == [
        ("We are close,", "Bakker", "name")
    ]


@pytest.mark.parametrize(
    "body",
    [
        # a title of capitalised words and a person noun before the name: the name speaks
        "“We are close,” Hale spokesman Tom Reed said.\n",
        "“We are close,” Springfield Tenants Union press secretary Tom Reed said.\n",
        # two appositions between the name and the verb
        "“We are close,” Tom Reed, a spokesman for Hale, a former mayor, said.\n",
    ],
)
def test_the_name_after_a_title_or_before_two_appositions_speaks(write_corpus, body):
    article = article_of(write_corpus, body)
    mentions = pd.concat([people(article, "Tom Reed"), people(article, "Hale")])
    ((_, speaker, how),) = attributed(article, mentions)
    assert (speaker, how) == ("Reed", "name")


# ---- "wrote on Twitter": the writer speaks, never the platform --------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Eva Bakker wrote on Twitter: “We are close.”\n",
        "“We are close,” Eva Bakker wrote on Twitter.\n",
        "On Twitter, Eva Bakker wrote: “We are close.”\n",
    ],
)
def test_wrote_on_twitter_names_the_writer(write_corpus, body):
    article = article_of(write_corpus, body)
    # even where the entity pass took Twitter for a person
    mentions = pd.concat([people(article, "Eva Bakker"), people(article, "Twitter")])
    ((_, speaker, how),) = attributed(article, mentions)
    assert (speaker, how) == ("Bakker", "name")


def test_he_or_she_is_never_a_one_word_name_such_as_twitter(write_corpus):
    article = article_of(write_corpus, "The post spread on Twitter.\n“We are close,” she wrote.\n")
    ((_, speaker, how),) = attributed(article, people(article, "Twitter"))
    assert (speaker, how) == ("", "pronoun, unresolved")


def test_he_or_she_skips_a_person_of_the_other_gender(write_corpus):
    article = article_of(
        write_corpus, "Tom Reed arrived with Ms. Eva Bakker.\n“We are close,” he said.\n"
    )
    mentions = pd.concat([people(article, "Tom Reed"), people(article, "Eva Bakker")])
    ((_, speaker, how),) = attributed(article, mentions)
    assert (speaker, how) == ("Reed", "pronoun")


@pytest.mark.parametrize(
    "body, expected",
    [
        # Mr. says it is a person, whatever label the entity pass voted for across the folder
        ("Mr. Tom Reed arrived.\n“We are close,” he said.\n", ("Reed", "pronoun")),
        # so does a member's title
        ("Sen. Tom Reed arrived.\n“We are close,” he said.\n", ("Reed", "pronoun")),
        ("Congressman Tom Reed arrived.\n“We are close,” he said.\n", ("Reed", "pronoun")),
        # without it, an ORG is no antecedent
        ("Tom Reed arrived.\n“We are close,” he said.\n", ("", "pronoun, unresolved")),
    ],
)
def test_an_honorific_makes_an_entity_a_person(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    ((_, speaker, how),) = attributed(article, people(article, "Tom Reed", label="ORG"))
    assert (speaker, how) == expected


# ---- mixed quotation marks (finding the quotation the sieve attributes) ------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        # a curly quotation closed by a straight mark, the next one straight
        (
            '“We are close," Tom Reed said. "Very close."\n',
            [("We are close,", "Reed", "name"), ("Very close.", "Reed", "same paragraph")],
        ),
        # a straight one closed by a curly mark
        ('Tom Reed said: "We are close.” He left.\n', [("We are close.", "Reed", "name")]),
        # a straight quotation inside a curly one is nested; an inch mark closes nothing
        (
            '“He said "no" to the 55" screen," Tom Reed said.\n',
            [('He said "no" to the 55" screen,', "Reed", "name")],
        ),
    ],
)
def test_mixed_quotation_marks(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    assert attributed(article, people(article, "Tom Reed")) == expected


# ---- carrying a speaker: same paragraph, continuation paragraphs ------------------------------


def test_a_speaker_is_carried_within_the_paragraph_when_nobody_intervenes(write_corpus):
    article = article_of(write_corpus, "“We are close,” Tom Reed said. “Very close.”\n")
    assert attributed(article, people(article, "Tom Reed")) == [
        ("We are close,", "Reed", "name"),
        ("Very close.", "Reed", "same paragraph"),
    ]


@pytest.mark.parametrize(
    "between",
    [
        "Eva Bakker shook her head.",  # another person named
        "She shook her head.",  # a he/she: someone else may be meant
    ],
)
def test_a_speaker_is_not_carried_past_another_person(write_corpus, between):
    article = article_of(write_corpus, f"“We are close,” Tom Reed said. {between} “Very close.”\n")
    mentions = pd.concat([people(article, "Tom Reed"), people(article, "Eva Bakker")])
    assert attributed(article, mentions)[1] == ("Very close.", "", "none")


def test_a_paragraph_of_quotation_continues_the_previous_speaker(write_corpus):
    article = article_of(
        write_corpus,
        "“We are close,” Tom Reed said.\n“We have a plan. We will keep to it.”\n“And soon.”\n",
    )
    assert attributed(article, people(article, "Tom Reed")) == [
        ("We are close,", "Reed", "name"),
        ("We have a plan. We will keep to it.", "Reed", "continuation"),
        ("And soon.", "Reed", "continuation"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        # another person after the quotation of the paragraph before
        "“We are close,” Tom Reed said of Eva Bakker.\n“We have a plan.”\n",
        # the paragraph is not a quotation only
        "“We are close,” Tom Reed said.\nThe talks went on. “We have a plan.”\n",
        # the paragraph before has no attributed quotation
        "Tom Reed arrived.\n“We have a plan.”\n",
    ],
)
def test_no_continuation_without_its_conditions(write_corpus, body):
    article = article_of(write_corpus, body)
    mentions = pd.concat([people(article, "Tom Reed"), people(article, "Eva Bakker")])
    assert attributed(article, mentions)[-1] == ("We have a plan.", "", "none")


# ---- the parse: subjects of speech verbs, appositions, pronouns by subject ----------------------


def parsed(article, nlp):
    from analysis.nlp import parse_corpus

    return next(iter(parse_corpus([article], nlp, progress=False)))


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # "X, the …, called it “…”": the subject of a speech verb outside the usual patterns
        (
            "Eva Bakker, the mayor of Springfield, called the plan “a disaster for the town.”\n",
            ("Bakker", "subject, name"),
        ),
        # "but noted": the subject of the clause the verb hangs from
        (
            "Eva Bakker praised the plan but noted that “the costs are high.”\n",
            ("Bakker", "subject, name"),
        ),
        # a participle after the clause: "…, accusing him of “…”"
        (
            "Eva Bakker criticized the council on Friday, accusing it of “losing another month.”\n",
            ("Bakker", "subject, name"),
        ),
        # a colon after a clause whose verb the tagger may call a noun
        ("Eva Bakker was quick to reply: “Not a chance.”\n", ("Bakker", "subject, name")),
        # the quotation in the clause of another subject that is no speech: nobody's words
        ("Eva Bakker arrived as the council “lost another month.”\n", ("", "none")),
        # a colon after a main clause about her, whatever its verb: her words
        ("Eva Bakker agreed: “It is a different job altogether.”\n", ("Bakker", "subject, name")),
        (
            "Eva Bakker, who chairs the board, had a similar experience: “It moved me.”\n",
            ("Bakker", "subject, name"),
        ),
        # what she read or saw is not hers
        ("Eva Bakker read the sign aloud: “No entry after dark.”\n", ("", "none")),
        # a colon after a clause that is not the main one
        (
            "The town put up the sign that Eva Bakker ordered: “No entry after dark.”\n",
            ("", "none"),
        ),
    ],
)
def test_the_subject_of_the_speech_verb(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    ((_, speaker, how),) = attributed(article, people(article, "Eva Bakker"), parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
def test_a_title_in_apposition_describes_the_person(write_corpus, nlp):
    article = article_of(
        write_corpus,
        "Eva Bakker, the mayor of Springfield, opened the meeting.\n"
        "“We are close,” the mayor said.\n",
    )
    ((_, speaker, how),) = attributed(article, people(article, "Eva Bakker"), parsed(article, nlp))
    assert (speaker, how) == ("Bakker", "description")


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # "of Ohio" describes Hale
        (
            "Senator Dan Hale of Ohio spoke.\n“We are close,” the Ohio senator said.\n",
            ("Hale", "description"),
        ),
        # "of President Tom Reed's party": a person's title in it is Reed's, not Hale's
        (
            "Senator Dan Hale of President Tom Reed’s party spoke.\n"
            "“We are close,” the president said.\n",
            ("Reed", "description"),
        ),
    ],
)
def test_of_a_place_describes_the_person_before_it(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    mentions = pd.concat([people(article, "Dan Hale"), people(article, "Tom Reed")])
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
def test_he_is_the_nearest_subject_not_the_nearest_name(write_corpus, nlp):
    # Tom Hall is named last, but as an object: the subject is the antecedent
    article = article_of(
        write_corpus,
        "Tom Reed met Tom Hall on Monday, urging Hall to act.\n“We are close,” he said.\n",
    )
    mentions = pd.concat([people(article, "Tom Reed"), people(article, "Tom Hall", "Hall")])
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == ("Reed", "pronoun")


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # no subject is a person: the nearest name, which Ms. says is a woman's
        (
            "The hearing ran late. Reporters waited for Ms. Eva Bakker.\n"
            "“We are close,” she said.\n",
            ("Bakker", "pronoun"),
        ),
        # the nearest name's gender is not known: refused
        (
            "The hearing ran late. Reporters waited for Eva Bakker.\n“We are close,” she said.\n",
            ("", "pronoun, unresolved"),
        ),
        # another person of no known gender in the paragraph: it may be either
        (
            "The hearing ran late. Reporters waited for Ms. Eva Bakker and Ann Lee.\n"
            "“We are close,” she said.\n",
            ("", "pronoun, unresolved"),
        ),
        # a man named after her is passed
        (
            "The hearing ran late. Reporters waited for Ms. Eva Bakker and Mr. Tom Reed.\n"
            "“We are close,” she said.\n",
            ("Bakker", "pronoun"),
        ),
        # a person we cannot name stands between, as a subject: refused
        (
            "The hearing ran late. Reporters waited for Ms. Eva Bakker. The aide arrived.\n"
            "“We are close,” she said.\n",
            ("", "pronoun, unresolved"),
        ),
    ],
)
def test_he_or_she_without_a_subject_is_the_nearest_name_of_that_gender(
    write_corpus, nlp, body, expected
):
    article = article_of(write_corpus, body)
    mentions = pd.concat([people(article, "Eva Bakker", "Ann Lee", "Tom Reed")])
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "first, expected",
    [
        # a she resolved to Bakker earlier tells her gender
        ("Eva Bakker spoke first, and she asked for calm.", ("Bakker", "pronoun")),
        ("Eva Bakker spoke first.", ("", "pronoun, unresolved")),
    ],
)
def test_a_resolved_he_or_she_tells_the_gender_of_a_name(write_corpus, nlp, first, expected):
    # Bakker as a subject is more than three paragraphs back: only her name near the quotation
    article = article_of(
        write_corpus,
        f"{first}\nThe hall was full.\nThe vote was close.\nThe rain fell.\n"
        "The crowd cheered for Bakker.\n“We are close,” she said.\n",
    )
    mentions = people(article, "Eva Bakker")
    mentions = pd.concat(
        [mentions, people(article, "for Bakker").assign(start=lambda m: m.start + 4)]
    )
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "between, expected",
    [
        # a description of the other gender, or of several people, is not he
        ("His mother was at home.", ("Reed", "pronoun")),
        ("Reporters were at home.", ("Reed", "pronoun")),
        # one of his gender may be: refused
        ("His father was at home.", ("", "pronoun, unresolved")),
    ],
)
def test_a_description_of_another_gender_or_number_does_not_stop_he(
    write_corpus, nlp, between, expected
):
    article = article_of(
        write_corpus, f"Tom Reed spoke first. {between}\n“We are close,” he said.\n"
    )
    ((_, speaker, how),) = attributed(article, people(article, "Tom Reed"), parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "first, expected",
    [
        ("Tom Reed is writing a letter.", ("Reed", "pronoun")),
        # two people as one subject: he is not both
        ("Tom Reed and Dan Hale are writing a letter.", ("", "pronoun, unresolved")),
    ],
)
def test_two_people_as_one_subject_stop_the_pronoun(write_corpus, nlp, first, expected):
    article = article_of(write_corpus, f"{first}\n“We are close,” he said.\n")
    mentions = people(article, "Tom Reed", "Dan Hale")
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
def test_a_proper_noun_the_tagger_calls_no_person_does_not_stop_the_pronoun(write_corpus, nlp):
    # "The Constitution" is a LAW to the tagger, not a person the entity pass missed
    article = article_of(
        write_corpus,
        "Tom Reed spoke at the hearing. The Constitution says little.\n“We are close,” he said.\n",
    )
    ((_, speaker, how),) = attributed(article, people(article, "Tom Reed"), parsed(article, nlp))
    assert (speaker, how) == ("Reed", "pronoun")


@pytest.mark.slow
@pytest.mark.parametrize(
    "who, expected",
    [
        # the name after a possessive speaks, even one the entity pass missed
        ("Springfield’s Tom Reed", ("Tom Reed", "name, not an entity")),
        # a description after it is someone we cannot name, not the owner
        ("Springfield’s spokesman", ("", "description, unresolved")),
    ],
)
def test_a_name_after_a_possessive_speaks(write_corpus, nlp, who, expected):
    article = article_of(write_corpus, f"“We are close,” {who} said.\n")
    empty = people(article)
    ((_, speaker, how),) = attributed(article, empty, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
def test_a_title_is_only_the_words_right_before_the_name(write_corpus, nlp):
    # "the minister" earlier in the clause is someone else, not Reed's title
    article = article_of(
        write_corpus,
        "When the minister greeted Tom Reed, the crowd cheered.\n"
        "“We are close,” the minister said.\n",
    )
    ((_, speaker, how),) = attributed(article, people(article, "Tom Reed"), parsed(article, nlp))
    assert (speaker, how) == ("", "description, unresolved")


@pytest.mark.slow
@pytest.mark.parametrize(
    "first, expected",
    [
        # Hale is the subject of what Reed said; writers mean either with "he" next: refused
        ("Tom Reed said Dan Hale would resign.", ("", "pronoun, ambiguous")),
        # an accusation, then the denial: the nearer one was meant, but nothing tells
        ("Mr. Tom Reed said Mr. Dan Hale stole the money.", ("", "pronoun, ambiguous")),
        # so in a relative clause
        ("Tom Reed thanked the voters that Dan Hale had lost.", ("", "pronoun, ambiguous")),
        # no person in the main clause: the reported one is the nearest
        ("Dan Hale arrived. Reporters said Dan Hale would resign.", ("Hale", "pronoun")),
        # the main clause's person is of the other gender: the reported one
        ("Ms. Eva Bakker said Mr. Dan Hale would resign.", ("Hale", "pronoun")),
    ],
)
def test_a_reported_subject_beside_another_person_is_no_answer(write_corpus, nlp, first, expected):
    article = article_of(write_corpus, f"{first}\n“We are close,” he said.\n")
    mentions = people(article, "Tom Reed", "Dan Hale", "Eva Bakker")
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
def test_a_person_we_cannot_name_stops_the_pronoun(write_corpus, nlp):
    # "the spokesman" is someone; nobody named earlier fits: refused rather than Tom Reed
    article = article_of(
        write_corpus, "Tom Reed left early.\nThe spokesman stayed.\n“We are close,” he said.\n"
    )
    ((_, speaker, how),) = attributed(article, people(article, "Tom Reed"), parsed(article, nlp))
    assert (speaker, how) == ("", "pronoun, unresolved")


@pytest.mark.slow
@pytest.mark.parametrize(
    "between, expected",
    [
        # a he that is the speaker again does not stop the carrying
        (" said, adding that he would stay.", ("Very close.", "Reed", "same paragraph")),
        (" said, adding that he, too, would stay.", ("Very close.", "Reed", "same paragraph")),
        # a he that is someone else does
        (" said. Dan Hale left, and he would not return.", ("Very close.", "", "none")),
    ],
)
def test_a_he_who_is_the_speaker_does_not_stop_the_carrying(write_corpus, nlp, between, expected):
    article = article_of(write_corpus, f"“We are close,” Tom Reed{between} “Very close.”\n")
    mentions = people(article, "Tom Reed", "Dan Hale")
    rows = attributed(article, mentions, parsed(article, nlp))
    assert rows[-1] == expected


@pytest.mark.slow
def test_a_described_person_between_two_quotations_stops_the_carrying(write_corpus, nlp):
    article = article_of(
        write_corpus, "“We are close,” Tom Reed said. The minister disagreed. “Very close.”\n"
    )
    rows = attributed(article, people(article, "Tom Reed"), parsed(article, nlp))
    assert rows == [("We are close,", "Reed", "name"), ("Very close.", "", "none")]


# ---- cost: linear in the article's length ------------------------------------------------------


def test_attribution_scales_linearly(write_corpus):
    import time

    def timed(n: int) -> float:
        body = "".join(
            f"“Point {i} stands,” Tom Reed said. Eva Bakker nodded. “Yes.”\n" for i in range(n)
        )
        article = article_of(write_corpus, body)
        mentions = pd.concat([people(article, "Tom Reed"), people(article, "Eva Bakker")])
        start = time.perf_counter()
        rows = attribute_quotes(article, find_quotes(article), mentions)
        assert len(rows) == 2 * n
        return time.perf_counter() - start

    timed(200)  # warm up
    small, large = timed(1000), timed(8000)
    # 8 times the text: a quadratic attributor takes ~64 times as long; allow 24 for noise
    assert large < 24 * small


@pytest.mark.parametrize(
    "body, expected",
    [
        # a full stop and a capital: the next sentence's subject speaks its own words
        ("“We are close.” Eva Bakker said the vote would wait.\n", ("", "none")),
        # a full stop and a lower-case word: the same sentence goes on
        ("“We are close.” said Eva Bakker.\n", ("Bakker", "name")),
        ("“We are close.” the mayor Eva Bakker said.\n", ("Bakker", "name")),
        # a question mark does not end the attribution
        ("“Why not?” Eva Bakker asked.\n", ("Bakker", "name")),
    ],
)
def test_a_sentence_ending_in_the_quotation_ends_it(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    ((_, speaker, how),) = attributed(article, people(article, "Eva Bakker"))
    assert (speaker, how) == expected


# ---- the attribution clause after a quotation -------------------------------------------------


def test_after_the_verb_a_title_before_the_name_leaves_the_name_speaking(write_corpus):
    article = article_of(
        write_corpus, "“It depends on the budget,” replied Vole Agency administrator Ann Hale.\n"
    )
    mentions = pd.concat([people(article, "Ann Hale"), people(article, "Vole Agency", label="ORG")])
    assert attributed(article, mentions) == [("It depends on the budget,", "Hale", "name")]


def test_the_object_of_the_reporting_verb_does_not_stop_carrying(write_corpus, nlp):
    # "tells The Vole Reporter" belongs to Ann Hale's attribution: her second quotation is hers
    article = article_of(
        write_corpus,
        "“We built it for the cloud,” Ann Hale, director of games at Vole, tells The Vole "
        "Reporter. “You will see what it can do.”\n",
    )
    rows = attributed(article, people(article, "Ann Hale"), parsed(article, nlp))
    assert [(s, how) for _, s, how in rows] == [("Hale", "name"), ("Hale", "same paragraph")]


def test_another_verb_after_the_speaker_keeps_the_person_it_names_in_the_way(write_corpus, nlp):
    # "adding that Bo Reed disagreed": Reed may speak the next quotation; nothing is carried
    article = article_of(
        write_corpus,
        "“We built it for the cloud,” Ann Hale said, adding that Bo Reed disagreed. “It is "
        "too early.”\n",
    )
    rows = attributed(article, people(article, "Ann Hale", "Bo Reed"), parsed(article, nlp))
    assert [(s, how) for _, s, how in rows] == [("Hale", "name"), ("", "none")]


# ---- the same words quoted twice --------------------------------------------------------------


def test_a_heading_repeating_a_quotation_takes_its_speaker(write_corpus):
    article = article_of(
        write_corpus,
        "“The bridge will be open by May”\n\n"
        "Ann Hale told the council: “I promise you that the bridge will be open by May.”\n",
    )
    assert attributed(article, people(article, "Ann Hale")) == [
        ("The bridge will be open by May", "Hale", "repeated"),
        ("I promise you that the bridge will be open by May.", "Hale", "name"),
    ]


def test_a_repetition_is_refused_when_two_speakers_said_it_or_it_is_short(write_corpus):
    article = article_of(
        write_corpus,
        "“The bridge will be open by May”\n\n“Thank you all”\n\n"
        "“The bridge will be open by May,” Ann Hale said.\n\n"
        "“The bridge will be open by May,” Bo Reed said. “Thank you all,” Reed said.\n",
    )
    rows = attributed(article, people(article, "Ann Hale", "Bo Reed", "Reed"))
    assert [(s, how) for _, s, how in rows[:2]] == [("", "none"), ("", "none")]


def test_two_apostrophes_close_a_curly_quotation(write_corpus):
    article = article_of(
        write_corpus, "“It was an attempt to mislead,’’ Ann Hale told the council. “We saw it.’’\n"
    )
    assert attributed(article, people(article, "Ann Hale")) == [
        ("It was an attempt to mislead,", "Hale", "name"),
        ("We saw it.", "Hale", "same paragraph"),
    ]


def test_a_name_in_the_title_after_the_quotation_is_part_of_the_attribution(write_corpus, nlp):
    # "Vole" (here taken for a person) titles the speaker; it does not stand between her two
    # quotations
    article = article_of(
        write_corpus,
        "“We ran every check,” Vole planetary scientist Ann Hale said of the find. “But we "
        "will have to get closer.”\n",
    )
    mentions = people(article, "Ann Hale", "Vole planetary")
    mentions = mentions.assign(entity=["Hale", "Vole"][: len(mentions)])
    rows = attributed(article, mentions, parsed(article, nlp))
    assert [(s, how) for _, s, how in rows] == [("Hale", "name"), ("Hale", "same paragraph")]


def test_a_description_ending_in_a_surname_is_that_person(write_corpus):
    # the entity pass missed "Bakker" in the description; the article names one Bakker in full
    article = article_of(
        write_corpus,
        "Eva Bakker won in two sets.\n“I played my best match,” the 14th-ranked Bakker said.\n",
    )
    mentions = people(article, "Eva Bakker").assign(entity="Eva Bakker")
    assert attributed(article, mentions) == [("I played my best match,", "Eva Bakker", "name")]


# ---- what the third round's rules must not do (a review's texts) -------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        # the title after the verb stops at a sentence's end and at a preposition
        ("“We won,” said Ann Hale. Her husband Tom Reed agreed.\n", "Hale"),
        ("“We won,” said Ann Hale of former coach Tom Reed.\n", "Hale"),
        # a name governed by a preposition is someone the speaker stands for, not the speaker
        ("Tom Reed visited.\n“He will not attend,” a spokesman for Reed said.\n", ""),
        ("Tom Reed visited.\n“He will not attend,” a source close to Reed said.\n", ""),
        ("Tom Reed visited.\n“He will not attend,” the lawyer representing Reed said.\n", ""),
    ],
)
def test_the_speaker_is_never_the_person_next_to_the_speaker(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tom Reed", "Reed").drop_duplicates("start")
    mentions = mentions.assign(entity=mentions["entity"].replace({"Reed": "Tom Reed"}))
    ((_, speaker, _),) = attributed(article, mentions)[:1] or [(None, "", None)]
    assert speaker.split()[-1:] == expected.split()[-1:]


def test_a_reply_holding_someones_words_is_not_theirs(write_corpus):
    article = article_of(
        write_corpus,
        "Tom Reed said the bill was “a gift to big banks today,” on Monday.\n\n"
        "Others disagreed.\n\n"
        "“It is not a gift to big banks today at all; it protects savers.”\n\n"
        "“A gift to big banks today”\n",
    )
    rows = attributed(article, people(article, "Tom Reed"))
    assert [(s, how) for _, s, how in rows] == [
        ("Reed", "name"),
        ("", "none"),  # holds Reed's words: a reply
        ("Reed", "repeated"),  # an excerpt of them: a heading
    ]


@pytest.mark.parametrize(
    "body, quoted",
    [
        ("“The suspect is about 5'10'' and wore a hoodie,” Ann Hale said.\n",
         "The suspect is about 5'10'' and wore a hoodie,"),
        ("“He called it ''insane'' and left,” Ann Hale said.\n",
         "He called it ''insane'' and left,"),
        ("“He told me, ‘Go home,’’’ Ann Hale said.\n", "He told me, ‘Go home,’"),
    ],
)  # fmt: skip
def test_two_apostrophes_close_only_where_no_height_title_or_inner_quote_explains_them(
    write_corpus, body, quoted
):
    article = article_of(write_corpus, body)
    assert [q.text for q in find_quotes(article)] == [quoted]
    assert attributed(article, people(article, "Ann Hale"))[0][1] == "Hale"


@pytest.mark.parametrize(
    "reply",
    [
        "“Are you sure?” Ann Hale asked Tom Reed. “Absolutely.”\n",
        "“I am leaving,” Ann Hale told Tom Reed. “Please don't go.”\n",
        "“Why?” Ann Hale asked Tom Reed. “Because the plan failed.”\n",
    ],
)
def test_the_person_spoken_to_may_answer(write_corpus, nlp, reply):
    article = article_of(write_corpus, reply)
    rows = attributed(article, people(article, "Ann Hale", "Tom Reed"), parsed(article, nlp))
    assert [(s, how) for _, s, how in rows] == [("Hale", "name"), ("", "none")]


def test_a_name_after_a_preposition_before_the_verb_is_not_the_speaker(write_corpus):
    article = article_of(
        write_corpus,
        "Tom Reed visited.\nAn aide to Reed told reporters the visit was “a great success”.\n",
    )
    rows = attributed(article, people(article, "Tom Reed", "Reed").drop_duplicates("start"))
    assert [(s, how) for _, s, how in rows] == [("", "name, not the speaker")]
    # "according to" names the source: the one preposition that does
    article = article_of(write_corpus, "“It was a success,” according to Tom Reed.\n")
    assert attributed(article, people(article, "Tom Reed"))[0][1:] == ("Reed", "name")


# ---- PolNeAR's development articles (third round): rules pinned on texts of our own ----------


@pytest.mark.slow
@pytest.mark.parametrize(
    "between",
    [
        # a person who only describes the speaker: in an apposition or a relative clause
        " said Ann Hale, a former Reed administration official who runs Vole Strategies.",
        ", said Ann Hale, who led the council under Mayor Tom Reed and has backed Bo Reed.",
        # or the occasion: a relative clause of the place
        " Ann Hale said at the gala in Springfield, where Tom Reed also spoke.",
    ],
)
def test_a_person_who_only_describes_the_attribution_does_not_stop_the_carrying(
    write_corpus, nlp, between
):
    article = article_of(write_corpus, f"“We are close,”{between} “Very close.”\n")
    mentions = people(article, "Ann Hale", "Tom Reed", "Bo Reed")
    rows = attributed(article, mentions, parsed(article, nlp))
    assert [(s, how) for _, s, how in rows] == [("Hale", "name"), ("Hale", "same paragraph")]


def test_a_title_is_never_read_across_a_sentence(write_corpus):
    # "Miss" ends the sentence before Reed's name: it makes him no woman, and "he" is him
    article = article_of(
        write_corpus,
        "Tom Reed spoke about the former Miss Springfield.\n\n"
        "Reed then left. “We are close,” he said.\n",
    )
    rows = attributed(article, people(article, "Tom Reed", "Reed").drop_duplicates("start"))
    assert rows[-1][1:] == ("Reed", "pronoun")


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "Ann Hale said, ''We are close.''\n",
            [("We are close.", "Hale", "name")],
        ),
        (  # a quotation running on into the next paragraph opens it with the marks again
            "''We are close,'' Ann Hale said. ''We will sign.\n\n''It takes a week.''\n",
            [("We are close,", "Hale", "name"),
             ("We will sign.\n\n''It takes a week.", "Hale", "same paragraph")],
        ),
        (  # a height is no quotation mark
            "Ann Hale, who is 5'10'' tall, said ''yes.''\n",
            [("yes.", "Hale", "name")],
        ),
    ],
)  # fmt: skip
def test_two_apostrophes_open_and_close_a_quotation_in_archive_style(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    rows = attributed(article, people(article, "Ann Hale"))
    assert [(q.strip(), s, how) for q, s, how in rows] == expected


@pytest.mark.slow
def test_a_nationality_inside_a_description_is_not_the_speaker(write_corpus, nlp):
    article = article_of(
        write_corpus,
        "The former senator and current Democratic presidential nominee said she wanted to "
        "speak “directly to voters.”\n",
    )
    mentions = people(article, "Democratic", label="NORP")
    ((_, speaker, _),) = attributed(article, mentions, parsed(article, nlp))
    assert speaker == ""


@pytest.mark.slow
@pytest.mark.parametrize(
    "first, expected",
    [
        # the sentence before is about one person: the description takes them up
        ("Tom Reed cited problems in the budget.", ("Reed", "description, subject")),
        # its main subject is a description we cannot place: no one
        (
            "The party's nominee spoke hours after Tom Reed left the hall.",
            ("", "description, unresolved"),
        ),
        # two sentences back is too far
        ("Tom Reed cited problems. The budget was late.", ("", "description, unresolved")),
    ],
)
def test_a_definite_description_with_no_title_takes_up_the_sentence_before(
    write_corpus, nlp, first, expected
):
    article = article_of(
        write_corpus, f"{first} “We need change,” the Springfield businessman said.\n"
    )
    rows = attributed(article, people(article, "Tom Reed"), parsed(article, nlp))
    assert rows[-1][1:] == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "first, expected",
    [
        (
            "The Springfield Debate Commission met.",
            ("Debate Commission", "description, organisation"),
        ),
        # two commissions named: which one is refused
        (
            "The Springfield Debate Commission met the Vole Trade Commission.",
            ("", "description, ambiguous"),
        ),
        ("Nobody met.", ("", "description, unresolved")),
    ],
)
def test_the_organisation_a_definite_description_names(write_corpus, nlp, first, expected):
    article = article_of(
        write_corpus, f"{first}\nThe commission said: “There were issues with the audio.”\n"
    )
    rows = []
    for name, entity in (("Springfield Debate Commission", "Debate Commission"),
                         ("Vole Trade Commission", "Trade Commission")):  # fmt: skip
        start = article.text.find(name)
        if start >= 0:
            rows.append((start, start + len(name), entity, "ORG"))
    orgs = pd.DataFrame(rows, columns=["start", "end", "entity", "entity_label"])
    assert attributed(article, orgs, parsed(article, nlp))[-1][1:] == expected


@pytest.mark.parametrize(
    "body",
    [
        "“We are close,” Sen. Ann Hale (D-Mo.) said.\n",
        "“We are close,” said Ann Hale. “Very close,” Rep. Tom Reed (R-N.Y.) added.\n",
        "Sen. Ann Hale (I-Vt.) said: “We are close.”\n",
    ],
)
def test_a_legislators_party_and_state_sit_between_name_and_verb(write_corpus, body):
    article = article_of(write_corpus, body)
    rows = attributed(article, people(article, "Ann Hale", "Tom Reed"))
    assert [s for _, s, _ in rows] == ["Hale", "Reed"][: len(rows)]


@pytest.mark.slow
def test_a_reporting_verb_the_parser_calls_a_noun_names_no_speaker(write_corpus, nlp):
    article = article_of(
        write_corpus, "The fact checkers rated 32% of Republican claims as “false” last year.\n"
    )
    mentions = people(article, "Republican", label="NORP")
    ((_, speaker, _),) = attributed(article, mentions, parsed(article, nlp))
    assert speaker == ""


@pytest.mark.slow
def test_a_statement_calling_something_is_its_authors(write_corpus, nlp):
    article = article_of(
        write_corpus,
        "The Springfield Council issued a statement calling the test “a clear violation.”\n",
    )
    mentions = people(article, "The Springfield Council", label="ORG")
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == ("Council", "subject, name")


@pytest.mark.slow
def test_an_organisation_speaking_between_two_quotations_stops_the_carrying(write_corpus, nlp):
    article = article_of(
        write_corpus,
        "“We are close,” Tom Reed said. The Vole Agency assured the public that the risk was "
        "“extremely low.”\n",
    )
    mentions = pd.concat(
        [people(article, "Tom Reed"), people(article, "The Vole Agency", label="ORG")]
    )
    rows = attributed(article, mentions, parsed(article, nlp))
    assert [(s, how) for _, s, how in rows] == [("Reed", "name"), ("Agency", "subject, name")]


@pytest.mark.parametrize(
    "body, expected",
    [
        # an epigraph or pull quote signed at the end of its line
        ("“Had he stayed, he would have won.” — Ann Hale\n", "Hale"),
        ("“Had he stayed, he would have won.” – Ann Hale\n", "Hale"),
        # a dash that goes on with the sentence signs nothing
        ("“Had he stayed, he would have won.” — Ann Hale's words, not mine.\n", ""),
    ],
)
def test_a_quotation_signed_with_a_dash_is_its_signers(write_corpus, body, expected):
    article = article_of(write_corpus, body)
    ((_, speaker, _),) = attributed(article, people(article, "Ann Hale"))
    assert speaker == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "title, expected",
    [("", ("", "pronoun, unresolved")), ("Mr. ", ("Reed", "pronoun"))],
)
def test_a_he_passes_a_subject_the_article_has_called_she(write_corpus, nlp, title, expected):
    # Hale is "she" twice before the "he": not his antecedent, whatever her name says
    article = article_of(
        write_corpus,
        f"In 1997, Ann Hale wrote, she interviewed {title}Tom Reed for a convention. She put a "
        "prompt to him.\n“No,” he said.\n",
    )
    mentions = people(article, "Ann Hale", "Tom Reed")
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize("title, expected", [("President ", "Reed"), ("", "")])
def test_a_one_word_name_after_a_title_is_a_person(write_corpus, nlp, title, expected):
    # a one-word name never written in full may be a tagging error; after "President" it is not
    article = article_of(
        write_corpus,
        f"{title}Reed tied himself to the outcome. Reed sent a similar message ahead of the "
        "vote. “Vote today,” he said.\n",
    )
    ((_, speaker, _),) = attributed(article, people(article, "Reed"), parsed(article, nlp))
    assert speaker == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        ("As Ann Hale put it, “Had he stayed, he would have won.” Tom Reed left.\n", "Hale"),
        (
            "As Ms. Ann Hale put it in a statement to a reporter in July, the network is "
            "“providing a perspective you won't get.”\n",
            "Hale",
        ),
        # "as" framing another sentence names nobody here
        ("As Ann Hale put it, the plan failed. Tom Reed said it was “a disaster.”\n", "Reed"),
    ],
)
def test_as_someone_put_it_frames_the_quotation_of_its_sentence(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tom Reed")
    ((_, speaker, _),) = attributed(article, mentions, parsed(article, nlp))
    assert speaker == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # reported speech right before a quotation that opens its sentence
        (
            "The cells sense the body's chemistry, Ann Hale said. “Once those go out of whack, "
            "the cells respond.”\n",
            ("Hale", "sentence before"),
        ),
        # somebody else in between, or another paragraph: nobody's
        ("Ann Hale said the plan had failed. Tom Reed arrived. “It is over.”\n", ("", "none")),
        ("Ann Hale said Tom Reed had failed. “It is over.”\n", ("", "none")),
        ("Ann Hale said the plan had failed.\n“It is over.”\n", ("", "none")),
        # an attribution set off by a comma interrupts what it reports
        (
            "Ann Hale said, there will be three rockets by 2024. “I am not sure that could "
            "happen.”\n",
            ("Hale", "sentence before"),
        ),
        # someone else speaks in that sentence too
        (
            "The crowd chanted as the verdict was read, Ann Hale said. “Justice for all!”\n",
            ("", "none"),
        ),
        # a named owner of a claim, and "likened … to"
        (
            "The checkers weighed Ann Hale’s claim that there were “many shootings” here.\n",
            ("Hale", "subject, name"),
        ),
        ("Ann Hale likened the rules to “burning the Constitution.”\n", ("Hale", "subject, name")),
        # a phrase about her statement inside someone else's ruling is not hers: the checkers'
        (
            "The checkers ruled that Ann Hale’s statement about “shootings” was right.\n",
            ("", "description, unresolved"),
        ),
    ],
)
def test_reported_speech_and_claims_name_the_speaker(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tom Reed")
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "The Springfield Council on Friday condemned the test and pledged sanctions against "
            "what it called “a clear threat to peace.”\n",
            ("Springfield Council", "pronoun, organisation"),
        ),
        (
            "The Springfield Council met on Friday. It said the test was “a clear threat.”\n",
            ("Springfield Council", "pronoun, organisation"),
        ),
        # "it" may be the ad the sentence before is about: refused
        (
            "The ad was pulled by the Springfield Council. It said the mayor was “a threat.”\n",
            ("", "pronoun, unresolved"),
        ),
    ],
)
def test_an_it_that_speaks_is_the_organisation_named_before(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    start = article.text.find("Springfield Council")
    mentions = pd.DataFrame(
        [(start, start + len("Springfield Council"), "Springfield Council", "ORG")],
        columns=["start", "end", "entity", "entity_label"],
    )
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # the speech verb nearest the quotation speaks it, not the reporting clause before it
        (
            "Tim Reed spoke. He said his predecessor, Ann Hale, had dubbed the role “the Hale "
            "problem.”\n",
            "Hale",
        ),
        # no speech verb after the reporting clause, or one whose subject names nobody
        ("Tim Reed said Ann Hale was “far too slow.”\n", "Reed"),
        ("Tim Reed said in a letter that the ad “wrongly” suggests the city backs him.\n", "Reed"),
    ],
)
def test_the_speech_verb_nearest_the_quotation_speaks_it(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tim Reed")
    ((_, speaker, _),) = attributed(article, mentions, parsed(article, nlp))
    assert speaker == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "others, expected",
    [(" and Dale Ford", ("", "pronoun, unresolved")), ("", ("John Ford", "pronoun"))],
)
def test_a_surname_with_another_label_is_a_person_a_pronoun_stops_at(
    write_corpus, nlp, others, expected
):
    # the entity pass called the bare "Ford" an organisation (a car maker's name): it is still
    # one of the Fords, so the "he" is his, or nobody's when two Fords are named; never Hale's
    article = article_of(
        write_corpus,
        f"John Ford{others} wrote books. Ann Hale read them. Ford struggled. “It is hard,” he "
        "wrote.\n",
    )
    rows = []
    for name in ("John Ford", "Dale Ford", "Ann Hale"):
        start = article.text.find(name)
        if start >= 0:
            rows.append((start, start + len(name), name, "PERSON"))
    start = article.text.find("Ford struggled")
    rows.append((start, start + 4, "Ford", "ORG"))
    mentions = pd.DataFrame(sorted(rows), columns=["start", "end", "entity", "entity_label"])
    ((_, speaker, how),) = attributed(article, mentions, parsed(article, nlp))
    assert (speaker, how) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # the name the subject gives someone, after "as", or the phrase the subject uses
        ("In recent weeks, Ann Hale has gone after Tom Reed as a “spoiled brat.”\n", "Hale"),
        ("Ann Hale has used the phrase “radical terrorism” often in her campaign.\n", "Hale"),
        # passive: nobody gives it here; seeing is not saying
        ("Tom Reed was seen as “weak” by many.\n", ""),
        ("Ann Hale saw the plan as “a disaster”.\n", ""),
        ("The company, which Ann Hale views as “a fundamental right,” grew.\n", ""),
        # two people's: neither's alone
        ("Ann Hale and Tom Reed, who would eulogize him as his “blood brother,” left.\n", ""),
    ],
)
def test_a_name_given_as_or_a_phrase_used_is_the_subjects(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tom Reed")
    ((_, speaker, _),) = attributed(article, mentions, parsed(article, nlp))
    assert speaker == expected


@pytest.mark.slow
@pytest.mark.parametrize("apposition, expected", [("a professor", "Ann Hale"), ("a fund", "")])
def test_a_name_tagged_otherwise_is_a_person_its_apposition_says_is_one(
    write_corpus, nlp, apposition, expected
):
    article = article_of(
        write_corpus,
        f"Ann Hale, {apposition} in Boston, said the talks were stalled. “We are out,” she said.\n",
    )
    start = article.text.find("Ann Hale")
    mentions = pd.DataFrame(
        [(start, start + 8, "Ann Hale", "ORG")], columns=["start", "end", "entity", "entity_label"]
    )
    rows = attributed(article, mentions, parsed(article, nlp))
    assert rows[-1][1] == expected


# ---- texts a review wrote against the fifth round's rules: none may name the wrong person ------


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, wrong",
    [
        ("Maria Olsen got a text from her daughter at 2 a.m.: “Mom, I'm scared.”\n", "Olsen"),
        (
            "Maria Olsen still remembers the first thing the surgeon told her: “You are lucky "
            "to be alive.”\n",
            "Olsen",
        ),
        (
            "Detective Maria Olsen testified that she found a note on the seat. “I'm sorry for "
            "everything.”\n",
            "Olsen",
        ),
        ("Maria Olsen recalled the moment the doctor walked in. “It's a girl.”\n", "Olsen"),
        (
            "Tom Reddick sat beside Maria Olsen. Olsen said she had warned him about the audit. "
            "“You knew and you did nothing.”\n",
            "Olsen",
        ),
        (
            "Union leader Maria Olsen said the company had made its final offer. “Take it or "
            "leave it.”\n",
            "Olsen",
        ),
        (
            "Tom Reddick used the charity as a “personal piggy bank,” prosecutors said.\n",
            "Reddick",
        ),
        ("Tom Reddick, who died Sunday, rose to fame as “the King of Polka.”\n", "Reddick"),
        (
            "Maria Olsen testified that Tom Reddick called her repeatedly, “sometimes five times "
            "an hour.”\n",
            "Reddick",
        ),
        (
            "President Tom Reddick has ruled the island with “an iron fist” since 1994, "
            "according to rights groups.\n",
            "Reddick",
        ),
        (
            "The audit, as Maria Olsen reported last week, found “widespread irregularities.”\n",
            "Olsen",
        ),
        ("The chart has one new entry:\n“Blue Harbor” — Maria Olsen\n", "Olsen"),
    ],
)
def test_words_received_read_or_reported_are_not_given_to_the_wrong_person(
    write_corpus, nlp, body, wrong
):
    article = article_of(write_corpus, body)
    mentions = people(article, "Maria Olsen", "Tom Reddick")
    ((_, speaker, _),) = attributed(article, mentions, parsed(article, nlp))
    assert speaker != wrong


def test_an_adverb_in_ly_sits_between_the_speaker_and_the_verb(write_corpus):
    article = article_of(
        write_corpus,
        "The candidate Ann Hale boldly suggested that the mayor “pays nothing in taxes.”\n",
    )
    ((_, speaker, _),) = attributed(article, people(article, "Ann Hale"))
    assert speaker == "Hale"


# ---- sixth round ------------------------------------------------------------------------------


def speakers_and_rules(write_corpus, nlp, body):
    """(speaker, rule) of each quotation of ``body``, with Ann Hale, Tom Reed and Liu Wen named."""
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tom Reed", "Liu Wen")
    return [(s, how) for _, s, how in attributed(article, mentions, parsed(article, nlp))]


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # a name after a title "to" a place speaks; one right after "to" does not
        (
            "Vole’s ambassador to Britain Liu Wen has said that Vole has the “will and the "
            "means” to end the dispute.\n",
            [("Wen", "subject, name")],
        ),
        (
            "“The plan is a disaster,” an aide to Ann Hale told reporters.\n",
            [("", "name, not the speaker")],
        ),
        # what a named owner announced, even as a clause with a subject of its own
        (
            "Despite Ann Hale’s announcement that the two sides had reached a “historic” deal, "
            "nothing was signed.\n",
            [("Hale", "subject, name")],
        ),
        (
            "After Ann Hale’s announcement, the two sides said they had reached a “historic” "
            "deal.\n",
            [("", "description, unresolved")],  # the sides' words
        ),
    ],
)
def test_sixth_round_rules(write_corpus, nlp, body, expected):
    assert speakers_and_rules(write_corpus, nlp, body) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # verbs of the manner of speaking report as "said" does
        ("“Go register,” Ann Hale implored.\n", [("Hale", "name")]),
        ("“Are we still talking about that?” Tom Reed fumed.\n", [("Reed", "name")]),
        # "chimed in" is reported speech the next quotation goes on with; "Her friend" is no
        # one else spoken of
        (
            "Tom Reed laughed.\nHer friend Ann Hale, 20, a student from Memphis, chimed in. "
            "“I did not think I would vote. Now I am.”\n",
            [("Hale", "sentence before")],
        ),
        # a person's label and a colon, at the start of the paragraph
        (
            "Ann Hale, The Springfield Journal: “It looked calm for a while.”\n",
            [("Hale", "name")],
        ),
        # but not a label that names nobody we know
        ("Update: “The debate ended at ten.”\n", [("", "none")]),
        # "a freshman named Ann Hale" is Ann Hale, whom the next "she" takes up
        (
            "Tom Reed promised he would build it.\nA freshman named Ann Hale posted a picture "
            "online.\n“Super proud of our art work,” she tweeted.\n",
            [("Hale", "pronoun")],
        ),
    ],
)
def test_manner_verbs_labels_and_named_subjects(write_corpus, nlp, body, expected):
    assert speakers_and_rules(write_corpus, nlp, body) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # a preposition governs the claim, not its owner
        (
            "The checkers seized on Ann Hale’s claim that there were “thousands of shootings” "
            "there.\n",
            [("Hale", "subject, name")],
        ),
        # the name the appositions describe speaks, not the place inside them
        (
            "Ann Hale, the foreign minister of France, a member of the council, said the "
            "latest “provocation cannot be left without consequences.”\n",
            [("Hale", "name")],
        ),
        (
            "Rep. Ann Hale of Ohio, the ranking Democrat on the panel, urged the council to "
            "develop a “concerted” response.\n",
            [("Hale", "name")],
        ),
        # a he/she's search meets a description, which takes up the person before it
        (
            "Ann Hale says she has big plans for the month.\nThe Republican nominee noted that "
            "her campaign has spent little. She said, “We have some big plans.”\n",
            [("Hale", "pronoun")],
        ),
        # words conveyed are the conveyer's, not those of the one who reported it
        (
            "Still, The Springfield Times reported at the time that the network editor in "
            "chief, Ann Hale, conveyed to Mr. Reed that his statement was “not in line with our "
            "editorial policy.”\n",
            [("Hale", "subject, name")],
        ),
        # "they" doing something between two quotations: nothing is carried over them
        (
            "The checkers weighed Ann Hale’s claim that there were “thousands of shootings” "
            "there. On Tuesday they published the results, announcing that it was “true.”\n",
            [("Hale", "subject, name"), ("", "none")],
        ),
    ],
)
def test_objects_owners_appositions_and_they(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tom Reed")
    got = [
        (speaker, how) for _, speaker, how in attributed(article, mentions, parsed(article, nlp))
    ]
    assert got == expected


@pytest.mark.slow
def test_an_organisation_before_a_person_noun_names_nobody(write_corpus, nlp):
    # "a career Vole Army officer" works for the army; the army did not describe the call
    article = article_of(
        write_corpus,
        "Tom Reed testified.\nThe hearing follows the testimony of a career Vole Army officer "
        "who described the call as “improper.”\n",
    )
    mentions = pd.concat(
        [people(article, "Tom Reed"), people(article, "Vole Army", label="ORG")],
        ignore_index=True,
    )
    rows = attributed(article, mentions, parsed(article, nlp))
    assert [(speaker, how) for _, speaker, how in rows] == [("", "description, unresolved")]


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, expected",
    [
        # the round's review: texts where a new rule's condition holds but the words are
        # someone else's; each is refused now (or given to the right person)
        ("Tom Reed spoke.\nAnn Hale snapped a photo of supporters chanting “Lock him up.”\n", ""),
        ("Ann Hale scoffed at Tom Reed’s claim that the bill was “dead on arrival.”\n", "Reed"),
        ("Ann Hale sighed as Tom Reed described the plan as “finished.”\n", "Reed"),
        ("Ann Hale gushed over the report, which called her plan “the best in the state.”\n", ""),
        ("Ann Hale conveyed the governor’s “deep concern” to the board on Monday.\n", ""),
        ("Tom Reed, quoting Ann Hale: “Nobody is above the law.”\n", ""),
        ("Tom Reed, in Ann Hale’s words: “A danger to the republic.”\n", ""),
        ("Ann Hale, the target of the new attack ad: “She raised your taxes. Twice.”\n", ""),
        ("Tom Reed, citing Ann Hale’s memo: “The levee will not hold.”\n", ""),
        (
            "Ms. Hale died in March. At the funeral, Mr. Reed recalled her last words. “Do not "
            "give up the fight.”\n",
            "",
        ),
        (
            "An aide to Rep. Ann Hale of Ohio, the ranking Democrat on the panel, said the bill "
            "was “dead.”\n",
            "",
        ),
        ("A spokesman for Senator Ann Hale said the bill was “dead on arrival.”\n", ""),
        ("“The talks are over,” a spokesman for Sen. Ann Hale told reporters.\n", ""),
        (
            "A lawyer for Tom Reed, the former mayor of Springfield, said the charges were "
            "“baseless.”\n",
            "",
        ),
        (
            "Ms. Hale sued the city in May. The presiding judge noted that the case was unusual. "
            "She said, “This will take time.”\n",
            "",
        ),
        (
            "Ann Hale’s announcement that the union, which had called the deal “a betrayal,” "
            "would strike surprised many.\n",
            "",
        ),
    ],
)
def test_the_review_of_the_sixth_round(write_corpus, nlp, body, expected):
    article = article_of(write_corpus, body)
    mentions = people(article, "Ann Hale", "Tom Reed", "Ms. Hale", "Mr. Reed")
    ((_, speaker, _how),) = attributed(article, mentions, parsed(article, nlp))
    assert speaker == expected


# ---- seventh round: refusals that were bugs, found beside the textacy peer ---------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "body, names, expected",
    [
        # a heading line is not part of the next line's subject: "Our ruling" is no -ing word
        # before the name ("an aide representing Hale" is)
        (
            "The council met on Monday.\n\nOur ruling\n\nAnn Hale said that “$53 million a "
            "week is lost.”\n",
            {"PERSON": ["Ann Hale"]},
            [("Hale", "name")],
        ),
        # a person's name ends the subject: a possessive in the words after it owns nothing
        (
            "“Organics are important,” said planetary geologist Liu Wen of the Vole Institute’s "
            "laboratory in Ohio.\n",
            {"PERSON": ["Liu Wen"]},
            [("Wen", "subject, name")],
        ),
        # an auxiliary between the speaker and the verb is no word of a description
        (
            "The UK has urged an “end to the violence and a political dialogue”.\n",
            {"GPE": ["UK"]},
            [("UK", "subject, name")],  # the parse's subject, no longer "The UK has"
        ),
        (
            "The mayor has said that the plan was “a mistake”.\n",
            {"PERSON": ["Ann Hale"]},
            [("", "description, unresolved")],  # nobody named is the mayor
        ),
        # the review of the round: a single line break only wraps a sentence, so the name after
        # it is still governed ...
        (
            "The council has met for weeks. A spokesman for\nTom Reed said “the deal is off.”\n",
            {"PERSON": ["Tom Reed"]},
            [("", "name, not the speaker")],
        ),
        (
            "The lawyer representing\nTom Reed told reporters “my client is innocent.”\n",
            {"PERSON": ["Tom Reed"]},
            [("", "name, not the speaker")],
        ),
        (
            "Critics of\nTom Reed said “he lied to voters.”\n",
            {"PERSON": ["Tom Reed"]},
            [("", "name, not the speaker")],
        ),
        (
            "The campaign of\nTom Reed has called the ad “a lie.”\n",
            {"PERSON": ["Tom Reed"]},
            [("", "name, not the speaker")],
        ),
        # ... and a name opening a clause on the subject noun is not its apposition
        (
            "The company Tom Reed founded has said “we are cooperating.”\n",
            {"PERSON": ["Tom Reed"]},
            [("", "description, unresolved")],
        ),
        (
            "Ann Hale with the Reed campaign called the polls “rigged.”\n",
            {"PERSON": ["Ann Hale"]},
            [("Hale", "subject, name")],
        ),
    ],
)
def test_seventh_round_fixes(write_corpus, nlp, body, names, expected):
    article = article_of(write_corpus, body)
    mentions = pd.concat(
        [people(article, *group, label=label) for label, group in names.items()],
        ignore_index=True,
    )
    rows = attributed(article, mentions, parsed(article, nlp))
    assert [(speaker, how) for _, speaker, how in rows] == expected
