// One interview's report: the recommendation and its reasons, each
// dimension against the job's threshold (chart and table, with the human
// scorecards beside the AI's scores), the application's stage and the move
// to the next, and the transcript: every question with its timings, the
// answer with the evidence highlighted, and the recording.

import { DECISION_KEYS, SESSION_KEYS, STAGE_KEYS, decisionBadge, heading, may } from "./console-kit.js";
import { duration, fill, h, score, when } from "./elements.js";
import { t } from "./i18n.js";
import { departureCard } from "./departure-card.js";
import { personalDataCard } from "./personal-data-card.js";
import { interviewersCard, offerCard } from "./people.js";
import { scoreChart } from "./report-chart.js";
import { scorecardForm } from "./scorecard-form.js";
import { movedText, stageMoveForm } from "./stage-move.js";
import { blob, get } from "./staff-api.js";
import { speechNote, speechStatus } from "./speech-status.js";
import { transcriptForm } from "./transcript-form.js";

const STATUS_KEYS = {
  meets: "report.meets",
  borderline: "report.borderline",
  below: "report.below",
  "not-measured": "report.not-measured",
};

const KIND_KEYS = {
  "self-intro": "kind.self-intro",
  behavioural: "kind.behavioural",
  "culture-fit": "kind.culture-fit",
  open: "kind.open",
  "follow-up": "kind.follow-up",
};

export async function renderReport(root, [sessionId], ctx) {
  const report = await get(`/api/v1/sessions/${sessionId}/report`);
  const [cards, job] = await Promise.all([
    get(`/api/v1/applications/${report.application_id}/scorecards`).catch(() => null),
    // Interviewers may read a report they are assigned to, not the job.
    may(ctx.user, "read-jobs") ? get(`/api/v1/jobs/${report.job_id}`).catch(() => null) : null,
  ]);
  const recordings = [];
  const stage = h("section", { class: "card", id: "stage", "aria-labelledby": "stage-title" });
  const drawStage = (current) => {
    const canMove = job && may(ctx.user, "move-stage");
    fill(
      stage,
      h("h2", { id: "stage-title", i18n: "report.stage" }),
      h("p", {}, h("strong", { id: "stage-now", dataset: { stage: current }, i18n: STAGE_KEYS[current] ?? "stage.applied" })),
      canMove
        ? stageMoveForm({ id: report.application_id, stage: current }, job, (transition) => {
            ctx.announce(movedText(transition));
            // Drawn again: what the new stage brings (the offer) shows.
            ctx.navigate(location.pathname, { replace: true });
          })
        : null,
    );
  };
  drawStage(report.stage);

  fill(
    root,
    h(
      "div",
      { class: "title-row" },
      heading("report.title", { name: report.candidate_name, job: report.job_title }),
      h("a", { href: `/console/jobs/${report.job_id}`, class: "button", dataset: { link: "" }, i18n: "report.to-job" }),
    ),
    h(
      "p",
      { class: "muted" },
      h("span", { i18n: SESSION_KEYS[report.state] }),
      ` · ${when(report.started_at)}`,
      report.finished_at ? ` – ${when(report.finished_at)}` : "",
    ),
    h("div", { class: "report-top" }, recommendation(report), stage),
    dimensionsCard(report, cards),
    offerCard(report.application_id, report.stage, ctx),
    departureCard(report.application_id, report.stage, ctx),
    transcript(report, recordings, ctx),
    interviewersCard(report.application_id, ctx),
    scorecardsCard(cards, job),
    may(ctx.user, "submit-scorecard")
      ? scorecardForm(
          report.application_id,
          report.recommendation?.dimensions ?? job?.profile.dimensions ?? [],
          job?.pipeline.human_rounds ?? null,
          (saved) => {
            ctx.announce(saved);
            ctx.navigate(location.pathname, { replace: true });
          },
        )
      : null,
    personalDataCard(report.candidate_id, report.job_id, ctx),
    h("p", { class: "small muted" }, t("report.plugins", { plugins: report.plugins.join(", ") })),
  );
  return () => recordings.forEach((url) => URL.revokeObjectURL(url));
}

function recommendation(report) {
  const r = report.recommendation;
  if (report.awaiting_transcripts > 0) {
    const first = report.items.findIndex((item) => item.awaiting_transcript);
    return h(
      "section",
      { class: "card", id: "recommendation", dataset: { awaiting: String(report.awaiting_transcripts) } },
      h("h2", { i18n: "report.recommendation" }),
      h("p", {
        class: "notice",
        id: "awaiting-transcripts",
        i18n:
          report.awaiting_transcripts === 1
            ? "report.awaiting-transcript-one"
            : ["report.awaiting-transcripts", { n: report.awaiting_transcripts }],
      }),
      h("p", {}, h("button", { type: "button", class: "quiet", id: "first-awaiting", i18n: "report.first-awaiting", onclick: () => toAnswer(first) })),
    );
  }
  if (!r) {
    return h("section", { class: "card", id: "recommendation" }, h("h2", { i18n: "report.recommendation" }), h("p", { class: "muted", i18n: "report.not-scored" }));
  }
  return h(
    "section",
    { class: "card", id: "recommendation", "aria-labelledby": "recommendation-title", dataset: { decision: r.decision } },
    h("h2", { id: "recommendation-title", i18n: "report.recommendation" }),
    h(
      "p",
      { class: "composite" },
      h("span", { class: "big", id: "composite" }, score(r.composite)),
      h("span", { class: "muted" }, " / 10 "),
      decisionBadge(r.decision),
    ),
    h("p", { class: "visually-hidden" }, t(DECISION_KEYS[r.decision])),
    h("h3", { i18n: "report.reasons" }),
    h("ul", { id: "reasons" }, r.reasons.map((reason) => h("li", {}, reason))),
  );
}

/** Brings the answer at `index` into view, focused on its transcript when one can be written. */
function toAnswer(index) {
  const field = document.getElementById(`transcript-text-${index}`);
  const item = document.getElementById(`item-${index}`);
  (field ?? item)?.scrollIntoView({ block: "center" });
  field?.focus();
}

function dimensionsCard(report, cards) {
  const dimensions = report.recommendation?.dimensions ?? [];
  if (!dimensions.length) return null;
  const human = new Map((cards?.comparison ?? []).map((c) => [c.dimension, c]));
  return h(
    "section",
    { class: "card", id: "dimensions", "aria-labelledby": "dimensions-title" },
    h("h2", { id: "dimensions-title", i18n: "report.dimensions" }),
    h("div", { class: "chart" }, scoreChart(dimensions)),
    h("p", { class: "small muted legend" }, h("span", { class: "threshold-key", "aria-hidden": "true" }), " ", t("report.legend")),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { id: "dimension-table" },
        h("caption", { class: "visually-hidden", i18n: "report.dimensions" }),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["report.dimension", "report.weight", "report.ai", "report.threshold", "report.status", "report.human"].map(
              (key) => h("th", { scope: "col", i18n: key }),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          dimensions.map((d) =>
            h(
              "tr",
              { dataset: { dimension: d.id, status: d.status } },
              h("th", { scope: "row" }, d.name),
              h("td", {}, `${Math.round(d.weight * 100)}%`),
              h("td", {}, score(d.score)),
              h("td", {}, score(d.threshold)),
              h("td", {}, h("span", { class: `status status-${d.status}`, i18n: STATUS_KEYS[d.status] })),
              h("td", {}, score(human.get(d.id)?.human)),
            ),
          ),
        ),
      ),
    ),
  );
}

function transcript(report, recordings, ctx) {
  return h(
    "section",
    { class: "card", id: "transcript", "aria-labelledby": "transcript-title" },
    h("h2", { id: "transcript-title", i18n: "report.transcript" }),
    report.items.some((item) => item.recording)
      ? speechStatus(report.session_id, () => ctx.navigate(location.pathname, { replace: true }))
      : null,
    h(
      "ol",
      { class: "transcript" },
      report.items.map((item, i) => transcriptItem(report, item, i, recordings, ctx)),
    ),
  );
}

function transcriptItem(report, item, index, recordings, ctx) {
  const answer = item.answer;
  const evidence = item.scores.flatMap((s) => s.evidence.map((e) => ({ ...e, dimension: s.dimension })));
  return h(
    "li",
    { class: "item", id: `item-${index}`, dataset: { question: item.question.id, awaiting: String(item.awaiting_transcript) } },
    h("p", { class: "small muted" }, t(KIND_KEYS[item.question.kind] ?? "kind.open")),
    h("p", { class: "question" }, item.question.text),
    guideOf(item.question),
    answer
      ? [
          h(
            "p",
            { class: "small muted timings" },
            t("report.timings", {
              think: duration(answer.think_time_ms),
              answer: duration(answer.duration_ms),
              limit: duration(item.time_limit_ms),
            }),
            item.overtime_ms > 0 ? ` · ${t("report.overtime", { over: duration(item.overtime_ms) })}` : "",
          ),
          spokenOrWritten(item, evidence),
          speechNote(report.session_id, item, may(ctx.user, "transcribe"), (said) => {
            ctx.announce(said);
            ctx.navigate(location.pathname, { replace: true });
          }),
          item.recording ? player(report.session_id, item.recording, recordings) : null,
          item.recording && may(ctx.user, "transcribe")
            ? transcriptForm(report.session_id, item, index, item.awaiting_transcript ? "" : answer.text, (saved) => {
                ctx.announce(saved);
                ctx.navigate(location.pathname, { replace: true });
              })
            : null,
          relevanceOf(item),
          scoresOf(item),
        ]
      : h("p", { class: "muted", i18n: "report.unanswered" }),
  );
}

/**
 * The answer as scored, with its evidence marked. A recorded answer's text is
 * its transcript, shown with the notes the candidate typed; until it has one,
 * only the notes, which are not the answer.
 */
function spokenOrWritten(item, evidence) {
  const answer = item.answer;
  const quote = (text) => h("blockquote", { class: "answer", lang: answer.locale }, text);
  const notes = (text) => [
    h("p", { class: "small muted label", i18n: "report.notes" }),
    text ? h("blockquote", { class: "notes", lang: answer.locale }, text) : h("p", { class: "small muted", i18n: "report.no-notes" }),
  ];
  if (item.awaiting_transcript) {
    return [h("p", {}, h("span", { class: "badge badge-awaiting", i18n: "report.awaiting-transcript" })), notes(answer.text)];
  }
  if (!item.recording) return quote(highlighted(answer.text, evidence));
  return [
    h("p", { class: "small muted label", i18n: "report.transcribed" }),
    quote(highlighted(answer.text, evidence)),
    item.notes ? notes(item.notes) : null,
  ];
}

/** The answer with every evidence span marked; spans are byte ranges of the UTF-8 text. */
function highlighted(text, evidence) {
  const bytes = new TextEncoder().encode(text);
  const spans = evidence.filter((e) => e.span && e.span.start < e.span.end && e.span.end <= bytes.length);
  if (!spans.length) return text || t("report.empty-answer");
  const decoder = new TextDecoder();
  const cuts = [...new Set([0, bytes.length, ...spans.flatMap((e) => [e.span.start, e.span.end])])].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const piece = decoder.decode(bytes.slice(from, to));
    const covering = spans.filter((e) => e.span.start <= from && e.span.end >= to);
    if (!covering.length) {
      parts.push(piece);
      continue;
    }
    const effect = covering.some((e) => e.effect === "negative")
      ? "negative"
      : covering.some((e) => e.effect === "positive")
        ? "positive"
        : "neutral";
    parts.push(h("mark", { class: `evidence ev-${effect}`, title: covering.map((e) => e.label).join("; ") }, piece));
  }
  return parts;
}

const EFFECT_KEYS = { positive: "report.effect-positive", negative: "report.effect-negative", neutral: "report.effect-neutral" };

/** The bank's answer guide, folded: what a good answer tells and what is often told instead. */
function guideOf(question) {
  const g = question.guide;
  if (!g || (!g.looks_for?.length && !g.off_topic?.length)) return null;
  const list = (items) => h("ul", { class: "small" }, items.map((i) => h("li", {}, i)));
  return h(
    "details",
    { class: "guide small" },
    h("summary", { i18n: "report.guide" }),
    g.looks_for?.length ? [h("p", { class: "small muted", i18n: "report.guide-looks-for" }), list(g.looks_for)] : null,
    g.off_topic?.length ? [h("p", { class: "small muted", i18n: "report.guide-off-topic" }), list(g.off_topic)] : null,
  );
}

/** How far the answer addresses the question, beside its scores (engine::relevance). */
function relevanceOf(item) {
  const r = item.relevance;
  if (!r) return null;
  const line =
    r.score === null || r.score === undefined
      ? h("span", { class: "badge relevance-not-judged", i18n: "report.relevance-not-judged" })
      : h("span", {
          class: `badge relevance ${r.credit >= 1 ? "relevance-full" : r.credit > 0 ? "relevance-partial" : "relevance-none"}`,
          i18n: ["report.relevance", { score: score(r.score), credit: Math.round(r.credit * 100) }],
        });
  return h(
    "p",
    { class: "small relevance-line" },
    line,
    item.retells ? [" ", h("span", { class: "badge relevance-retold", i18n: ["report.retells", { question: item.retells }] })] : null,
    r.explanations.length ? h("span", { class: "muted" }, ` ${r.explanations.join(" ")}`) : null,
  );
}

function scoresOf(item) {
  if (!item.scores.length) return null;
  return h(
    "details",
    { class: "scores" },
    h("summary", { i18n: ["report.scores", { n: item.scores.length }] }),
    h(
      "ul",
      {},
      item.scores.map((s) =>
        h(
          "li",
          {},
          h("strong", {}, `${s.dimension} ${score(s.score)}`),
          h("span", { class: "muted small" }, ` (${s.plugin}) `),
          h("span", {}, s.explanation),
          s.evidence.length
            ? h(
                "ul",
                { class: "evidence-list" },
                s.evidence.map((e) => h("li", { class: `ev-${e.effect}` }, `${t(EFFECT_KEYS[e.effect])}: ${e.label}`)),
              )
            : null,
        ),
      ),
    ),
  );
}

function player(sessionId, recordingId, recordings) {
  const holder = h("div", { class: "recording-player" });
  const button = h("button", { type: "button", class: "quiet play", i18n: "report.play" });
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const media = await blob(`/api/v1/sessions/${sessionId}/recordings/${encodeURIComponent(recordingId)}`);
      const url = URL.createObjectURL(media);
      recordings.push(url);
      const video = h("video", {
        controls: true,
        src: url,
        preload: "metadata",
        "aria-label": t("report.recording"),
        dataset: { bytes: String(media.size) },
      });
      const size = h("p", { class: "small muted", i18n: ["report.recording-size", { kb: Math.ceil(media.size / 1024) }] });
      fill(holder, video, size);
      video.focus();
    } catch (error) {
      fill(holder, button, h("span", { class: "error", role: "alert", i18n: error.status === 404 ? "report.recording-gone" : "console.failed" }));
      button.disabled = false;
    }
  });
  return fill(holder, button);
}

function scorecardsCard(cards, job) {
  if (!cards || !cards.scorecards.length) return null;
  const names = new Map((job?.profile.dimensions ?? []).map((d) => [d.id, d.name]));
  return h(
    "section",
    { class: "card", id: "scorecards", "aria-labelledby": "scorecards-title" },
    h("h2", { id: "scorecards-title", i18n: "report.scorecards" }),
    h(
      "ul",
      {},
      cards.scorecards.map((card) =>
        h(
          "li",
          {},
          h("strong", { i18n: ["report.round", { round: card.round }] }),
          " ",
          h("span", { class: "muted" }, when(card.submitted_at)),
          " ",
          decisionBadge(card.recommendation),
          h(
            "p",
            { class: "small" },
            Object.entries(card.scores)
              .map(([id, value]) => `${names.get(id) ?? id} ${score(value)}`)
              .join(" · "),
          ),
          card.notes ? h("p", {}, card.notes) : null,
        ),
      ),
    ),
  );
}
