"""Templated stories (same wording, different subjects and figures) and short briefs.

Template instances are *different events*: wire services fill one template for many
companies or matches. They must not be suppressed or clustered together. Briefs are
short distinct stories, used in heavy outlet chrome as hard negatives.
"""

EARNINGS = (
    "{co} reported third-quarter revenue of {rev} million dollars on {day}, up {growth} percent "
    "from a year earlier, and raised its forecast for the full year.\n\n"
    "Net profit rose to {profit} million dollars, or {eps} dollars a share, beating the average "
    "analyst estimate of {est} dollars, according to data compiled by Marketline.\n\n"
    '"Demand held up better than we expected across all our regions," chief executive {ceo} '
    "said on a call with analysts.\n\n"
    "{co} now expects annual revenue of {full} billion dollars. Its shares rose {move} percent "
    "in after-hours trading."
)
EARNINGS_FILL = [
    dict(
        co="Talvik Systems",
        rev=812,
        day="Tuesday",
        growth=9,
        profit=96,
        eps="1.12",
        est="1.04",
        ceo="Jonas Elm",
        full="3.2",
        move=6,
    ),
    dict(
        co="Orrin Logistics",
        rev=455,
        day="Wednesday",
        growth=4,
        profit=38,
        eps="0.61",
        est="0.58",
        ceo="Grace Mwangi",
        full="1.8",
        move=3,
    ),
    dict(
        co="Bellcourt Retail",
        rev=2310,
        day="Thursday",
        growth=12,
        profit=201,
        eps="2.40",
        est="2.15",
        ceo="Arturo Pell",
        full="9.1",
        move=8,
    ),
]

MATCH = (
    "{home} beat {away} {score} at {ground} on {day}, with {scorer} scoring twice as the hosts "
    "moved up to {pos} in the league.\n\n"
    "{away} had gone ahead through {other} after {minute} minutes, but {scorer} levelled before "
    "half-time and added a second from the penalty spot.\n\n"
    '"We kept our heads and trusted the plan," said {home} coach {coach}. The attendance was '
    "{crowd}."
)
MATCH_FILL = [
    dict(
        home="Harbour United",
        away="Lakeside",
        score="2-1",
        ground="the Quay Stadium",
        day="Saturday",
        scorer="Tomas Varela",
        pos="third",
        other="Ben Ashdown",
        minute=12,
        coach="Ruth Keane",
        crowd="18,204",
    ),
    dict(
        home="Northgate",
        away="Ember Town",
        score="3-1",
        ground="Gate Road",
        day="Sunday",
        scorer="Yusuf Adeyemi",
        pos="fifth",
        other="Carl Moss",
        minute=27,
        coach="Dieter Falk",
        crowd="9,871",
    ),
    dict(
        home="Westbury",
        away="Kingsmoor",
        score="2-0",
        ground="Abbey Park",
        day="Friday",
        scorer="Leo Fontaine",
        pos="first",
        other="Sam Pryce",
        minute=5,
        coach="Ana Ruiz",
        crowd="24,010",
    ),
]

BRIEFS: dict[str, str] = {
    "brief_zoo": "The city zoo in Lindau welcomed a baby giraffe on Monday, its first in 11 "
    'years. Keepers named her Juno. "Mother and calf are doing well," head keeper Paul Brandt '
    "said.",
    "brief_power": "A power cut left 40,000 homes in the Rivervale district without electricity "
    "for three hours on Tuesday after a fault at a substation, the grid operator Voltline said. "
    "Supply was restored by noon.",
    "brief_book": "Novelist Ingrid Salo won the Hartwell Prize for fiction on Wednesday for her "
    "novel The Salt Years, beating five other finalists. The award carries a prize of 50,000 "
    "euros.",
    "brief_road": "The coastal road between Dunmore and Skerry will close for six weeks from "
    "Monday for resurfacing, the roads agency said. Drivers will be diverted through Ballina.",
}
