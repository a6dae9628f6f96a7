"""A rubric: scores every dimension a question measures by how much the
answer says, with the reason in words a candidate could be shown."""

import wit_world
from wit_world.exports import scoring
from wit_world.imports import types


class Scoring(wit_world.exports.Scoring):
    def describe(self) -> scoring.RubricInfo:
        return scoring.RubricInfo(
            name="Rubric",
            description="Scores answers by how much they say.",
            locales=[],
            dimensions=[],
        )

    def score(self, job: types.JobProfile, question: types.Question, answer: types.Answer) -> list[types.DimensionScore]:
        words = len(answer.text.split())
        score = min(words / 20.0, 10.0)
        evidence = [types.Evidence(label=f"{words} words", effect=types.Effect.NEUTRAL, span=None)]
        reason = f"The answer has {words} words."
        return [
            types.DimensionScore(dimension=d, score=score, confidence=0.3, evidence=evidence, explanation=reason)
            for d in question.dimensions
        ]
