// zeren 工作台：试算、清单、编辑。纯 JavaScript，不需要构建步骤；所有数据来自同一服务的 /v1 接口。
"use strict";

const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const METHODS = {
  direct: "直接命中", priority: "按优先级", specific: "更具体者胜", residual: "事项主办兜底",
  analogy: "参照类比", disputed: "争议件（交协调机构会商）", unclaimed: "无主件（交协调机构）",
};
const SEVERITY = { error: "错误", warning: "警告", note: "提示" };
let deptNames = {};
let schema = null;

async function api(path, options) {
  const resp = await fetch(path, options);
  const type = resp.headers.get("content-type") || "";
  const body = type.includes("json") ? await resp.json() : await resp.text();
  if (!resp.ok) {
    const msg = body && body.error ? body.error.message : String(body);
    throw new Error(msg);
  }
  return body;
}
const postJson = (path, value) => api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
const dept = (id) => (id ? `${esc(deptNames[id] || id)}（${esc(id)}）` : "—");
const depts = (ids) => (ids && ids.length ? ids.map(dept).join("、") : "无");

// ------------------------------------------------------------------ 标签页
function showTab(name) {
  for (const b of document.querySelectorAll("nav button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const s of document.querySelectorAll("main > section")) s.hidden = s.id !== `tab-${name}`;
  if (name === "list" && !$("#list").dataset.loaded) loadList();
  if (name === "edit" && !$("#edit-file").options.length) loadFiles();
}
for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => showTab(b.dataset.tab));

// ------------------------------------------------------------------ 试算
function buildForm(s) {
  const form = $("#ticket-form");
  form.innerHTML = "";
  const order = s["x-zeren-order"] || Object.keys(s.properties || {});
  for (const name of order) {
    const p = s.properties[name];
    const id = `f-${name}`;
    const type = p["x-zeren-type"] || (Array.isArray(p.type) ? p.type[0] : p.type);
    let input;
    if (p.enum) {
      input = `<select id="${esc(id)}" data-attr="${esc(name)}" data-kind="string"><option value="">（未填）</option>` +
        p.enum.filter((v) => v !== null).map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join("") + "</select>";
    } else if (type === "text") {
      input = `<textarea id="${esc(id)}" data-attr="${esc(name)}" data-kind="string" rows="3"></textarea>`;
    } else if (type === "number") {
      input = `<input id="${esc(id)}" type="number" step="any" data-attr="${esc(name)}" data-kind="number">`;
    } else if (type === "bool" || type === "boolean") {
      input = `<select id="${esc(id)}" data-attr="${esc(name)}" data-kind="bool"><option value="">（未填）</option><option value="true">是</option><option value="false">否</option></select>`;
    } else if (type === "date" || p.format === "date" || p.format === "date-time") {
      input = `<input id="${esc(id)}" type="date" data-attr="${esc(name)}" data-kind="string">`;
    } else {
      input = `<input id="${esc(id)}" type="text" data-attr="${esc(name)}" data-kind="string">`;
    }
    const title = p.title && p.title !== name ? `${esc(p.title)}<small>${esc(name)}</small>` : esc(name);
    form.insertAdjacentHTML("beforeend",
      `<div class="field"><label for="${esc(id)}">${title}<small>${esc(p.description || "")}</small></label>${input}</div>`);
  }
}

function formTicket() {
  const ticket = {};
  for (const el of document.querySelectorAll("#ticket-form [data-attr]")) {
    const v = el.value.trim();
    if (v === "") continue;
    const kind = el.dataset.kind;
    ticket[el.dataset.attr] = kind === "number" ? Number(v) : kind === "bool" ? v === "true" : v;
  }
  return ticket;
}

function decisionHtml(d, withIds) {
  if (d.error) return `<div class="error">${esc(d.error)}</div>`;
  const rows = [
    ["主办", `<span ${withIds ? 'id="lead"' : ""} class="lead">${d.lead ? dept(d.lead) : "无（交协调机构）"}</span>`],
    ["协办", depts(d.assists)],
    ["联动", depts(d.liaisons)],
    ["事项", esc((d.path || []).join(" › ") || "—")],
    ["裁决方式", esc(METHODS[d.method] || d.method)],
  ];
  if (d.method === "analogy") rows.push(["相似度", `${esc(Number(d.score).toFixed(2))}${d.analogy_of ? `，参照 ${esc(d.analogy_of)}` : ""}`]);
  if ("deadline" in d) rows.push(["办理时限", d.deadline ? esc(`${d.deadline.value} ${d.deadline.unit === "workdays" ? "个工作日" : d.deadline.unit}`) : "—"]);
  rows.push(["依据", d.basis && d.basis.length ? d.basis.map(esc).join("<br>") : "—"]);
  if (d.candidates && d.candidates.length > 1) rows.push(["候选事项", d.candidates.map(esc).join("、")]);
  if (d.split && d.split.length) rows.push(["拆单建议", d.split.map((p) => `${esc(p.item)} → ${dept(p.lead)}`).join("<br>")]);
  if (d.provenance) rows.push(["版本", esc(`${d.provenance.ruleset || ""} ${d.provenance.version || ""} #${d.provenance.content_hash}` +
    (d.provenance.file ? ` · ${d.provenance.file}:${d.provenance.line}` : ""))]);
  if (d.decision_id) rows.push(["裁决编号", `<code>${esc(d.decision_id)}</code>`]);
  return `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

function explanationHtml(x) {
  let h = `<p><b>原因：</b>${esc(x.reason)}</p>`;
  if (x.candidates.length) {
    h += "<p><b>第 1 步，条件成立的事项：</b></p><ul>" + x.candidates.map((c) =>
      `<li>${esc(c.item)}，主办 ${dept(c.lead)}，优先级 ${esc(c.priority)}${c.kept ? "" : "（被 priority/over 排除）"}</li>`).join("") + "</ul>";
  } else {
    h += "<p><b>第 1 步：</b>没有事项的条件成立。</p>";
  }
  if (x.guarded_matters.length) h += `<p><b>守卫成立的事项：</b>${x.guarded_matters.map(esc).join("、")}</p>`;
  if (x.scores.length && !x.candidates.length) {
    h += "<p><b>最接近的事项：</b></p><ul>" + x.scores.map((s) => `<li>${esc(s.item)}：${esc(s.score.toFixed(3))}</li>`).join("") + "</ul>";
  }
  for (const p of x.guard_pitfalls) h += `<p class="error">${esc(p.message)}</p>`;
  h += `<pre class="text">${esc(x.text)}</pre>`;
  return h;
}

function whyNotHtml(w) {
  const part = (label, ps) => ps.length ? `<p><b>${label}</b></p><ul>` + ps.map((p) =>
    `<li class="${p.held ? "held" : "missed"}">${p.held ? "✓ 成立" : "✗ 不成立"}：<code>${esc(p.atom)}</code></li>`).join("") + "</ul>" : "";
  return `<p><b>${esc(w.item)}</b>（主办 ${dept(w.lead)}）：${esc(w.verdict)}</p>` +
    part("所在事项的守卫", w.guard) + part("本项自己的条件", w.own);
}

let lastTicket = null;
async function routeForm() {
  $("#try-error").hidden = true;
  lastTicket = formTicket();
  try {
    const d = await postJson("/v1/route?explain=true", lastTicket);
    $("#decision").innerHTML = decisionHtml(d, true);
    $("#decision").hidden = false;
    $("#explanation-body").innerHTML = explanationHtml(d.explanation);
    $("#explanation").hidden = false;
    $("#whynot-box").hidden = false;
    $("#whynot").innerHTML = "";
  } catch (e) {
    $("#try-error").textContent = `工单有误：${e.message}`;
    $("#try-error").hidden = false;
    $("#decision").hidden = true;
  }
}
$("#route-btn").addEventListener("click", routeForm);
$("#whynot-btn").addEventListener("click", async () => {
  const item = $("#whynot-item").value;
  try {
    const d = await postJson(`/v1/route?why_not=${encodeURIComponent(item)}`, lastTicket || formTicket());
    $("#whynot").innerHTML = whyNotHtml(d.explanation.why_not);
  } catch (e) {
    $("#whynot").innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
});

// ------------------------------------------------------------------ 清单
let listData = null;
async function loadList() {
  listData = await api("/v1/list");
  $("#list").dataset.loaded = "1";
  renderList();
}
function roleText(m) {
  return [m.lead ? `主办 ${esc(m.lead.name)}` : "", m.assists.length ? `协办 ${m.assists.map((d) => esc(d.name)).join("、")}` : "",
    m.liaisons.length ? `联动 ${m.liaisons.map((d) => esc(d.name)).join("、")}` : ""].filter(Boolean).join("；");
}
function renderList() {
  const q = $("#list-search").value.trim().toLowerCase();
  const hit = (v) => JSON.stringify(v).toLowerCase().includes(q);
  let shown = 0;
  const html = listData.matters.filter((m) => !q || hit(m)).map((m) => {
    shown++;
    const items = m.items.filter((i) => !q || hit(i) || hit([m.name, m.title]));
    return `<div class="matter" data-matter="${esc(m.name)}">
      <h3>${esc(m.path.concat([m.name]).join(" › "))}${m.title && m.title !== m.name ? `：${esc(m.title)}` : ""}</h3>
      <div class="muted">${m.when ? `守卫：<code>${esc(m.when)}</code>　` : ""}${m.own_lead ? `兜底主办：${esc(m.lead.name)}　` : ""}${esc(m.source.file)}:${esc(m.source.line)}</div>
      ${m.basis.length ? `<div>依据：${m.basis.map(esc).join("；")}</div>` : ""}
      ${m.notes.map((n) => `<div class="muted">注：${esc(n)}</div>`).join("")}
      <table><tr><th>事项</th><th>条件</th><th>职责</th><th>依据与备注</th></tr>
      ${items.map((i) => `<tr><td>${esc(i.name)}${i.title && i.title !== i.name ? `<br><small>${esc(i.title)}</small>` : ""}</td>
        <td><code>${esc(i.when || "（同事项守卫）")}</code>${i.near ? `<br>类比：<code>${esc(i.near)}</code>` : ""}${i.like ? `<br>参照：${esc(i.like)}` : ""}</td>
        <td>${roleText(i)}${i.priority ? `<br>优先级 ${esc(i.priority)}` : ""}</td>
        <td>${i.basis.map(esc).join("<br>")}${i.notes.map((n) => `<div class="muted">${esc(n)}</div>`).join("")}</td></tr>`).join("")}
      </table>
      <button type="button" class="chart-btn">流程图</button><div class="chart" hidden></div>
    </div>`;
  }).join("");
  $("#list").innerHTML = html || `<p class="muted">没有符合“${esc(q)}”的事项。</p>`;
  $("#list-count").textContent = `${listData.ruleset || ""} ${listData.version || ""}：共 ${listData.matters.length} 个事项，显示 ${shown} 个。`;
  for (const b of document.querySelectorAll(".chart-btn")) {
    b.addEventListener("click", async () => {
      const box = b.nextElementSibling;
      box.hidden = !box.hidden;
      if (!box.hidden && !box.innerHTML) {
        const name = b.closest(".matter").dataset.matter;
        try { box.innerHTML = await api(`/v1/chart?matter=${encodeURIComponent(name)}`); } catch (e) { box.textContent = e.message; }
      }
    });
  }
}
$("#list-search").addEventListener("input", () => listData && renderList());

// ------------------------------------------------------------------ 编辑
let checkTimer = null;
let checkSeq = 0;
async function loadFiles() {
  const { files } = await api("/v1/files");
  $("#edit-file").innerHTML = files.map((f) => `<option value="${esc(f.path)}">${esc(f.path)}（${f.lines} 行）</option>`).join("");
  await openFile();
}
async function openFile() {
  const path = $("#edit-file").value;
  $("#editor").value = await api(`/v1/file?path=${encodeURIComponent(path)}`);
  $("#editor").dataset.original = $("#editor").value;
  updateGutter([]);
  scheduleCheck();
}
function updateGutter(badLines) {
  const n = $("#editor").value.split("\n").length;
  const bad = new Set(badLines);
  let h = "";
  for (let i = 1; i <= n; i++) h += bad.has(i) ? `<span class="bad">${i}</span>\n` : `${i}\n`;
  $("#gutter").innerHTML = h;
  $("#gutter").scrollTop = $("#editor").scrollTop;
}
function scheduleCheck() {
  clearTimeout(checkTimer);
  $("#edit-status").textContent = "正在检查……";
  checkTimer = setTimeout(runCheck, 300);
}
async function runCheck() {
  const seq = ++checkSeq;
  const path = $("#edit-file").value;
  try {
    const r = await postJson("/v1/check", { path, text: $("#editor").value });
    if (seq !== checkSeq) return; // 有更新的检查在路上
    const mine = r.diagnostics.filter((d) => !d.file || d.file === path);
    const others = r.diagnostics.length - mine.length;
    $("#diagnostics").innerHTML = mine.length
      ? mine.map((d) => `<li class="diag sev-${esc(d.severity)}" data-line="${esc(d.line)}" data-column="${esc(d.column)}">` +
        `第 ${esc(d.line)} 行，第 ${esc(d.column)} 列：${esc(SEVERITY[d.severity] || d.severity)} [${esc(d.code)}] ${esc(d.message)}` +
        `${d.help ? `<br><small>建议：${esc(d.help)}</small>` : ""}</li>`).join("") +
        (others ? `<li class="muted">其他文件还有 ${others} 条诊断</li>` : "")
      : `<li class="ok held">没有发现问题${others ? `（其他文件有 ${others} 条诊断）` : ""}</li>`;
    updateGutter(mine.map((d) => d.line));
    $("#edit-status").textContent = r.loaded ? "已检查：可以加载" : "已检查：无法加载";
  } catch (e) {
    $("#edit-status").textContent = `检查失败：${e.message}`;
  }
}
$("#diagnostics").addEventListener("click", (ev) => {
  const li = ev.target.closest("li[data-line]");
  if (!li) return;
  const lines = $("#editor").value.split("\n");
  const line = Number(li.dataset.line), col = Number(li.dataset.column);
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, col - 1);
  $("#editor").focus();
  $("#editor").setSelectionRange(offset, offset + 1);
});
$("#editor").addEventListener("input", () => { updateGutter([]); scheduleCheck(); });
$("#editor").addEventListener("scroll", () => { $("#gutter").scrollTop = $("#editor").scrollTop; });
$("#edit-file").addEventListener("change", openFile);

function editedTicket() {
  try { return JSON.parse($("#edit-ticket").value); } catch (e) { throw new Error(`工单不是合法的 JSON：${e.message}`); }
}
$("#edit-try").addEventListener("click", async () => {
  try {
    const r = await postJson("/v1/try", { path: $("#edit-file").value, text: $("#editor").value, ticket: editedTicket() });
    $("#served-result").innerHTML = decisionHtml(r.served, false);
    $("#edited-result").innerHTML = r.edited.loaded ? decisionHtml(r.edited.decision, false)
      : `<div class="error">修改后的清单无法加载（见上面的诊断）。</div>`;
    const changed = r.edited.loaded && r.edited.decision.lead !== r.served.lead;
    $("#edited-result").classList.toggle("changed", changed);
  } catch (e) {
    $("#served-result").innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
});
$("#edit-diff").addEventListener("click", async () => {
  $("#diff").innerHTML = `<p class="muted">正在比较（要对每一对主办部门求一张见证工单，可能需要几秒）……</p>`;
  try {
    const r = await postJson("/v1/diff", { path: $("#edit-file").value, text: $("#editor").value });
    if (!r.loaded) { $("#diff").innerHTML = `<div class="error">修改后的清单无法加载，先修正诊断中的错误。</div>`; return; }
    const d = r.diff;
    let h = "";
    const nothing = ["items", "matters", "territory", "settings", "handovers", "schema"].every((k) => !(d[k] || []).length);
    if (nothing) h += `<p id="diff-none">这次修改不改变任何事项的职责，也没有工单会换部门办理。</p>`;
    for (const w of d.warnings || []) h += `<p class="error diff-warning">${esc(w)}</p>`;
    if (d.schema.length) h += `<p><b>schema 改动：</b>${d.schema.map(esc).join("；")}</p>`;
    if ((d.settings || []).length) h += `<p><b>清单设置改动：</b>${d.settings.map(esc).join("；")}</p>`;
    if ((d.territory || []).length) {
      const or = (x) => (x == null ? "（未列出）" : dept(x));
      h += `<table id="diff-territory"><tr><th>属地（镇街）</th><th>原部门</th><th>新部门</th></tr>` + d.territory.map((p) =>
        `<tr><td>${p.place == null ? "其他（otherwise）" : esc(p.place)}</td><td>${or(p.old)}</td><td>${or(p.new)}</td></tr>`).join("") + "</table>";
    }
    const kind = { added: "新增", removed: "删除", changed: "修改" };
    const changes = (id, head, list) => `<table id="${id}"><tr><th>${head}</th><th>改动</th><th>字段（原 → 新）</th></tr>` + list.map((c) =>
      `<tr><td>${esc(c.item)}</td><td>${esc(kind[c.change] || c.change)}</td><td>${c.fields.map((f) =>
        `${esc(f.field)}：<code>${esc(f.old)}</code> → <code>${esc(f.new)}</code>`).join("<br>")}</td></tr>`).join("") + "</table>";
    if ((d.matters || []).length) h += changes("diff-matters", "事项", d.matters);
    if (d.items.length) h += changes("diff-items", "细项", d.items);
    if (d.handovers.length) {
      const because = { date: "受理日期", place: "所在地" };
      h += `<p><b>会换部门办理的工单（每对部门一张见证工单，只含这次改动需要的内容）：</b></p><table id="diff-handovers"><tr><th>原主办</th><th>新主办</th><th>见证工单</th></tr>` +
        d.handovers.map((x) => `<tr class="handover"><td>${dept(x.from)}</td><td>${dept(x.to)}</td><td><code>${esc(JSON.stringify(x.witness))}</code>${
          (x.because || []).length ? `<br><span class="muted">只因${x.because.map((b) => because[b] || b).join("和")}而换部门</span>` : ""}</td></tr>`).join("") + "</table>";
    }
    if (d.skipped.length) h += `<p class="muted">未能分析：${d.skipped.map(esc).join("；")}</p>`;
    if (r.replay) {
      h += r.replay.error ? `<p class="error">工单日志：${esc(r.replay.error)}</p>`
        : `<p id="diff-replay">工单日志中 ${esc(r.replay.tickets)} 张工单，其中 <b>${esc(r.replay.changed)}</b> 张会换主办部门。</p>` +
          (r.replay.by_pair.length ? "<ul>" + r.replay.by_pair.map((p) => `<li>${dept(p.from)} → ${dept(p.to)}：${esc(p.count)} 张（首见第 ${esc(p.first_line)} 行）</li>`).join("") + "</ul>" : "");
    } else {
      h += `<p class="muted">未配置工单日志（启动时加 --tickets FILE），无法统计历史工单的变化。</p>`;
    }
    $("#diff").innerHTML = h;
  } catch (e) {
    $("#diff").innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
});

// ------------------------------------------------------------------ 启动
(async function init() {
  try {
    const [info, s, list] = await Promise.all([api("/v1/rules"), api("/v1/schema"), api("/v1/list")]);
    schema = s;
    for (const d of list.departments) deptNames[d.id] = d.name;
    $("#ruleset").textContent = `${info.ruleset || "（未命名清单）"} · 版本 ${info.version || "—"} · ${info.counts.matters} 个事项、${info.counts.items} 个细项、${info.counts.departments} 个部门 · 载入于 ${info.loaded_at}`;
    buildForm(schema);
    const items = list.matters.flatMap((m) => m.items.map((i) => i.name));
    $("#whynot-item").innerHTML = items.map((n) => `<option value="${esc(n)}">${esc(n)}</option>`).join("");
    document.body.dataset.ready = "1";
  } catch (e) {
    $("#ruleset").textContent = `无法读取清单：${e.message}`;
  }
})();
