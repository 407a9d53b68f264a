/* Quiz page: start, answer one question at a time, show explanation + clauses, score at the end. */
"use strict";
(() => {
  const { el, fetchJSON, postJSON, citationCard } = Baiwen;
  // Who is playing is the gateway's signed HttpOnly cookie (the same sender as the web chat), never a body field.
  const box = document.getElementById("quiz");
  const error = document.getElementById("quiz-error");
  const state = { quiz: null, index: 0 };

  async function loadFilters() {
    const data = await fetchJSON("/api/quiz/topics");
    for (const t of data.topics) document.getElementById("topic").append(el("option", { value: t, text: t }));
    for (const r of data.regions) document.getElementById("region").append(el("option", { value: r, text: r }));
    document.getElementById("region").append(el("option", { value: data.all_regions, text: `${data.all_regions}（各地区混合）` }));
  }

  async function start(retry) {
    error.textContent = "";
    const body = { n: Number(document.getElementById("count").value) || 5, retry_mistakes: retry };
    const topic = document.getElementById("topic").value;
    const region = document.getElementById("region").value;
    if (topic) body.topic = topic;
    if (region) body.region = region;
    try {
      state.quiz = await postJSON("/api/quiz/start", body);
      state.index = 0;
      show();
    } catch (e) { error.textContent = e.message; }
  }

  function show() {
    const q = state.quiz.questions[state.index];
    const region = state.quiz.region ? ` · 地区：${state.quiz.region}` : "";
    box.replaceChildren(el("div", { class: "card" },
      el("p", { class: "muted quiz-progress", text: `第 ${state.index + 1} / ${state.quiz.total} 题${region}` }),
      el("p", { class: "prompt", text: q.prompt }),
      ...q.options.map((opt, i) => el("button", { class: "btn option", type: "button", text: `${"ABCD"[i]}. ${opt}`,
        onclick: () => answer(q, i) }))));
  }

  async function answer(q, choice) {
    const buttons = Array.from(box.querySelectorAll(".option"));
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const r = await postJSON("/api/quiz/answer", { quiz_id: state.quiz.quiz_id, question_id: q.id, choice });
      buttons[r.answer].classList.add("right");
      if (!r.correct) buttons[choice].classList.add("wrong");
      const next = state.index + 1 < state.quiz.total;
      box.firstChild.append(
        el("p", { class: r.correct ? "verdict-ok" : "verdict-bad", text: r.correct ? "回答正确" : `回答错误，正确答案：${r.correct_option}` }),
        el("p", { class: "explanation", text: `解释：${r.explanation}` }),
        el("p", { class: "muted", text: "依据条款原文：" }),
        ...r.citations.map((c) => citationCard({ ...c, text: c.full_text || c.text }, { open: true })),
        el("button", { class: "btn btn-primary", type: "button", text: next ? "下一题" : "查看成绩",
          onclick: () => (next ? (state.index += 1, show()) : result()) }));
    } catch (e) { error.textContent = e.message; }
  }

  async function result() {
    const r = await fetchJSON(`/api/quiz/${encodeURIComponent(state.quiz.quiz_id)}/result`);
    box.replaceChildren(el("div", { class: "card" },
      el("p", { class: "total", text: `得分 ${r.score} 分（答对 ${r.correct} / ${r.total} 题）` }),
      ...r.questions.filter((q) => q.correct === false).map((q) => el("p", { text: `✗ ${q.prompt} —— 正确答案：${q.correct_option}` })),
      el("p", { class: "muted", text: "答错的题会记录下来，可点“重练错题”再练。" })));
  }

  document.getElementById("quiz-form").addEventListener("submit", (ev) => { ev.preventDefault(); start(false); });
  document.getElementById("retry").addEventListener("click", () => start(true));
  loadFilters().catch((e) => { error.textContent = e.message; });
})();
