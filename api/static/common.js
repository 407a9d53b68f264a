/* Shared helpers for the chat page and the staff console.
 * Every piece of text reaches the DOM through textContent or createTextNode — never innerHTML —
 * so a message containing <script> or <img onerror> is shown as the characters it is. */
"use strict";

const Baiwen = (() => {
  /** Build an element; children may be strings (become text nodes), nodes, or null (skipped). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Non-overlapping [start, end) ranges where any term occurs; longer terms win. */
  function matchRanges(text, terms) {
    const sorted = [...new Set((terms || []).filter((t) => typeof t === "string" && t.trim()))]
      .sort((a, b) => b.length - a.length);
    const taken = new Array(text.length).fill(false);
    const ranges = [];
    for (const term of sorted) {
      let from = 0;
      for (let at = text.indexOf(term, from); at !== -1; at = text.indexOf(term, from)) {
        const end = at + term.length;
        if (!taken.slice(at, end).some(Boolean)) {
          ranges.push([at, end]);
          taken.fill(true, at, end);
        }
        from = at + 1;
      }
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  }

  /** Append `text` to `parent` as text nodes with the matched terms wrapped in <mark> (safe: no HTML parsing). */
  function appendHighlighted(parent, text, terms) {
    let pos = 0;
    for (const [start, end] of matchRanges(text, terms)) {
      if (start > pos) parent.append(document.createTextNode(text.slice(pos, start)));
      parent.append(el("mark", { text: text.slice(start, end) }));
      pos = end;
    }
    if (pos < text.length) parent.append(document.createTextNode(text.slice(pos)));
    return parent;
  }

  /** The clause path of a clause id: "cn-2022/四/（一）/3" → "四 › （一） › 3". */
  function clausePath(clauseId) {
    const parts = String(clauseId || "").split("/").slice(1);
    return parts.join(" › ");
  }

  function fmtScore(value) {
    return typeof value === "number" && Number.isFinite(value) ? value.toFixed(3) : "—";
  }

  /** An expandable card for one citation, exactly as the API returned it (nothing added). */
  function citationCard(c, options) {
    const opts = options || {};
    const expired = c.in_force === false;
    const summary = el("summary", { class: "cite-summary" },
      el("span", { class: "cite-title", text: `《${c.title || ""}》` }),
      el("span", { class: "cite-clause", text: c.clause || clausePath(c.clause_id) }),
      expired ? el("span", { class: "badge badge-expired", text: "已失效" }) : null,
      c.region ? el("span", { class: "badge badge-region", text: c.region }) : null);
    const facts = el("dl", { class: "cite-facts" },
      fact("文号", c.doc_number || "（原文无文号）"),
      fact("发布机关", c.issuer), fact("日期", c.date),
      fact("条款", clausePath(c.clause_id) || c.clause), fact("地区", c.region),
      opts.scores ? fact("得分", `综合 ${fmtScore(c.score)} · BM25 ${fmtScore(c.bm25)} · 向量 ${fmtScore(c.dense)}`) : null);
    const quote = appendHighlighted(el("blockquote", { class: "cite-text" }), String(c.text || ""), c.highlights);
    const card = el("details", { class: "cite" + (expired ? " cite-expired" : "") }, summary, facts, quote);
    if (opts.open) card.open = true;
    return card;
  }

  function fact(label, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", { class: "fact" }, el("dt", { text: label }), el("dd", { text: String(value) }));
  }

  /** fetch + JSON with a timeout; throws an Error whose message is Chinese and whose .status is the HTTP code. */
  async function fetchJSON(url, options, timeoutMs) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs || 30000);
    let resp;
    try {
      resp = await fetch(url, { credentials: "same-origin", ...(options || {}), signal: ctrl.signal });
    } catch (err) {
      const e = new Error(err.name === "AbortError" ? "请求超时，请稍后再试。" : "网络连接失败，请检查网络后再试。");
      e.status = 0;
      throw e;
    } finally {
      clearTimeout(timer);
    }
    const body = await resp.json().catch(() => null);
    if (!resp.ok) {
      const detail = body && typeof body.detail === "string" ? body.detail : `服务暂时不可用（${resp.status}）。`;
      const e = new Error(detail);
      e.status = resp.status;
      throw e;
    }
    return body;
  }

  function postJSON(url, data, timeoutMs) {
    return fetchJSON(url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data),
    }, timeoutMs);
  }

  /** Large-text mode for older users, remembered on this device. */
  function setupLargeText(button) {
    const key = "baiwen.largeText";
    const apply = (on) => {
      document.documentElement.classList.toggle("large-text", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准字" : "大字";
    };
    apply(localStorage.getItem(key) === "1");
    button.addEventListener("click", () => {
      const on = !document.documentElement.classList.contains("large-text");
      localStorage.setItem(key, on ? "1" : "0");
      apply(on);
    });
  }

  return { el, matchRanges, appendHighlighted, clausePath, citationCard, fetchJSON, postJSON, setupLargeText, fmtScore };
})();
