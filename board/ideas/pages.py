"""The pages of ideas and voting rounds, as the views show them: each one rendered from what is
stored now, with the input and errors of a refused form where there is one."""

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from board import clock
from board.coalitions.queries import active_sites, members_by_side
from board.forms import conflict_rows
from board.htmx import render, render_fragment
from board.ideas import queries
from board.ideas.actions import TRANSITIONS
from board.ideas.inputs import IdeaInput, RoundInput

DECISIONS = ("shortlist", "choose", "reopen")  # the buttons; "reject" has a form of its own


def idea_labels(coalition) -> dict:
    """The idea form's labels by field, in order."""
    return {
        "title": _("Your idea in a few words"),
        "description": _("A little more (optional)"),
        "work_site_id": f"{coalition.site_kind.capitalize()} {_('(optional)')}",
    }


def propose_page(access, values=None, errors=None, status=200):
    """The propose form, with what was typed and why not after a refused attempt."""
    coalition = access.coalition
    return render(
        "ideas/new.html",
        status=status,
        access=access,
        coalition=coalition,
        sites=active_sites(coalition),
        labels=idea_labels(coalition),
        values=values or IdeaInput().values(),
        errors=errors or {},
    )


def offered_forms(access, idea, consent, others, responses=()) -> set[str]:
    """The forms of an idea's page this person may use now."""
    status, offered = idea.status, set()
    if access.is_coordinator:
        if any(status in TRANSITIONS[name][0] for name in DECISIONS):
            offered.add("decide")
        if status in TRANSITIONS["reject"][0]:
            offered.add("reject")
        if others and status in queries.SUPPORTABLE:
            offered.add("merge")
        if status == "merged":
            offered.add("separate")
        # On the board only with consent: answers, and no objection among them.
        if status == "chosen" and responses and not any(r.objects for r in responses):
            offered.add("initiative")
    asked = access.is_member if consent is not None else access.is_coordinator
    if status == "chosen" and asked:
        offered.add("consent")
    if access.can_edit:
        offered.add("comment")
    return offered


def idea_page(access, idea_id, errors=None, failed=None, values=None, status=200):
    """An idea's page as stored now: support, consent, comments, and coordinators' decisions.

    failed names the form that was refused: only it shows errors and what was typed. When that
    form is gone (someone decided on the idea meanwhile), the page says why at the top.
    """
    coalition = access.coalition
    idea = queries.load_idea(coalition, idea_id)
    consent, responses = queries.consent_of(idea)
    others = queries.merge_candidates(coalition, idea) if access.is_coordinator else []
    offered = offered_forms(access, idea, consent, others, responses)
    errors = errors or {}
    # The coordinator sees how many of the members answered the consent question.
    asking = consent is not None and access.is_coordinator and idea.status == "chosen"
    by_side = members_by_side(coalition) if asking else None
    if failed and failed not in offered:
        errors, failed = {"": " ".join(message for message in errors.values() if message)}, "page"
    return render(
        "ideas/idea.html",
        status=status,
        access=access,
        coalition=coalition,
        idea=idea,
        row=queries.idea_row(coalition, access.user, idea),
        consent=consent,
        responses=responses,
        my_response=next((r for r in responses if r.user_id == access.user.id), None),
        card_id=queries.initiative_of(idea),
        leads=by_side if "initiative" in offered else None,
        member_count=sum(len(people) for people in by_side.values()) if by_side else None,
        comments=queries.comments_of(idea),
        others=others,
        merged=queries.merged_into(idea),
        kept=queries.load_idea(coalition, idea.merged_into_id) if idea.merged_into_id else None,
        offered=offered,
        decisions=[name for name in DECISIONS if idea.status in TRANSITIONS[name][0]],
        errors=errors,
        failed=failed,
        values=values or {},
        support_error=None,
    )


def support_answer(access, idea_id, error=None, status=200):
    """The support button and count of an idea as they are now, for htmx."""
    coalition = access.coalition
    idea = queries.load_idea(coalition, idea_id)
    return render_fragment(
        "ideas/idea.html",
        "support",
        status=status,
        access=access,
        coalition=coalition,
        row=queries.idea_row(coalition, access.user, idea),
        support_error=error,
    )


def stored(idea) -> dict:
    """The idea's stored text as its form holds it."""
    return {
        "title": idea.title,
        "description": idea.description,
        "work_site_id": str(idea.work_site_id or ""),
        "version": str(idea.version),
    }


def edit_page(access, idea_id, values=None, errors=None, status=200, conflict=False):
    """The form to change an idea's text; after a conflict, what they saved field by field."""
    coalition = access.coalition
    idea = queries.load_idea(coalition, idea_id)
    sites = active_sites(coalition)
    labels = idea_labels(coalition)
    values = values or stored(idea)
    rows = []
    if conflict:
        names = {str(site.id): site.name for site in sites}
        if idea.work_site is not None:
            names[str(idea.work_site.id)] = idea.work_site.name

        def shown(name, value):
            """A work site's name for its id; other fields as they are."""
            return names.get(value, value) if name == "work_site_id" else value

        rows = conflict_rows(labels, stored(idea), values, shown)
    return render(
        "ideas/edit.html",
        status=status,
        access=access,
        coalition=coalition,
        idea=idea,
        sites=sites,
        labels=labels,
        values=values,
        errors=errors or {},
        conflict=conflict,
        conflict_rows=rows,
    )


def round_values(access, voting_round) -> dict:
    """The form's values: a round's stored rules, or a new round's defaults."""
    if voting_round is not None:
        return {
            "title": voting_round.title,
            "dots_per_member": str(voting_round.dots_per_member),
            "allow_stacking": "1" if voting_round.allow_stacking else "",
            "opens_at": clock.local_input(voting_round.opens_at),
            "closes_at": clock.local_input(voting_round.closes_at),
            "idea_ids": [str(idea.id) for idea in queries.ideas_in(voting_round)],
        }
    now = clock.now()
    return RoundInput(
        opens_at=clock.local_input(now),
        closes_at=clock.local_input(now + timedelta(days=7)),
        idea_ids=[str(idea.id) for idea in queries.shortlisted_ideas(access.coalition)],
    ).values()


def round_form_page(access, voting_round=None, values=None, errors=None, status=200):
    """The form for a round's rules: new, or changing one that has not opened yet."""
    return render(
        "ideas/round_form.html",
        status=status,
        access=access,
        coalition=access.coalition,
        voting_round=voting_round,
        shortlisted=queries.shortlisted_ideas(access.coalition),
        values=values or round_values(access, voting_round),
        now_input=clock.local_input(clock.now()),
        errors=errors or {},
    )


def round_page(access, voting_round, ballot=None, error=None, status=200):
    """A round: the ballot while open, the results once closed, the rules before."""
    state = voting_round.state(clock.now())
    mine = queries.ballot_of(voting_round, access.user) if access.is_member else {}
    return render(
        "ideas/round.html",
        status=status,
        access=access,
        coalition=access.coalition,
        voting_round=voting_round,
        state=state,
        ideas=queries.ideas_in(voting_round),
        ballot=ballot if ballot is not None else mine,
        has_voted=bool(mine),
        results=queries.results_of(voting_round) if state == "closed" else None,
        turnout=queries.turnout_of(voting_round) if state == "open" else None,
        error=error,
    )


def ballot_sentence(dots: dict, titles: dict) -> str:
    """'Je stem is opgeslagen: 2 stippen op …, 1 op …' in the current language."""
    if not dots:
        return _("Your vote is saved: you gave no dots.")
    parts = []
    for number, (idea_id, count) in enumerate(sorted(dots.items(), key=lambda kv: -kv[1])):
        title = titles.get(idea_id, "")
        if number == 0:
            parts.append(
                ngettext(
                    "%(num)s dot on '%(title)s'", "%(num)s dots on '%(title)s'", count, title=title
                )
            )
        else:
            parts.append(_("%(num)s on '%(title)s'", num=count, title=title))
    return _("Your vote is saved: %(dots)s.", dots=", ".join(parts))
