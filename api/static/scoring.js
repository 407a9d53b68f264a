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

  async function submit(ev) {
    ev.preventDefault();
    error.textContent = "";
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
