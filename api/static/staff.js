/* Staff console: requests, question log, knowledge documents (upload / expire / delete / hit test), overview;
 * the 百问百答 tab is staff_faq.js (an entry written from a question group or from the hit test).
 * Authenticated by the HttpOnly session cookie set by POST /staff/login; every 401 returns to the login form. */
"use strict";

(() => {
  const { el, fetchJSON, postJSON, citationCard, setupLargeText } = Baiwen;
  const $ = (id) => document.getElementById(id);
  const LABELS = {
    reference: "编号", sender_id: "会话标识", status: "状态", created_at: "提交时间", updated_at: "更新时间",
    team_name: "团队名称", category: "类别", district: "区", street: "街道/镇", community: "居委/村",
    member_count: "成员人数", leader_name: "负责人", leader_phone: "负责人手机号", activity_place: "活动地点",
    activities: "活动内容", tier: "层级", org_kind: "组织类型", org_name: "组织名称", reason: "原因",
    path: "办理路径", notes: "备注", question: "问题", context: "对话摘要", contact: "联系方式", resident_note: "给居民的说明",
  };
  const COLUMNS = {
    filings: ["reference", "created_at", "status", "street", "team_name", "category", "leader_name", "leader_phone"],
    deregistrations: ["reference", "created_at", "status", "street", "org_name", "org_kind", "reason"],
    handoffs: ["reference", "created_at", "status", "question", "contact"],
  };
  // Mirrors the server's workflow so the form offers only allowed moves; the server still enforces it.
  const NEXT = { "已提交": ["已联系", "不予受理"], "已联系": ["已办结", "不予受理"], "已办结": [], "不予受理": [] };
  const charts = {};
  let jobTimer = null;

  /** Any 401 means the session ended: show the login form instead of a broken console. */
  async function api(url, options, timeoutMs) {
    try {
      return await fetchJSON(url, options, timeoutMs);
    } catch (err) {
      if (err.status === 401) showLogin("登录已过期，请重新登录。");
      throw err;
    }
  }

  const send = (url, method, data) => api(url, {
    method, headers: { "Content-Type": "application/json" }, body: data === undefined ? undefined : JSON.stringify(data),
  });

  function showError(id, err) {
    $(id).textContent = err ? (err.message || String(err)) : "";
  }

  // ------------------------------------------------------------ login
  function showLogin(message) {
    $("app").hidden = true;
    $("logout").hidden = true;
    $("who").textContent = "";
    $("login").hidden = false;
    $("login-error").textContent = message || "";
  }

  function showApp(name) {
    $("login").hidden = true;
    $("app").hidden = false;
    $("logout").hidden = false;
    $("who").textContent = `工作人员：${name}`;
    selectTab("overview");
  }

  async function login(ev) {
    ev.preventDefault();
    try {
      const r = await postJSON("/staff/login", { name: $("login-name").value, password: $("login-password").value });
      $("login-password").value = "";
      showApp(r.name);
    } catch (err) {
      $("login-error").textContent = err.message;
    }
  }

  async function logout() {
    await postJSON("/staff/logout", {}).catch(() => null);
    showLogin("已退出。");
  }

  // ------------------------------------------------------------ tabs
  const LOADERS = { overview: loadOverview, requests: loadRequests, questions: loadQuestions, knowledge: loadKnowledge,
    faq: () => StaffFaq.load() };

  function selectTab(name) {
    document.querySelectorAll(".tab").forEach((t) => t.setAttribute("aria-selected", String(t.dataset.tab === name)));
    Object.keys(LOADERS).forEach((key) => { $(`tab-${key}`).hidden = key !== name; });
    LOADERS[name]().catch(() => null);
  }

  // ------------------------------------------------------------ overview
  async function loadOverview() {
    const d = await api(`/api/staff/overview?days=${encodeURIComponent($("ov-days").value)}`);
    const rate = d.answered_rate === null ? "—" : `${Math.round(d.answered_rate * 100)}%`;
    $("ov-tiles").replaceChildren(
      tile("提问数", d.total_questions), tile("有依据回答率", rate), tile("团队备案", d.flows.filing),
      tile("注销/撤销", d.flows.deregistration), tile("转人工", d.flows.handoff),
      tile("有帮助 / 没帮助", `${d.feedback.up} / ${d.feedback.down}`));
    drawChart("days", "line", d.dates.map((x) => x.slice(5)), [
      { label: "提问", data: d.questions, borderColor: "#0b5cad", backgroundColor: "#0b5cad" },
      { label: "有依据回答", data: d.answered, borderColor: "#1a7f37", backgroundColor: "#1a7f37" }]);
    drawChart("flows", "bar", ["团队备案", "注销/撤销", "转人工"], [
      { label: "提交数", data: [d.flows.filing, d.flows.deregistration, d.flows.handoff], backgroundColor: "#b4232a" }]);
    drawChart("topics", "bar", d.top_topics.map((t) => t.topic), [
      { label: "提问数", data: d.top_topics.map((t) => t.count), backgroundColor: "#0b5cad" }], { indexAxis: "y" });
  }

  function tile(label, value) {
    return el("div", { class: "tile" }, el("div", { class: "tile-value", text: String(value) }), el("div", { class: "tile-label", text: label }));
  }

  function drawChart(key, type, labels, datasets, extra) {
    if (charts[key]) charts[key].destroy();
    if (typeof Chart === "undefined") return;
    charts[key] = new Chart($(`ch-${key}`), {
      type, data: { labels, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: datasets.length > 1 } }, ...(extra || {}),
      },
    });
  }

  // ------------------------------------------------------------ requests
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  /** The date filters are typed as yyyy-mm-dd (the same in every browser language); a wrong one is named. */
  function checkDates() {
    for (const [id, label] of [["rq-from", "起始日期"], ["rq-to", "截止日期"]]) {
      const v = $(id).value.trim();
      if (v && (!ISO_DAY.test(v) || Number.isNaN(Date.parse(v)))) return `${label}格式应为 yyyy-mm-dd，如 2026-11-01。`;
    }
    return null;
  }

  /** "web:27856216-…" → 网页聊天, "wx:…" → 微信: staff see the channel, the raw id only on hover. */
  function channel(senderId) {
    const id = String(senderId || "");
    return id.startsWith("wx:") ? "微信" : id.startsWith("web:") ? "网页聊天" : id ? "其他渠道" : "—";
  }

  function requestQuery() {
    const q = new URLSearchParams();
    const pairs = { street: $("rq-street").value.trim(), status: $("rq-status").value, date_from: $("rq-from").value, date_to: $("rq-to").value };
    for (const [k, v] of Object.entries(pairs)) if (v && !(k === "street" && $("rq-kind").value === "handoffs")) q.set(k, v);
    return q.toString();
  }

  async function loadRequests() {
    const kind = $("rq-kind").value;
    const query = requestQuery();
    $("rq-street").disabled = kind === "handoffs";
    $("rq-csv").href = `/api/${kind}.csv${query ? "?" + query : ""}`;
    showError("rq-error", null);
    const wrong = checkDates();
    if (wrong) {
      showError("rq-error", new Error(wrong));
      return;
    }
    try {
      const d = await api(`/api/${kind}?limit=500${query ? "&" + query : ""}`);
      renderRequestTable(kind, d.items);
      $("rq-count").textContent = `共 ${d.total} 条${d.total > d.items.length ? `，显示前 ${d.items.length} 条` : ""}。点击一行查看详情。`;
    } catch (err) {
      showError("rq-error", err);
    }
  }

  function renderRequestTable(kind, items) {
    const cols = COLUMNS[kind];
    const table = $("rq-table");
    table.tHead.replaceChildren(el("tr", {}, cols.map((c) => el("th", { text: LABELS[c] }))));
    table.tBodies[0].replaceChildren(...items.map((item) => el("tr", {
      tabindex: "0", class: "clickable", "data-reference": item.reference,
      onclick: () => openRequest(kind, item.reference),
      onkeydown: (ev) => { if (ev.key === "Enter") openRequest(kind, item.reference); },
    }, cols.map((c) => el("td", { text: cell(item[c], c) })))));
    if (!items.length) table.tBodies[0].append(el("tr", {}, el("td", { colspan: String(cols.length), class: "muted", text: "没有符合条件的申请。" })));
  }

  /** "2026-11-22T20:56:18+08:00" → "2026-11-22 20:56" (the API already gives China time). */
  function when(iso) {
    return String(iso || "").slice(0, 16).replace("T", " ");
  }

  function cell(value, column) {
    if (value === null || value === undefined) return "";
    const text = String(value);
    if (column === "created_at") return when(text);
    return text.length > 40 ? text.slice(0, 40) + "…" : text;
  }

  async function openRequest(kind, reference) {
    const box = $("rq-detail");
    try {
      const d = await api(`/api/${kind}/${encodeURIComponent(reference)}`);
      box.replaceChildren(...requestDetail(kind, d));
      box.hidden = false;
      box.scrollIntoView({ block: "nearest" });
    } catch (err) {
      showError("rq-error", err);
    }
  }

  function requestDetail(kind, d) {
    const fields = Object.keys(LABELS).filter((k) => k in d && d[k] !== "" && d[k] !== null);
    const shown = (k) => (k.endsWith("_at") ? when(d[k]) : k === "sender_id" ? channel(d[k]) : String(d[k]));
    const dl = el("dl", { class: "kv" }, fields.map((k) => el("div", {}, el("dt", { text: k === "sender_id" ? "渠道" : LABELS[k] }),
      el("dd", k === "sender_id" ? { text: shown(k), title: String(d[k]), class: "channel" } : { text: shown(k) }))));
    const hist = el("ol", { class: "history" }, (d.history || []).map((h) => el("li", {},
      `${when(h.at)} ${h.who}：${h.from_status || "—"} → ${h.to_status}`,
      h.note ? el("span", { class: "muted", text: `（${h.note}）` }) : null)));
    return [el("h3", { text: `${d.reference} · ${d.status}` }), dl, el("h4", { text: "处理记录" }), hist, statusForm(kind, d)];
  }

  function statusForm(kind, d) {
    const options = NEXT[d.status] || [];
    if (!options.length) return el("p", { class: "muted", text: "该申请已结束，不能再变更状态。" });
    const select = el("select", { id: "st-status", "aria-label": "新状态" }, options.map((s) => el("option", { value: s, text: s })));
    const note = el("input", { id: "st-note", maxlength: "2000", placeholder: "备注（如：已电话联系负责人）", "aria-label": "备注" });
    const forResident = el("input", { id: "st-resident-note", maxlength: "500", value: d.resident_note || "",
      placeholder: "居民查询进度时可见（如：请周三上午带成员名单到街道）", "aria-label": "给居民的说明" });
    const error = el("p", { class: "form-error", role: "alert" });
    const form = el("form", { class: "toolbar status-form" }, el("label", {}, "变更为", select), el("label", { class: "grow" }, "备注（内部）", note),
      el("label", { class: "grow" }, "给居民的说明", forResident), el("button", { type: "submit", class: "btn btn-primary" }, "保存状态"), error);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        await send(`/api/${kind}/${encodeURIComponent(d.reference)}`, "PATCH",
          { status: select.value, note: note.value, resident_note: forResident.value.trim() });
        await loadRequests();
        await openRequest(kind, d.reference);
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  }

  // ------------------------------------------------------------ questions
  async function loadQuestions() {
    showError("q-error", null);
    const handled = $("q-handled").value;
    try {
      const d = await api(`/api/staff/question-log?handled=${handled}&scope=${encodeURIComponent($("q-scope").value)}`);
      $("q-groups").replaceChildren(...(d.groups.length ? d.groups.map((g) => questionGroup(g, handled === "true"))
        : [el("p", { class: "muted", text: "没有需要处理的问题。" })]));
    } catch (err) {
      showError("q-error", err);
    }
  }

  function questionGroup(g, handled) {
    const items = el("ul", { class: "q-items" }, g.items.map((i) => el("li", {},
      el("span", { class: "badge " + (i.kind === "log" ? "badge-region" : "badge-expired"), text: i.kind === "log" ? "未能回答" : "👎 反馈" }),
      el("span", { class: "q-text", text: i.question }),
      el("span", { class: "muted", text: ` ${when(i.created_at)}` }),
      i.reason ? el("div", { class: "q-reason", text: `原因：${i.reason}` }) : null,
      i.answer ? el("details", {}, el("summary", { text: "当时的回答" }), el("p", { class: "q-answer", text: i.answer })) : null)));
    const mark = el("button", { type: "button", class: "btn btn-small", onclick: () => markGroup(g, !handled) }, handled ? "恢复为未处理" : "标记已处理");
    const write = el("button", { type: "button", class: "btn btn-small btn-primary", onclick: () => writeEntry(g) }, "写成百问百答");
    return el("article", { class: "q-group" },
      el("header", {}, el("strong", { class: "q-head", text: g.question }),
        el("span", { class: "badge badge-region", text: `${g.count} 次` }), mark, write),
      el("p", { class: "muted q-when", text: `首次 ${when(g.first_at)} · 最近 ${when(g.last_at)}` }),
      groupFacts(g), items);
  }

  /** What the assistant did, what residents said, and the nearest clauses (the gap in one look). */
  function groupFacts(g) {
    const a = g.answered;
    const did = [a.refused ? `拒答 ${a.refused} 次` : null,
      ...a.entries.map((e) => `百问百答 ${e.id}「${e.question}」${e.count} 次`),
      ...a.clauses.map((c) => `条款《${c.title}》${c.clause} ${c.count} 次`)].filter(Boolean);
    const fb = g.feedback;
    return el("dl", { class: "kv q-facts" },
      el("div", {}, el("dt", { text: "助手回答" }), el("dd", { class: "q-answered", text: did.join("；") || "—" })),
      el("div", {}, el("dt", { text: "居民评价" }), el("dd", { class: "q-feedback",
        text: `👍 ${fb.up} · 👎 ${fb.down}${fb.reasons.length ? "（" + fb.reasons.join("；") + "）" : ""}` })),
      el("div", {}, el("dt", { text: "最接近的条款" }), el("dd", {}, el("ul", { class: "q-nearest" },
        g.nearest.map((c) => el("li", { title: c.text, text: `《${c.title}》${c.clause}（${c.clause_id}）` }))))));
  }

  function writeEntry(g) {
    StaffFaq.fill({ question: g.question, paraphrases: g.paraphrases, nearest: g.nearest });
    selectTab("faq");
  }

  async function markGroup(g, handled) {
    try {
      await send("/api/staff/questions/handled", "POST", { handled, items: g.items.map((i) => ({ kind: i.kind, id: i.id })) });
      await loadQuestions();
    } catch (err) {
      showError("q-error", err);
    }
  }

  // ------------------------------------------------------------ knowledge
  async function loadKnowledge() {
    showError("kb-error", null);
    try {
      const d = await api("/api/staff/documents");
      renderDocuments(d.documents, d.job.state === "running");
      renderJob(d.job);
    } catch (err) {
      showError("kb-error", err);
    }
  }

  function renderDocuments(docs, busy) {
    $("kb-table").tBodies[0].replaceChildren(...docs.map((doc) => el("tr", { "data-doc": doc.id },
      el("td", { text: doc.id }), el("td", { text: doc.title }), el("td", { text: doc.doc_number || "—" }),
      el("td", { text: doc.region }), el("td", { class: "nowrap", text: doc.date || "" }),
      el("td", { class: "nowrap", text: `${doc.valid_from || "…"} 至 ${doc.valid_until || "长期"}` }),
      el("td", {}, el("span", { class: "badge " + (doc.in_force ? "badge-ok" : "badge-expired"), text: doc.in_force ? "有效" : "已失效" })),
      el("td", { class: "actions" },
        doc.in_force ? el("button", { type: "button", class: "btn btn-small", disabled: busy, onclick: () => changeDocument(doc, "expire") }, "标记失效") : null,
        el("button", { type: "button", class: "btn btn-small btn-danger", disabled: busy, onclick: () => changeDocument(doc, "delete") }, "删除")))));
  }

  async function changeDocument(doc, action) {
    const verb = action === "expire" ? "标记为已失效" : "删除";
    if (!window.confirm(`确定要将《${doc.title}》${verb}吗？重建索引后它将${action === "expire" ? "显示为已失效" : "不再被引用"}。`)) return;
    try {
      const url = `/api/staff/documents/${encodeURIComponent(doc.id)}${action === "expire" ? "/expire" : ""}`;
      const r = await send(url, action === "expire" ? "POST" : "DELETE");
      renderJob(r.job);
      await loadKnowledge();
    } catch (err) {
      showError("kb-error", err);
    }
  }

  function renderJob(job) {
    const box = $("job");
    clearTimeout(jobTimer);
    if (!job || job.state === "idle") {
      box.replaceChildren(el("p", { class: "muted", text: "索引就绪。上传、失效或删除文件后会在后台重建索引，期间旧索引继续提供服务。" }));
      return;
    }
    const pct = Math.round((job.progress || 0) * 100);
    const states = { running: "进行中", done: "已完成", failed: "失败" };
    box.className = `job job-${job.state}`;
    box.replaceChildren(
      el("p", {}, el("strong", { text: `索引任务（${job.action}）：${states[job.state] || job.state}` }), ` ${pct}%`),
      el("progress", { max: "100", value: String(pct), "aria-label": "索引进度" }),
      el("p", { class: "job-message", text: job.message || "" }),
      job.error ? el("p", { class: "form-error", text: `错误：${job.error}` }) : null);
    if (job.state === "running") jobTimer = setTimeout(pollJob, 1000);
  }

  async function pollJob() {
    try {
      const job = await api("/api/staff/index-job");
      if (job.state !== "running") await loadKnowledge();
      else renderJob(job);
    } catch (_err) {
      jobTimer = setTimeout(pollJob, 3000);
    }
  }

  async function upload(ev) {
    ev.preventDefault();
    showError("up-error", null);
    const form = $("upload-form");
    $("up-submit").disabled = true;
    try {
      const r = await api("/api/staff/documents", { method: "POST", body: new FormData(form) }, 120000);
      form.reset();
      renderJob(r.job);
      await loadKnowledge();
    } catch (err) {
      showError("up-error", err);
    } finally {
      $("up-submit").disabled = false;
    }
  }

  async function hitTest(ev) {
    ev.preventDefault();
    showError("hit-error", null);
    $("hit-result").replaceChildren(el("p", { class: "muted", text: "检索中…" }));
    try {
      const r = await send("/api/staff/hit-test", "POST", { question: $("hit-q").value, region: $("hit-region").value || null, top_k: 10 });
      $("hit-result").replaceChildren(...hitResult(r));
    } catch (err) {
      $("hit-result").replaceChildren();
      showError("hit-error", err);
    }
  }

  function hitResult(r) {
    const decision = el("p", { class: "decision " + (r.confident ? "ok" : "refused") },
      el("strong", { text: r.confident ? "判定：有依据，会回答" : "判定：拒答（语料中没有足够依据）" }),
      ` · 来源 ${r.source || "—"} · 用时 ${typeof r.took_ms === "number" ? r.took_ms.toFixed(0) : "—"} ms`);
    const answer = el("blockquote", { class: "hit-answer", text: r.answer || "" });
    const list = el("ol", { class: "hits" }, (r.citations || []).map((c, i) => el("li", {}, citationCard(c, { scores: true, open: i === 0 }),
      el("button", { type: "button", class: "btn btn-small cite-pick", onclick: (ev) => {
        StaffFaq.addClause(c.clause_id);
        ev.target.textContent = "已加入百问百答草稿";
      } }, "引用此条款"))));
    return [decision, answer, el("h3", { text: `排序后的条款（${(r.citations || []).length}）` }), list];
  }

  // ------------------------------------------------------------ start
  function bind() {
    setupLargeText($("large-text"));
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", logout);
    document.querySelectorAll(".tab").forEach((t) => t.addEventListener("click", () => selectTab(t.dataset.tab)));
    $("ov-days").addEventListener("change", () => loadOverview().catch(() => null));
    $("rq-filters").addEventListener("submit", (ev) => { ev.preventDefault(); $("rq-detail").hidden = true; loadRequests(); });
    $("rq-kind").addEventListener("change", () => { $("rq-detail").hidden = true; loadRequests(); });
    $("q-handled").addEventListener("change", loadQuestions);
    $("q-scope").addEventListener("change", loadQuestions);
    StaffFaq.bind(() => showLogin("登录已过期，请重新登录。"));
    $("upload-form").addEventListener("submit", upload);
    $("hit-form").addEventListener("submit", hitTest);
  }

  async function start() {
    bind();
    const me = await fetchJSON("/staff/session").catch(() => ({ name: null }));
    if (me.name) showApp(me.name);
    else showLogin("");
  }

  start();
})();
