// What a reload must not lose of the answer being given: when the question
// was shown, when its answer time started, and what was typed so far. Kept
// in this tab only (sessionStorage, gone when the tab closes) under the
// interview's link, and dropped once the answer is saved. A recording cannot
// be kept across a reload (the recorder's stream ends with the page), so a
// recorded answer starts recording again, in the time that is left.

/** One draft per tab: only one question is ever being answered. */
const DRAFT_KEY = "panel:answer-draft";

export class AnswerDraft {
  /** `link` tells one interview's draft from another's in the same tab. */
  constructor(link) {
    this.link = link;
  }

  /** The draft of `questionId`, or null; a draft of any other question is dropped. */
  load(questionId) {
    let draft = null;
    try {
      draft = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? "null");
    } catch {
      draft = null;
    }
    if (draft?.link === this.link && draft.questionId === questionId) return draft;
    this.clear();
    return null;
  }

  /** Records what changed (`shownAt`, `answerStartedAt` as Unix ms, `text`). */
  update(questionId, change) {
    const draft = this.load(questionId) ?? { link: this.link, questionId };
    try {
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ ...draft, ...change }));
    } catch {
      // Storage full or switched off: the page works, only a reload loses more.
    }
  }

  clear() {
    try {
      sessionStorage.removeItem(DRAFT_KEY);
    } catch {
      // Nothing to clear where there is no storage.
    }
  }
}
