/* Staff console · 百问百答: write an entry from a group of questions (or the hit test), edit, retire,
 * history, export / import. The server checks every entry against its clauses (422 says why, in Chinese).
 * Everything from the server is rendered with textContent (Baiwen.el), never as markup. */
"use strict";

window.StaffFaq = (() => {
  const { el, fetchJSON } = Baiwen;
  const $ = (id) => document.getElementById(id);
  const FIELD_NAMES = { topic: "主题", regions: "地区", audience: "对象", question: "问题", paraphrases: "相似问法",
    answer: "答案", clause_ids: "条款", silent: "文件未规定", retired: "停用" };
  let onAuthLost = () => null;

  async function api(url, options) {
    try {
      return await fetchJSON(url, options);
    } catch (err) {
      if (err.status === 401) onAuthLost();
      throw err;
    }
  }

  const send = (url, method, data) => api(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
  const lines = (id) => $(id).value.split("\n").map((s) => s.trim()).filter(Boolean);
  const when = (iso) => String(iso || "").slice(0, 16).replace("T", " ");

  function message(id, text) {
    $(id).textContent = text || "";
  }

  /** Fill the editor: from a question group (question, its other phrasings, nearest clauses) or an entry. */
  function fill(prefill) {
    const p = prefill || {};
    $("faq-id").value = p.id || "";
    $("faq-editor-title").textContent = p.id ? `编辑条目 ${p.id}` : "写一条百问百答";
    $("faq-question").value = p.question || "";
    $("faq-paraphrases").value = (p.paraphrases || []).filter((x) => x !== p.question).join("\n");
    $("faq-answer").value = p.answer || "";
    $("faq-clauses").value = (p.clause_ids || []).join("\n");
    $("faq-topic").value = p.topic || "";
    $("faq-region").value = p.region || "";
    renderNearest(p.nearest || []);
    message("faq-error", "");
    message("faq-ok", "");
  }

  function renderNearest(nearest) {
    $("faq-nearest").hidden = !nearest.length;
    $("faq-nearest-list").replaceChildren(...nearest.map((c) => el("label", { class: "nearest" },
      el("input", { type: "checkbox", value: c.clause_id, class: "nearest-pick" }),
      el("span", { class: "nearest-ref", text: ` 《${c.title}》${c.clause}（${c.clause_id}）` }),
      el("span", { class: "muted nearest-text", text: c.text ? ` ${c.text.slice(0, 80)}…` : "" }))));
  }

  function addClause(clauseId) {
    const ids = lines("faq-clauses");
    if (!ids.includes(clauseId)) $("faq-clauses").value = [...ids, clauseId].join("\n");
  }

  function body() {
    const picked = Array.from(document.querySelectorAll(".nearest-pick:checked")).map((x) => x.value);
    return { question: $("faq-question").value.trim(), paraphrases: lines("faq-paraphrases"), answer: $("faq-answer").value.trim(),
      clause_ids: [...new Set([...lines("faq-clauses"), ...picked])], topic: $("faq-topic").value.trim(),
      region: $("faq-region").value || null };
  }

  async function save(ev) {
    ev.preventDefault();
    message("faq-error", "");
    message("faq-ok", "");
    const data = body();
    if (!data.clause_ids.length) {
      message("faq-error", "请至少勾选或填写一个条款编号（答案所依据的条款）。");
      return;
    }
    const id = $("faq-id").value;
    $("faq-save").disabled = true;
    try {
      const r = id ? await send(`/api/staff/faq/${encodeURIComponent(id)}`, "PUT", data) : await send("/api/staff/faq", "POST", data);
      fill({});
      message("faq-ok", id ? `已保存条目 ${r.id}，几秒内生效。` : `已新建条目 ${r.id}，几秒内即可回答这个问题及相似问法。`);
      await load();
    } catch (err) {
      message("faq-error", err.message);
    } finally {
      $("faq-save").disabled = false;
    }
  }

  async function open(entryId) {
    try {
      const d = await api(`/api/staff/faq/${encodeURIComponent(entryId)}`);
      fill({ ...d, clause_ids: d.citations.map((c) => c.clause_id), region: d.regions.length === 1 ? d.regions[0] : "" });
      showHistory(d.id, d.history);
      $("faq-form").scrollIntoView({ block: "start" });
    } catch (err) {
      message("faq-list-error", err.message);
    }
  }

  function describe(changes) {
    return Object.entries(changes).map(([k, [before, after]]) => {
      const show = (v) => (Array.isArray(v) ? v.join("；") : v === true ? "是" : v === false ? "否" : String(v ?? "（无）"));
      return `${FIELD_NAMES[k] || k}：${show(before)} → ${show(after)}`;
    });
  }

  function showHistory(entryId, history) {
    const box = $("faq-history");
    box.hidden = false;
    box.replaceChildren(el("h3", { text: `${entryId} 的修改记录` }), el("ol", { class: "history" }, history.map((h) => el("li", {},
      el("strong", { text: `${when(h.at)} ${h.who} ${h.action}` }),
      el("ul", {}, describe(h.changes).map((line) => el("li", { class: "muted", text: line })))))));
    if (!history.length) box.append(el("p", { class: "muted", text: "（未修改过，内容来自知识库文件）" }));
  }

  async function history(entryId) {
    try {
      const d = await api(`/api/staff/faq/${encodeURIComponent(entryId)}/history`);
      showHistory(entryId, d.history);
    } catch (err) {
      message("faq-list-error", err.message);
    }
  }

  async function retire(entry) {
    const verb = entry.retired ? "恢复" : "停用";
    if (!window.confirm(`确定要${verb}条目 ${entry.id}（${entry.question}）吗？`)) return;
    try {
      await send(`/api/staff/faq/${encodeURIComponent(entry.id)}/retire`, "POST", { retired: !entry.retired });
      await load();
    } catch (err) {
      message("faq-list-error", err.message);
    }
  }

  function row(entry) {
    const state = entry.retired ? "已停用" : entry.silent ? "有效 · 文件未规定" : "有效";
    return el("tr", { "data-entry": entry.id },
      el("td", { class: "nowrap", text: entry.id }), el("td", { text: entry.question }), el("td", { text: entry.topic }),
      el("td", {}, el("span", { class: "badge " + (entry.retired ? "badge-expired" : "badge-ok"), text: state })),
      el("td", { class: "nowrap", text: `${when(entry.updated_at)} ${entry.updated_by}` }),
      el("td", { class: "actions" },
        el("button", { type: "button", class: "btn btn-small", onclick: () => open(entry.id) }, "编辑"),
        el("button", { type: "button", class: "btn btn-small", onclick: () => retire(entry) }, entry.retired ? "恢复" : "停用"),
        el("button", { type: "button", class: "btn btn-small", onclick: () => history(entry.id) }, "记录")));
  }

  async function load() {
    message("faq-list-error", "");
    const [mine, all] = await Promise.all([api("/api/staff/faq"), fetchJSON("/api/faq")]);
    $("faq-topics").replaceChildren(...all.topics.map((t) => el("option", { value: t })));
    const tbody = $("faq-table").tBodies[0];
    tbody.replaceChildren(...mine.entries.map(row));
    if (!mine.entries.length) tbody.append(el("tr", {}, el("td", { colspan: "6", class: "muted", text: "还没有工作人员编写或修改的条目。" })));
  }

  async function importFile(ev) {
    ev.preventDefault();
    message("faq-list-error", "");
    const form = new FormData();
    form.append("file", $("faq-import-file").files[0]);
    try {
      const r = await api("/api/staff/faq/import", { method: "POST", body: form });
      message("faq-ok", `导入完成：新建 ${r.created} 条，修改 ${r.updated} 条，停用 ${r.retired} 条，未变 ${r.unchanged} 条。`);
      $("faq-import").reset();
      await load();
    } catch (err) {
      message("faq-list-error", err.message);
    }
  }

  function bind(authLost) {
    onAuthLost = authLost;
    $("faq-form").addEventListener("submit", save);
    $("faq-reset").addEventListener("click", () => fill({}));
    $("faq-open").addEventListener("click", () => { const id = $("faq-open-id").value.trim(); if (id) open(id); });
    $("faq-import").addEventListener("submit", importFile);
  }

  return { bind, load, fill, addClause };
})();
