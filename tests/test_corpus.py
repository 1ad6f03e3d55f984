"""Reading articles: zones, decoding, metadata, bad input.

The seed expectations below come from reading each seed file line by line (2026-11-22/23).
"""

from __future__ import annotations

import codecs
import hashlib
import time
from dataclasses import replace

import pytest

from analysis.corpus import (
    CONTEXT_RULES,
    DEFAULT_RULES,
    RULE_REASONS,
    Article,
    CorpusError,
    Segment,
    article_labels,
    corpus_from_json,
    corpus_to_json,
    decode,
    load_zone_rules,
    mark_repeated,
    read_corpus,
    repeated_lines,
    rule_reason,
    split_zones,
)

# sha256 of ../shared/seeds/* as delivered; data/articles/ must hold exactly these bytes.
SEED_SHA256 = {
    "000_2e98f640cd47a897.txt": "dca1caf0b0a401ac5b369f6a44f6c7cc81d2c6b160bdccd1689ca6cdee071e42",
    "001_47cfd1b68c902f6c.txt": "b89a24096d215b28e87ee40028cdac0921abf4b53650e60f906b474bf2418b48",
    "002_6576ef386a19e029.txt": "da40adbde5aad528b98880bef953a991f0dc4d0ea24a1b9a6ec962df002b713f",
    "003_732f6ac769fbedc7.txt": "3cc7fc8f844d4caae8bd4a1dbbb602640d7b99bb1f085ca1e882b3ba772ebffd",
    "004_8c358ccf751265ad.txt": "fb361108269de35fe96eabed5c68d72ced7324cc10fdce4da682a5f7c4b919f4",
}


def zones_of(text: str, rules=DEFAULT_RULES) -> list[tuple[str, str]]:
    return [(s.zone, s.text) for s in split_zones(text, rules)]


# ---- the seed corpus --------------------------------------------------------------------------


def test_seed_files_are_the_delivered_bytes(seed_dir):
    found = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in seed_dir.iterdir()
        if p.suffix == ".txt"
    }
    assert found == SEED_SHA256


def test_seed_corpus_reads_five_articles_in_file_order(seed_corpus):
    assert seed_corpus.ids == [name.removesuffix(".txt") for name in sorted(SEED_SHA256)]
    assert seed_corpus.warnings == ()
    assert [a.sha256 for a in seed_corpus] == [SEED_SHA256[a.file] for a in seed_corpus]
    assert {a.encoding for a in seed_corpus} == {"utf-8"}


def test_seed_headlines(seed_corpus):
    assert [a.headline for a in seed_corpus] == [
        "The united states and Russia agree to speed up peace process for Syria",
        "U.S., Russia agree on Syria peace process",
        "Russia, US agree to global talks, facilitate peace process in Syria",
        "US, Russia, holding crucial talks on Syria",
        "US, Russia achieve clarity on new Syrian truce",
    ]


def dropped(article) -> list[tuple[str, str, str]]:
    return [
        (s.zone, s.rule, s.text) for s in article.segments if s.zone in ("caption", "boilerplate")
    ]


def test_seed_000_ends_with_mobile_switch_boilerplate(seed_corpus):
    a = seed_corpus["000_2e98f640cd47a897"]
    assert dropped(a) == [("boilerplate", "mobile_switch", "Exit mobile version")]
    assert len(a.body) == 9


def test_seed_001_caption_credit_and_five_furniture_lines(seed_corpus):
    a = seed_corpus["001_47cfd1b68c902f6c"]
    zone_rules = [(z, r) for z, r, _ in dropped(a)]
    assert zone_rules == [
        ("caption", "photo_credit"),
        ("boilerplate", "comments_prompt"),
        ("boilerplate", "comments_prompt"),
        ("boilerplate", "editor_contact"),
        ("boilerplate", "email_contact"),
        ("boilerplate", "copyright"),
    ]
    caption = a.captions[0]
    assert caption.startswith("Russian Foreign Minister Sergey Lavrov, right,")
    assert caption.endswith("on May 8, 2013. | AP")
    assert [t for *_, t in dropped(a)][1:] == [
        "Please Wait while comments are loading...",
        "This article is closed for comments.",
        "Please Email the Editor",
        "Comments to: web.thehindu@thehindu.co.in",
        "Copyright ©2015, The Hindu",
    ]
    assert len(a.body) == 13


def test_seed_002_caption_with_position_marker(seed_corpus):
    a = seed_corpus["002_6576ef386a19e029"]
    assert dropped(a) == [
        (
            "caption",
            "position_marker",
            "Syrian President Bashar al-Assad (L) and U.S. Senator John Kerry meet in Damascus on "
            "January 8, 2005, to discuss the latest developments in the Middle East and Iraq.",
        )
    ]


def test_seed_003_share_advertisements_and_unpunctuated_caption(seed_corpus):
    a = seed_corpus["003_732f6ac769fbedc7"]
    assert [(z, r) for z, r, _ in dropped(a)] == [
        ("boilerplate", "share_button"),
        ("boilerplate", "advertisement"),
        ("boilerplate", "advertisement"),
        ("caption", "photo_verb_no_period"),
    ]
    # "Share" is the file's first line; the headline is the first line that is not furniture
    assert a.segments[0].text == "Share" and a.segments[1].zone == "headline"
    assert a.captions == [
        "U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei "
        "Lavrov shake hands during a bilateral meeting focused on the Syrian "
        "crisis in Geneva Switzerland"
    ]
    assert len(a.body) == 16


def test_seed_004_caption_split_from_the_quote_on_its_line(seed_corpus):
    a = seed_corpus["004_8c358ccf751265ad"]
    assert a.captions == [
        "U.S. Secretary of State John Kerry, left, and Russian Foreign Minister "
        "Sergei Lavrov, right, shake hands during a meeting in Geneva, "
        "Switzerland, Friday, Aug. 26, 2016."
    ]
    after = [s for s in a.segments if s.rule == "after_caption"]
    assert len(after) == 1 and after[0].zone == "body"
    assert after[0].text.startswith("“But as I have said")


def test_every_segment_points_at_its_text(seed_corpus):
    for article in seed_corpus:
        for seg in article.segments:
            assert article.text[seg.start : seg.end] == seg.text
        # nothing but white space falls outside the segments
        covered = set()
        for seg in article.segments:
            covered.update(range(seg.start, seg.end))
        assert all(article.text[i].isspace() for i in range(len(article.text)) if i not in covered)


def test_segment_at_finds_the_segment_of_every_offset(seed_corpus):
    for article in seed_corpus:
        for offset in range(len(article.text) + 1):
            linear = [s for s in article.segments if s.start <= offset < s.end]
            assert article.segment_at(offset) == (linear[0] if linear else None)
            index = article.segment_index(offset)
            assert (index is None) == (not linear)


def test_segment_lookups_stay_cheap_on_a_long_article():
    # 20,000 one-word lines; a lookup per character offset. A scan of every segment per lookup
    # (the old segment_at) makes about 10^9 comparisons here; a binary search about 10^6.
    n = 20_000
    text = "".join(f"w{i:05d}\n" for i in range(n))
    segments = tuple(Segment("body", 7 * i, 7 * i + 6, f"w{i:05d}", "paragraph") for i in range(n))
    article = Article("a", "a.txt", "txt", "", len(text), "utf-8", text, segments)
    started = time.perf_counter()
    found = [article.segment_index(offset) for offset in range(len(text))]
    assert time.perf_counter() - started < 2.0
    assert found[:8] == [0, 0, 0, 0, 0, 0, None, 1] and found[-1] is None


def test_corpus_json_round_trip(seed_corpus):
    assert corpus_from_json(corpus_to_json(seed_corpus)) == seed_corpus
    assert corpus_to_json(seed_corpus) == corpus_to_json(
        corpus_from_json(corpus_to_json(seed_corpus))
    )


# ---- zones on small texts ---------------------------------------------------------------------


def test_first_line_is_headline_rest_is_body():
    assert zones_of("Talks resume\n\nKerry met Lavrov.\nThey spoke.\n") == [
        ("headline", "Talks resume"),
        ("body", "Kerry met Lavrov."),
        ("body", "They spoke."),
    ]


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Share", "share_button"),
        ("  ADVERTISEMENT ", "advertisement"),
        ("Exit mobile version", "mobile_switch"),
        ("This article is closed for comments.", "comments_prompt"),
        ("Please Email the Editor", "editor_contact"),
        ("Comments to: news@example.org", "email_contact"),
        ("Copyright ©2015, The Hindu", "copyright"),
        ("© 2016 Example Media. All rights reserved.", "copyright"),
        ("(c) 2014-2016 Example Media", "copyright"),
        ("Example Media. All rights reserved.", "copyright"),
        ("Follow us on Twitter and Facebook", "social_follow"),
    ],
)
def test_boilerplate_rules(line, rule):
    assert DEFAULT_RULES.boilerplate_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell in Moscow on Monday.",  # a sentence that starts like furniture
        "Advertisement revenue was not discussed.",
        "Kerry said he would e-mail Lavrov the proposal.",
        "Comments from both sides were cautious.",
        "Copyright law was not on the agenda in Geneva.",
    ],
)
def test_story_sentences_are_not_boilerplate(line):
    assert DEFAULT_RULES.boilerplate_rule(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Politicians of all stripes, left, right and centre, condemned the attack on Sunday.",
        "Gov. Chris Christie (R) and Gov. Andrew Cuomo (D) announced a joint plan on Monday.",
        "Kerry, who meets Lavrov in Geneva on Friday, told reporters:",
        "The two ministers meet again in Geneva next week — if the truce holds …",
    ],
)
def test_story_lines_are_not_captions(line):
    assert zones_of(f"Headline\n{line}\n")[1] == ("body", line)


def test_caption_runs_into_paragraph_is_split_after_first_sentence_end():
    text = (
        "Headline\nJohn Kerry, left, and Sergei Lavrov, right, meet in Geneva, Friday, Aug. 26, "
        "2016. “We agreed,” Kerry said. Mr. Lavrov nodded.\n"
    )
    assert zones_of(text)[1:] == [
        (
            "caption",
            "John Kerry, left, and Sergei Lavrov, right, meet in Geneva, Friday, Aug. 26, 2016.",
        ),
        ("body", "“We agreed,” Kerry said. Mr. Lavrov nodded."),
    ]


def test_abbreviation_does_not_end_a_caption():
    text = "Headline\nKerry (L) and Lavrov meet in the U.S. Embassy. Talks went on.\n"
    assert zones_of(text)[1:] == [
        ("caption", "Kerry (L) and Lavrov meet in the U.S. Embassy."),
        ("body", "Talks went on."),
    ]


def test_present_tense_photo_line_needs_no_final_punctuation():
    caption = "Kerry and Lavrov shake hands during a bilateral meeting in Geneva Switzerland"
    assert zones_of(f"Headline\n{caption}\n")[1] == ("caption", caption)
    sentence = "Kerry and Lavrov shake hands during a bilateral meeting in Geneva, aides said."
    assert zones_of(f"Headline\n{sentence}\n")[1] == ("body", sentence)


def test_dropped_lines_are_kept_with_their_rule():
    article_text = "Share\nHeadline\nBody.\nAdvertisement\n"
    segs = split_zones(article_text)
    assert [(s.zone, s.rule, s.start, s.end) for s in segs] == [
        ("boilerplate", "share_button", 0, 5),
        ("headline", "first_line", 6, 14),
        ("body", "paragraph", 15, 20),
        ("boilerplate", "advertisement", 21, 34),
    ]


# ---- the furniture lexicon: one line per rule, written for these tests -----------------------


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Share on WhatsApp", "share_button"),
        ("Get short URL", "share_button"),
        ("1.2k shares", "share_button"),
        ("Story continues below advertisement", "advertisement"),
        ("Join the conversation", "comments_prompt"),
        ("Questions or tips? Write to the desk at desk@example.org.", "contact_line"),
        ("Copyright © Example Daily Herald", "copyright"),
        ("Order Reprints", "reprint_notice"),
        ("(Reporting by Ana Lima in Geneva; Editing by Tom Reed)", "wire_credit"),
        ("Jo Park contributed reporting from Seoul.", "wire_credit"),
        ("AFP, Reuters and AP", "wire_credit"),
        ("Source: Example News and agencies", "wire_credit"),
        ("— With assistance from Sam Ode", "wire_credit"),
        ("By ANA LIMA and TOM REED", "byline"),
        ("Jo Park and Sam Ode Associated Press", "byline"),
        ("Ana Lima 2021-03-04 10:15", "byline"),
        ("Updated: March 4, 2021 10:15 a.m. EST", "timestamp"),
        ("Published 3 hours ago", "timestamp"),
        ("4 min read", "reading_time"),
        ("Image 3 of 12", "counter"),
        ("2 / 7", "counter"),
        ("_______________", "separator"),
        ("* * *", "separator"),
        ("https://example.org/world/talks-resume", "url_line"),
        ("Short link: https://ex.am/x1", "url_line"),
        ("Photo", "media_placeholder"),
        ("Watch video", "media_placeholder"),
        ("Back to gallery", "media_placeholder"),
        ("Skip to content", "navigation"),
        ("Next article", "navigation"),
        ("News › World › Europe", "navigation"),
        ("You may also like", "read_more"),
        ("More:", "read_more"),
        ("Related coverage", "read_more"),
        ("READ MORE: Talks resume in Vienna", "read_more_link"),
        ("[Related: Ministers meet again]", "read_more_link"),
        ("Continue reading the main story", "continue_reading"),
        ("Live updates: Ceasefire talks in Geneva", "live_updates"),
        ("Follow our full coverage of the talks at example.org/talks", "live_updates"),
        ("Follow her on Twitter @jdoe", "social_follow"),
        # a newsletter form flattened into lines
        ("Sign up for our morning briefing", "subscribe"),
        ("Enter your email address", "subscribe"),
        ("Thank you for subscribing!", "subscribe"),
        ("Please enter a valid email address", "subscribe"),
        ("Something went wrong. Please try again.", "subscribe"),
        ("Get the day's top stories in your inbox. Sign up for the newsletter.", "subscribe"),
        ("By signing up, you agree to our terms.", "subscribe"),
        ("Click here to get the app", "click_here"),
        ("Peace takes patience.Click To Tweet", "click_to_tweet"),
        ("Like this:", "like_prompt"),
        ("Tags: Syria, Geneva, diplomacy", "tags"),
        ("If you value our reporting, please consider a donation.", "support_prompt"),
        ('<span class="ad-slot"></span>', "markup"),
        ("- Print this article", "share_button"),  # a bullet before the furniture is ignored
    ],
)
def test_furniture_lexicon(line, rule):
    assert DEFAULT_RULES.boilerplate_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the talks had collapsed.",
        "More than 250,000 people have died since the war began.",
        "More in Geneva was expected of both ministers.",
        "Popular in Moscow, the plan was unpopular in Kyiv.",
        "Related talks in Vienna ended without a deal.",
        "Live fire exercises continued near the border.",
        "Updated figures released on Monday showed 400 dead.",
        "Like this year's talks, the meeting ended early.",
        "Thank you, Mr. Lavrov, the minister said.",
        "Something went wrong in Geneva, a diplomat said.",
        "An error occurred in the count, officials said.",
        "Two million people subscribe to the ministry's newsletter, it said.",
        "By signing up to the truce, both sides agreed to pull back.",
        "If you value freedom, you must defend it, he said.",
        "With assistance from Russia, the army retook the city.",
        "Five agencies contributed to the report, which was published on Friday.",
        "The hackers sent messages from admin@example.gov, investigators said.",
        "Research by the institute found that the truce held.",
        "Follow-up talks are planned for June.",
        "Next week the ministers meet again.",
        "Home Secretary Jane Doe said the talks would go on.",
        "The page's source held <script>alert(1)</script> in its title, researchers said.",
    ],
)
def test_story_sentences_that_start_like_furniture_stay_body(line):
    assert DEFAULT_RULES.boilerplate_rule(line) is None
    assert zones_of(f"Headline\n{line}\n")[1] == ("body", line)


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Ministers meet in Geneva on Friday. (AP Photo/Jane Doe)", "credit_in_parentheses"),
        ("A convoy crosses the border (credit: Example Agency)", "credit_in_parentheses"),
        ("A convoy crosses the border. Photograph by Jane Doe/Example", "credit_suffix"),
        ("Aid trucks wait at the crossing. © Reuters / Jane Doe", "credit_suffix"),
        ("Aid trucks wait at the crossing, Getty Images", "comma_credit"),
        ("Aid trucks wait at the crossing Jane Doe/Example Times/Getty Images", "slash_credit"),
        ("A file image of the minister via AP", "via_credit"),
        ("Getty Images", "agency_credit"),
        ("(Example Studios Inc.)", "credit_in_parentheses"),
        ("In this March 3, 2021, file photo, a convoy crosses the border.", "photo_description"),
        ("This undated image released by the ministry shows the convoy.", "photo_description"),
        (
            "A soldier waves at a convoy near the border on Tuesday, March 2, 2021, in Idlib.",
            "caption_date",
        ),
        ("A convoy at the border crossing. (AP Photo/Jane Doe) less", "caption_toggle"),
        ("A convoy at the border crossing near the town as it ... more", "caption_toggle"),
    ],
)
def test_caption_credit_rules(line, rule):
    assert zones_of(f"Headline\n{line}\nThe talks went on.\n")[1] == ("caption", line)
    assert DEFAULT_RULES.caption_match(line)[0] == rule


def test_a_dated_sentence_with_a_quotation_is_not_a_caption():
    line = "“We are close,” Kerry said on Friday, Aug. 26, 2016, in Geneva."
    assert zones_of(f"Headline\n{line}\n")[1] == ("body", line)


def rules_of(text: str, rules=DEFAULT_RULES) -> list[tuple[str, str, str]]:
    return [(s.zone, s.rule, s.text) for s in split_zones(text, rules)]


def test_subheading_is_a_short_unpunctuated_line_before_a_paragraph():
    text = (
        "Talks resume\n"
        "The ministers met for ten hours in Geneva.\n"
        "What comes next\n"
        "Both sides will meet again next week.\n"
        "Aid convoys\n"  # the last line: no paragraph follows, so no sub-heading
    )
    assert [(z, r) for z, r, _ in rules_of(text)] == [
        ("headline", "first_line"),
        ("body", "paragraph"),
        ("subheading", "subheading"),
        ("body", "paragraph"),
        ("body", "paragraph"),
    ]


def test_a_list_of_short_lines_is_not_a_run_of_subheadings():
    text = (
        "Headline\nThe plan has three parts:\nA ceasefire\nAid access\nTalks\nIt begins Friday.\n"
    )
    # only the line right before the paragraph introduces it
    assert [z for z, _, _ in rules_of(text)] == [
        "headline",
        "body",
        "body",
        "body",
        "subheading",
        "body",
    ]


def test_lines_before_the_first_paragraph_without_final_punctuation_are_header_lines():
    text = (
        "Talks resume in Geneva\n"
        "World news\n"  # a kicker
        "Ministers agree on a new round of talks after ten hours\n"  # a second title
        "The ministers met for ten hours in Geneva on Friday.\n"
        "Next steps\n"
        "They meet again next week.\n"
    )
    assert [(z, r) for z, r, _ in rules_of(text)] == [
        ("headline", "first_line"),
        ("boilerplate", "header_line"),
        ("boilerplate", "header_line"),
        ("body", "paragraph"),
        ("subheading", "subheading"),
        ("body", "paragraph"),
    ]


def test_text_without_final_punctuation_anywhere_has_no_header_lines():
    # not prose with furniture in front of it: nothing to set the first lines apart from
    text = "Talks resume\none two three four five\nsix seven eight nine\n"
    assert [z for z, _, _ in rules_of(text)] == ["headline", "body", "body"]


def test_every_default_rule_says_why():
    names = {n for kind in ("boilerplate", "caption") for n, _ in getattr(DEFAULT_RULES, kind)}
    names |= set(CONTEXT_RULES) | {"first_line", "page_title", "paragraph", "main_text"}
    names |= {"after_caption"}
    assert names == set(RULE_REASONS)
    assert rule_reason("my_rule") == "a rule from the zone rules file"


def test_a_line_repeating_the_headline_is_set_aside():
    text = "Talks resume in Geneva\nTalks resume  in GENEVA\nThe ministers met on Friday.\n"
    assert rules_of(text)[1] == ("boilerplate", "headline_repeated", "Talks resume  in GENEVA")


def test_links_after_a_prompt_are_set_aside_until_the_story_resumes():
    text = (
        "Talks resume\n"
        "The ministers met for ten hours in Geneva.\n"
        "Related coverage\n"
        "Aid convoys reach the north\n"
        "Who will pay for reconstruction?\n"
        "Both sides will meet again next week.\n"
    )
    assert [(z, r) for z, r, _ in rules_of(text)][2:] == [
        ("boilerplate", "read_more"),
        ("boilerplate", "after_prompt"),
        ("boilerplate", "after_prompt"),
        ("body", "paragraph"),
    ]


def test_the_line_before_a_standalone_credit_is_its_caption():
    text = (
        "Talks resume\n"
        "The ministers met for ten hours in Geneva.\n"
        "A convoy waits at the border crossing near Idlib\n"
        "Jane Doe/Example Times\n"
        "Both sides will meet again next week.\n"
    )
    assert [(z, r) for z, r, _ in rules_of(text)][2:] == [
        ("caption", "before_credit"),
        ("caption", "slash_credit"),
        ("body", "paragraph"),
    ]


def test_a_quotation_before_a_credit_line_stays_body():
    text = (
        "Talks resume\nThe ministers met for ten hours.\n“We are close,” Kerry said.\n"
        "Jane Doe/Example Times\n"
    )
    assert [(z, r) for z, r, _ in rules_of(text)][2:] == [
        ("body", "paragraph"),
        ("caption", "slash_credit"),
    ]


def test_a_paragraph_is_never_taken_for_the_headline():
    para = (
        "The ministers met for ten hours in Geneva on Friday and agreed to meet again next "
        "week to discuss aid, the ceasefire and the exchange of prisoners."
    )
    # the title line reads like furniture and is set aside: the text has no headline
    text = f"Breaking: talks collapse\n{para}\nThey left.\n"
    assert [(z, r) for z, r, _ in rules_of(text)] == [
        ("boilerplate", "live_updates"),
        ("body", "paragraph"),
        ("body", "paragraph"),
    ]


def test_an_html_title_is_the_headline_even_when_it_reads_like_furniture():
    text = "Breaking: talks collapse\nThe ministers left Geneva.\n"
    assert rules_of(text)[0] == ("boilerplate", "live_updates", "Breaking: talks collapse")
    assert split_zones(text, headline="title")[0].rule == "page_title"


def test_an_html_page_without_a_title_has_no_headline(write_corpus):
    # the first paragraph must not become the headline (and leave the body)
    para = "The ministers met for ten hours in Geneva on Friday and agreed to meet again. " * 3
    html = f"<html><body><article><p>{para}</p><p>{para.upper()}</p></article></body></html>"
    article = read_corpus(write_corpus({"a.html": html}))["a"]
    assert article.headline == ""
    assert [s.zone for s in article.segments] == ["body", "body"]
    assert split_zones("One line.\nTwo lines.\n", headline="none")[0].zone == "body"
    with pytest.raises(ValueError, match="headline must be one of"):
        split_zones("x\n", headline="second_line")


@pytest.mark.parametrize(
    "head", ["", "By ", "Reporting by ", "Jane Doe and John Roe ", "(", "Updated ", "Follow "]
)
def test_no_rule_backtracks_catastrophically(head):
    # long runs of what the patterns repeat (capitals, names, dates, URLs, spaces), each followed
    # by what makes the match fail: a nested quantifier would take minutes on some of them
    pieces = ["ABCDEFGHIJ", "Aa", "A.", "Ab-", "Jan. ", "12 ", "Jane Doe ", ", ", "x.com/", " "]
    pieces += ["http://a.com/b ", "a@b.co ", "Aa Bb/", "1:", "(", "“"]
    for piece in pieces:
        for tail in (" lower words.", "?"):
            line = (head + piece * 400)[:2000] + tail
            started = time.perf_counter()
            DEFAULT_RULES.boilerplate_rule(line)
            DEFAULT_RULES.caption_match(line)
            assert time.perf_counter() - started < 0.5, (head, piece, tail)


# ---- corpus-level evidence -------------------------------------------------------------------


def test_short_lines_repeated_across_articles_are_furniture_unless_quoted(write_corpus):
    folder = write_corpus(
        {
            "a.txt": "Talks resume\nKerry met Lavrov in Geneva.\nGet our morning digest\n"
            "“We are close,” Kerry said.\n",
            "b.txt": "Ministers meet\nLavrov said little after the talks.\nGet our morning digest\n"
            "“We are close,” Kerry said.\n",
            "c.txt": "Aid convoy\nThe convoy reached the north on Friday.\n",
        }
    )
    corpus = read_corpus(folder)
    for article_id in ("a", "b"):
        zones = {s.text: (s.zone, s.rule) for s in corpus[article_id].segments}
        assert zones["Get our morning digest"] == ("boilerplate", "repeated_line")
        assert zones["“We are close,” Kerry said."] == ("body", "paragraph")
    assert [s.zone for s in corpus["c"].segments] == ["headline", "body"]


def test_a_short_line_inside_shared_wire_copy_is_not_furniture(write_corpus):
    wire = (
        "The ministers met for ten hours in Geneva on Friday and agreed to meet again "
        "next week to discuss aid and the ceasefire.\n"
        "Nothing was signed.\n"
        "Officials on both sides said the talks had been useful but hard, and that the aid "
        "convoys would wait until the ceasefire held.\n"
    )
    folder = write_corpus({"a.txt": "Talks resume\n" + wire, "b.txt": "Geneva talks\n" + wire})
    corpus = read_corpus(folder)
    assert all(s.zone in ("headline", "body") for a in corpus for s in a.segments)


def test_repeated_lines_counts_a_duplicate_article_once(write_corpus):
    text = "Talks resume\nKerry met Lavrov.\nGet our morning digest\n"
    corpus = read_corpus(write_corpus({"a.txt": text, "b.txt": text}))
    assert corpus["b"].duplicate_of == "a"
    assert {s.rule for a in corpus for s in a.segments} == {"first_line", "paragraph"}


def test_repeated_lines_is_a_function_of_the_segments():
    a = split_zones("H1\nKerry met Lavrov.\nNewsletter of the week\n")
    b = split_zones("H2\nLavrov met Kerry.\nNewsletter of the week\n")
    assert repeated_lines([a, b]) == {"newsletter of the week"}
    assert mark_repeated(a, {"newsletter of the week"})[-1].rule == "repeated_line"
    off = replace(DEFAULT_RULES, disabled=("repeated_line",))
    assert repeated_lines([a, b], off) == set()


# ---- zone rules files -------------------------------------------------------------------------


def test_rules_file_extends_defaults(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("boilerplate:\n  newsletter: 'get our daily newsletter'\n")
    rules = load_zone_rules(path)
    assert rules.boilerplate_rule("Get our daily newsletter") == "newsletter"
    assert rules.boilerplate_rule("Share") == "share_button"


def test_rules_file_can_replace_defaults(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("replace: true\nboilerplate:\n  only: 'xyz'\n")
    rules = load_zone_rules(path)
    assert rules.boilerplate_rule("Share") is None and rules.caption == ()


def test_rules_file_disables_rules_and_changes_settings(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "disable: [subheading, share_button]\n"
        "settings:\n  link_max_words: 3\n"
        "prompts: [more_reading]\n"
        "boilerplate:\n  more_reading: 'further reading elsewhere'\n"
    )
    rules = load_zone_rules(path)
    assert rules.boilerplate_rule("Share") is None
    assert rules.link_max_words == 3
    text = (
        "Talks resume\nThe ministers met.\nNext steps\nThey meet again.\n"
        "Further reading elsewhere\nAid convoys\nA long headline of an older story\n"
    )
    assert [(z, r) for z, r, _ in rules_of(text, rules)][2:] == [
        ("body", "paragraph"),  # the sub-heading rule is off
        ("body", "paragraph"),
        ("boilerplate", "more_reading"),
        ("boilerplate", "after_prompt"),
        ("body", "paragraph"),  # longer than link_max_words: the list has ended
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        ("disable: [no_such_rule]\n", "'disable' names no rule: no_such_rule"),
        ("disable: subheading\n", "'disable' must be a list of rule names"),
        ("settings:\n  subheading_words: 5\n", "'settings' may set only"),
        ("settings:\n  link_max_words: 0\n", "settings.link_max_words must be a whole number"),
        ("settings:\n  link_max_words: many\n", "settings.link_max_words must be a whole"),
        ("boilerplate:\n  broken: '(unclosed'\n", "zone rule boilerplate.broken: invalid regular"),
        ("boilerplate: [a, b]\n", "'boilerplate' must map rule names"),
        ("captions:\n  x: y\n", "expected the keys"),
        ("boilerplate: {a: b\n", "not valid YAML"),
    ],
)
def test_bad_rules_file_names_file_and_problem(tmp_path, content, message):
    path = tmp_path / "rules.yaml"
    path.write_text(content)
    with pytest.raises(CorpusError, match="rules.yaml") as err:
        load_zone_rules(path)
    assert message in str(err.value)


def test_missing_rules_file(tmp_path):
    with pytest.raises(CorpusError, match="zone rules file not found"):
        load_zone_rules(tmp_path / "nope.yaml")


# ---- decoding ---------------------------------------------------------------------------------


def test_decode_utf8_bom_and_line_ends():
    assert decode(codecs.BOM_UTF8 + "Kerry’s talks\r\nbody\rmore".encode()) == (
        "Kerry’s talks\nbody\nmore",
        "utf-8-sig",
        None,
    )


def test_decode_utf16_with_bom():
    text, encoding, warning = decode("Lavrov’s view\r\n".encode("utf-16"))
    assert (text, encoding, warning) == ("Lavrov’s view\n", "utf-16", None)


def test_decode_cp1252_with_warning():
    text, encoding, warning = decode("Kerry’s “talks” in Genève".encode("cp1252"))
    assert text == "Kerry’s “talks” in Genève" and encoding == "cp1252"
    assert "Windows-1252" in warning


def test_cp1252_article_is_read_with_a_warning_naming_it(write_corpus):
    folder = write_corpus({"a.txt": "Headline\nGenève talks “resumed”.\n".encode("cp1252")})
    corpus = read_corpus(folder)
    assert corpus["a"].body == ["Genève talks “resumed”."]
    assert [(w.file, "Windows-1252" in w.problem) for w in corpus.warnings] == [("a.txt", True)]


def test_crlf_article_offsets_point_into_normalised_text(write_corpus):
    folder = write_corpus({"a.txt": b"Headline\r\n\r\nFirst paragraph.\r\nSecond.\r\n"})
    article = read_corpus(folder)["a"]
    assert article.text == "Headline\n\nFirst paragraph.\nSecond.\n"
    assert [(s.zone, s.start, s.end) for s in article.segments] == [
        ("headline", 0, 8),
        ("body", 10, 26),
        ("body", 27, 34),
    ]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \n", "empty file"),
        ("image.txt", bytes(range(256)) * 4, "binary data"),
        (
            "page.html",
            b"<html><head><script>var x = 1;</script></head><body></body></html>",
            "no main text found",
        ),
        ("notes.pdf", b"%PDF-1.4", "not an article"),
    ],
)
def test_unreadable_files_are_skipped_with_a_warning_naming_them(
    write_corpus, name, content, problem
):
    folder = write_corpus({"good.txt": "Headline\nA body.\n", name: content})
    corpus = read_corpus(folder)
    assert corpus.ids == ["good"]
    assert len(corpus.warnings) == 1
    assert corpus.warnings[0].file == name and problem in corpus.warnings[0].problem
    with pytest.raises(CorpusError, match=f"{name}.*strict mode"):
        read_corpus(folder, strict=True)


def test_duplicate_text_is_flagged_and_kept(write_corpus):
    folder = write_corpus(
        {"a.txt": "Headline\nSame body.\n", "b.txt": "Headline\r\nSame body.\r\n"}
    )
    corpus = read_corpus(folder)
    assert corpus.ids == ["a", "b"]
    assert corpus["b"].duplicate_of == "a" and corpus["a"].duplicate_of is None
    assert [w.file for w in corpus.warnings] == ["b.txt"]
    assert "same text as 'a'" in corpus.warnings[0].problem


def test_html_article_main_text_via_trafilatura(write_corpus):
    para = (
        "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Geneva "
        "on Friday to discuss a new ceasefire in Syria, officials said."
    )
    html = f"""<!doctype html><html><head><title>Kerry and Lavrov meet in Geneva</title></head>
    <body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
    <article><h1>Kerry and Lavrov meet in Geneva</h1><p>{para}</p>
    <p>The two men spoke for more than ten hours, an unusually long meeting, before announcing
    that they had reached an understanding on several points.</p></article>
    <footer>Copyright 2016 Example News. All rights reserved.</footer></body></html>"""
    article = read_corpus(write_corpus({"kerry.html": html}))["kerry"]
    assert article.format == "html"
    assert article.headline == "Kerry and Lavrov meet in Geneva"
    assert article.body[0] == para and len(article.body) == 2
    assert "Home" not in article.text and "Copyright" not in article.text


def test_html_main_text_is_body_unless_line_rules_are_asked_for(write_corpus, tmp_path):
    # trafilatura decides what of a page is furniture; the line rules do not second-guess it
    para = "The ministers met for ten hours in Geneva on Friday and agreed to meet again soon."
    html = (
        "<html><head><title>Talks in Geneva</title></head><body><article>"
        f"<p>{para}</p><p>Share this article</p><p>{para.upper()}</p></article></body></html>"
    )
    folder = write_corpus({"a.html": html})
    article = read_corpus(folder)["a"]
    assert [(s.zone, s.rule) for s in article.segments] == [
        ("headline", "page_title"),
        ("body", "main_text"),
        ("body", "main_text"),
        ("body", "main_text"),
    ]
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("html_line_rules: true\n", encoding="utf-8")
    article = read_corpus(folder, load_zone_rules(rules_file))["a"]
    assert ("boilerplate", "share_button") in [(s.zone, s.rule) for s in article.segments]
    rules_file.write_text("html_line_rules: yes please\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="'html_line_rules' must be true or false"):
        load_zone_rules(rules_file)


def test_corpus_of_one_article_reads(write_corpus):
    corpus = read_corpus(write_corpus({"only.txt": "Headline\nBody.\n"}))
    assert len(corpus) == 1


def test_article_with_no_body_warns(write_corpus):
    corpus = read_corpus(write_corpus({"a.txt": "Just a headline\n", "b.txt": "H\nBody.\n"}))
    assert [(w.file, "no body text" in w.problem) for w in corpus.warnings] == [("a.txt", True)]


# ---- folders and metadata ---------------------------------------------------------------------


def test_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(CorpusError, match=r"nope: no such folder; give the folder"):
        read_corpus(tmp_path / "nope")


def test_file_instead_of_folder(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x")
    with pytest.raises(CorpusError, match="is a file, not a folder"):
        read_corpus(path)


def test_folder_without_articles(write_corpus):
    folder = write_corpus({"readme.md": "not an article"})
    with pytest.raises(CorpusError, match="no readable articles.*readme.md: not an article"):
        read_corpus(folder)
    with pytest.raises(CorpusError, match="no readable articles.*no .txt or .html files"):
        read_corpus(write_corpus({}, folder="empty"))


def test_only_unreadable_articles_is_an_error(write_corpus):
    with pytest.raises(CorpusError, match="no readable articles.*empty.txt: empty file"):
        read_corpus(write_corpus({"empty.txt": b""}))


def test_same_id_from_two_files_is_an_error(write_corpus):
    with pytest.raises(CorpusError, match="'a.html' and 'a.txt' would share the article id 'a'"):
        read_corpus(write_corpus({"a.txt": "H\nB.\n", "a.html": "<p>x</p>"}))


def test_metadata_sidecar_joined_by_file_name(write_corpus):
    folder = write_corpus(
        {
            "a.txt": "H\nB.\n",
            "b.txt": "H2\nB2.\n",
            "articles.csv": "file,outlet,published,label\na.txt,The Hindu,2015-12-15,Hindu\n",
        }
    )
    corpus = read_corpus(folder)
    assert corpus.ids == ["a", "b"]  # the sidecar itself is not an article
    assert corpus["a"].metadata == {
        "outlet": "The Hindu",
        "published": "2015-12-15",
        "label": "Hindu",
    }
    assert corpus["b"].metadata == {}
    assert corpus.warnings == ()


def test_metadata_row_for_missing_article_warns(write_corpus):
    folder = write_corpus({"a.txt": "H\nB.\n", "articles.csv": "file,outlet\nzzz.txt,X\n"})
    corpus = read_corpus(folder)
    assert [(w.file, "lists 'zzz.txt'" in w.problem) for w in corpus.warnings] == [
        ("articles.csv", True)
    ]


@pytest.mark.parametrize(
    "csv_text, message",
    [
        ("name,outlet\na.txt,X\n", "needs a 'file' column"),
        ("file,outlet\na.txt,X\na.txt,Y\n", "line 3: 'a.txt' is listed twice"),
        ("file,outlet\n,X\n", "line 2: empty 'file' value"),
    ],
)
def test_bad_metadata_names_file_and_line(write_corpus, csv_text, message):
    folder = write_corpus({"a.txt": "H\nB.\n", "articles.csv": csv_text})
    with pytest.raises(CorpusError, match="articles.csv") as err:
        read_corpus(folder)
    assert message in str(err.value)


@pytest.mark.parametrize(
    "csv_text, message",
    [
        # an unclosed quote used to swallow the rest of the file and surface as
        # "lists '...', which is not an article"
        (
            'file,outlet\na.txt,"The Hindu\nb.txt,X\n',
            "line 2: not valid CSV: a quotation mark opens a value that is never closed",
        ),
        ('file,outlet\na.txt,X\nb.txt,"Wire" "AP"\n', "line 3: not valid CSV: a stray quotation"),
        ("file,outlet\na.txt,X,Y\n", "line 2: 3 values for 2 columns (file, outlet)"),
        # a quoted line break moves the line count on: the error names the physical line
        ('file,outlet\na.txt,"two\nlines"\na.txt,Y\n', "line 4: 'a.txt' is listed twice"),
    ],
)
def test_malformed_metadata_csv_names_file_line_and_problem(write_corpus, csv_text, message):
    folder = write_corpus({"a.txt": "H\nB.\n", "b.txt": "H\nC.\n", "articles.csv": csv_text})
    with pytest.raises(CorpusError, match="articles.csv") as err:
        read_corpus(folder)
    assert message in str(err.value)
    assert "not an article" not in str(err.value)


def test_metadata_with_blank_lines_and_short_rows_reads(write_corpus):
    folder = write_corpus({"a.txt": "H\nB.\n", "articles.csv": "file,outlet,label\n\na.txt,X\n\n"})
    assert read_corpus(folder)["a"].metadata == {"outlet": "X", "label": ""}


def test_a_folder_named_like_an_article_is_skipped_with_a_warning(write_corpus):
    folder = write_corpus({"a.txt": "Headline\nA body.\n"})
    (folder / "more.txt").mkdir()
    (folder / "more.txt" / "b.txt").write_text("Headline\nAnother body.\n")
    corpus = read_corpus(folder)
    assert corpus.ids == ["a"]
    assert [w.file for w in corpus.warnings] == ["more.txt"]
    assert "a folder, not an article file; skipped" in corpus.warnings[0].problem
    with pytest.raises(CorpusError, match="more.txt: a folder.*strict mode"):
        read_corpus(folder, strict=True)


def test_explicit_metadata_file_must_exist(write_corpus, tmp_path):
    with pytest.raises(CorpusError, match="meta.csv: metadata file not found"):
        read_corpus(write_corpus({"a.txt": "H\nB.\n"}), metadata=tmp_path / "meta.csv")


def test_article_labels_prefer_metadata_then_unique_prefixes():
    labels = article_labels(["000_2e98", "001_47cf"], {"000_2e98": {"label": "Sputnik"}})
    assert labels == {"000_2e98": "Sputnik", "001_47cf": "001"}
    # prefixes that collide ("nyt") are not used: every article keeps its id
    ids = ["000_2e98", "nyt_story", "nyt_other"]
    assert article_labels(ids) == {i: i for i in ids}
    # user labels that collide fall back to ids too
    assert article_labels(["a", "b"], {"a": {"label": "X"}, "b": {"label": "X"}}) == {
        "a": "a",
        "b": "b",
    }
