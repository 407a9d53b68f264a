/* 温州 self-assessment: the table comes from /api/scoring (parsed from the annex), the server validates. */
"use strict";
(() => {
  const { el, fetchJSON, postJSON, citationCard } = Baiwen;
  const tbody = document.getElementById("items");
  const error = document.getElementById("scoring-error");
  const out = document.getElementById("scoring-result");

  async function load() {
    const data = await fetchJSON("/api/scoring");
    for (const item of data.items) {
      tbody.append(el("tr", {},
        el("td", { text: `${item.item}（${item.max_points}分）` }),
        el("td", {}, el("input", { class: "points", type: "number", min: "0", max: String(item.max_points), step: "0.5",
          "data-item": item.item, "aria-label": `${item.item}得分`, required: true })),
        el("td", { class: "desc", text: item.description })));
    }
  }

  /** Empty items are named, so the user knows exactly what is left to fill in (the browser's own bubble does not say). */
  function missing() {
    const empty = Array.from(tbody.querySelectorAll("input")).filter((input) => input.value.trim() === "");
    tbody.querySelectorAll("input").forEach((input) => input.removeAttribute("aria-invalid"));
    empty.forEach((input) => input.setAttribute("aria-invalid", "true"));
    if (!empty.length) return null;
    empty[0].focus();
    const names = empty.map((input) => `“${input.dataset.item}”（0–${input.max}分）`);
    return `请填写以下项目的得分：${names.join("、")}。每项填整数或半分（如 7.5）。`;
  }

  async function submit(ev) {
    ev.preventDefault();
    error.textContent = "";
    const empty = missing();
    if (empty) {
      error.textContent = empty;
      out.hidden = true;
      return;
    }
    const points = {};
    for (const input of tbody.querySelectorAll("input")) points[input.dataset.item] = input.value === "" ? null : Number(input.value);
    try {
      const r = await postJSON("/api/scoring", { points });
      out.hidden = false;
      out.replaceChildren(
        el("p", { class: "total", text: `总分 ${r.total} / ${r.max_total} 分，等级：${r.grade}` }),
        el("p", { class: "muted", text: r.grade_rule }),
        citationCard(r.grade_citation));
    } catch (e) { error.textContent = e.message; out.hidden = true; }
  }

  document.getElementById("scoring-form").addEventListener("submit", submit);
  load().catch((e) => { error.textContent = e.message; });
})();
