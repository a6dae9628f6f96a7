// A rubric: scores every dimension a question measures by how much the
// answer says, with the reason in words a candidate could be shown.

export const scoring = {
  describe() {
    return {
      name: 'Rubric',
      description: 'Scores answers by how much they say.',
      locales: [],
      dimensions: [],
    };
  },

  score(job, question, answer) {
    const words = answer.text.split(/\s+/).filter((w) => w.length > 0).length;
    const score = Math.min(words / 20, 10);
    const evidence = [{ label: `${words} words`, effect: 'neutral', span: undefined }];
    const explanation = `The answer has ${words} words.`;
    return question.dimensions.map((dimension) => ({ dimension, score, confidence: 0.3, evidence, explanation }));
  },
};
