"""An answer to "what does this reply mean?": the entry it matches, its causes most likely
first with the settings and rules involved, narrowed to the user's file when one is given."""

from __future__ import annotations

from smtplint.explain.causes import Cause
from smtplint.explain.matcher import Match, match_text
from smtplint.explain.parts import FORMATS, Format, keys_for
from smtplint.explain.paste import Paste
from smtplint.explain.replies import Signature
from smtplint.explain.user_config import Status, UserConfig, Verdict
from smtplint.model import Finding
from smtplint.records import record

_STATUS_ORDER = {Status.APPLIES: 0, Status.NOT_VISIBLE: 1, Status.NOT_SEEN: 2}


@record
class RuleRef:
    code: str
    name: str
    summary: str


@record
class CauseAnswer:
    cause: Cause
    rules: tuple[RuleRef, ...]
    settings: tuple[tuple[Format, tuple[str, ...]], ...]  # each format's keys for the cause
    verdict: Verdict | None  # with a configuration: what the user's file says


@record
class Answer:
    paste: Paste
    match: Match | None
    causes: tuple[CauseAnswer, ...]
    also: tuple[Signature, ...]
    closest: tuple[Signature, ...]
    config: UserConfig | None

    @property
    def recognised(self) -> bool:
        return self.match is not None

    @property
    def failure_modes(self) -> tuple[str, ...]:
        if self.match is None:
            return ()
        modes = set(self.match.signature.modes)
        modes.update(mode for answer in self.causes for mode in answer.cause.modes)
        return tuple(sorted(modes))

    @property
    def unrelated_findings(self) -> tuple[Finding, ...]:
        """Findings in the user's file that none of the causes explains."""
        if self.config is None:
            return ()
        return self.config.unrelated(tuple(answer.cause for answer in self.causes))


def explain(text: str, config: UserConfig | None = None) -> Answer:
    result = match_text(text)
    causes: tuple[CauseAnswer, ...] = ()
    if result.match is not None:
        causes = tuple(_cause_answer(cause, config) for cause in result.match.causes)
        if config is not None:
            causes = _by_verdict(causes)
    return Answer(result.paste, result.match, causes, result.also, result.closest, config)


def rule_refs(codes: tuple[str, ...]) -> tuple[RuleRef, ...]:
    """The rules' names and summaries, as the rule registry has them."""
    from smtplint.rules import get_rule

    refs: list[RuleRef] = []
    for code in codes:
        rule = get_rule(code)
        if rule is not None:
            refs.append(RuleRef(rule.code, rule.name, rule.summary))
    return tuple(refs)


def _cause_answer(cause: Cause, config: UserConfig | None) -> CauseAnswer:
    formats = FORMATS if config is None or not config.formats() else config.formats()
    settings = tuple((fmt, keys) for fmt in formats if (keys := keys_for(cause.parts, fmt)))
    verdict = None if config is None else config.verdict(cause)
    return CauseAnswer(cause, rule_refs(cause.rules), settings, verdict)


def _by_verdict(causes: tuple[CauseAnswer, ...]) -> tuple[CauseAnswer, ...]:
    """Causes the file shows first, then those no file can show, then those it rules out;
    the catalogue's order within each group."""

    def rank(answer: CauseAnswer) -> int:
        return 0 if answer.verdict is None else _STATUS_ORDER[answer.verdict.status]

    return tuple(sorted(causes, key=rank))
