// Learning pathways page: the profile form (skills by name, suggested from the catalog, each
// with a level), the recommended path drawn as a timeline (weeks, hours and cost of each step,
// the totals) and the accept / done / not-for-me buttons. A visit with an unchanged profile gets
// the same recommendation back (the server reuses it), with the answers already given shown.
// Plain JS; slipway.js signs in, this script starts when the page shows.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang || "en";
  // Numbers (money, hours, weeks) as Peru writes them in Spanish ("S/ 1,080", "4.6 horas"), as the
  // server does (app/pathways.py: es_PE): Chromium's plain "es" writes "1600" and "4,6".
  const numberLang = /^es(-|$)/.test(lang) ? "es-PE" : lang;
  // A number of hours or weeks, up to two decimals, no thousands mark ("1.7"; the server's decimal()).
  const number = (x) => Number(x).toLocaleString(numberLang, { useGrouping: false, maximumFractionDigits: 2 });
  const messages = JSON.parse(($("i18n") || {}).textContent || "{}");
  // A script text in the page's language (see slipway.js), {name} filled from vars.
  const t = (key, vars) =>
    (messages[key] || key).replace(/\{(\w+)\}/g, (all, name) => (vars && name in vars ? String(vars[name]) : all));
  let loaded = false;
  let names = {}; // skill id → its name in the page's language (the catalog's skill_names)
  let roleNames = {}; // role → its name in the page's language (the catalog's role_names)
  let aliases = {}; // a name's key (see key()) → the skill id: every name the server takes
  let skills = []; // the profile's skills: [{skill: id or name, level}]
  let hoursPerWeek = 6;
  // The hours and budget boxes hold text: what was typed is sent as typed and the server reads
  // it as the chat reads an amount ("10.000" and "10,000" are 10000, "1,5" is 1.5) or says it
  // cannot; a box left as it was filled sends the stored number back unchanged (9.2142 h, S/ 75).
  const filled = {}; // box id → {text: what the page wrote in it, value: the stored number}

  // slipway.js's API call (the token; a revoked one signs out): it runs before this page starts
  const api = (method, path, body) => window.slipway.api(method, path, body);

  const nameOf = (skill) => names[skill] || skill.replace(/_/g, " ");
  const roleOf = (role) => roleNames[role] || role;
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim().toLowerCase();
  // A name as the server matches it (models.ranker.slug): accents dropped, lowercase, its words
  // joined by "_" ("Atención al cliente" → "atencion_al_cliente")
  const key = (text) => (fold(text).match(/[a-z0-9]+/g) || []).join("_").slice(0, 60);

  // The catalog skill a typed name means (its id), by any name the server takes; null if none.
  function skillOf(text) {
    const wanted = key(text);
    if (!wanted) return null;
    if (wanted in aliases) return aliases[wanted];
    return Object.keys(names).find((id) => key(names[id]) === wanted || id === wanted) || null;
  }

  // The role a typed goal names (a role of the table by its name), else the text as typed.
  function goalOf(text) {
    const wanted = fold(text);
    return Object.keys(roleNames).find((r) => fold(roleNames[r]) === wanted || r === wanted) || text.trim();
  }

  function drawSkills() {
    const list = $("skill-list");
    list.replaceChildren();
    skills.forEach((entry, index) => {
      const item = document.createElement("li");
      item.className = "skill";
      item.dataset.skill = entry.skill;
      const name = document.createElement("span");
      name.className = "skill-name";
      name.textContent = nameOf(entry.skill);
      const level = $("profile-skill-level").cloneNode(true);
      level.removeAttribute("id");
      level.value = String(entry.level);
      level.setAttribute("aria-label", t("level_of", { skill: nameOf(entry.skill) }));
      level.addEventListener("change", () => (entry.level = parseInt(level.value, 10)));
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = "×";
      remove.title = t("remove_skill", { skill: nameOf(entry.skill) });
      remove.setAttribute("aria-label", remove.title);
      remove.addEventListener("click", () => {
        skills.splice(index, 1);
        drawSkills();
      });
      item.append(name, level, remove);
      list.appendChild(item);
    });
  }

  // A field's problem shown under the form: the field marked (aria-invalid, and described by the
  // message), the message naming the field by its label, never by the API's field name.
  const FIELDS = {
    skills: "profile-skills", goal_role: "profile-goal", region: "profile-region",
    hours_per_week: "profile-hours", budget_pen: "profile-budget", languages: "profile-lang-es",
  };
  const LABELS = { skills: "skills-label", languages: "languages-label" };

  function labelOf(field) {
    const label = LABELS[field] ? $(LABELS[field]) : document.querySelector(`label[for="${FIELDS[field]}"]`);
    return label ? label.textContent.trim() : field;
  }

  function clearMarks() {
    for (const id of Object.values(FIELDS)) {
      $(id).removeAttribute("aria-invalid");
      $(id).removeAttribute("aria-describedby");
    }
    $("pathway-error").textContent = "";
  }

  function mark(field, problem) {
    const box = $(FIELDS[field]);
    box.setAttribute("aria-invalid", "true");
    box.setAttribute("aria-describedby", "pathway-error");
    return t("field_problem", { field: labelOf(field), problem });
  }

  // The problems of a refused save, field by field ("skills.0.level" is the skills' box).
  function showProblems(error) {
    const fields = (error.detail && error.detail.json) || {};
    const lines = [];
    for (const [name, problems] of Object.entries(fields)) {
      const field = name.split(".")[0];
      const text = []
        .concat(problems)
        .flatMap((p) => (typeof p === "string" ? [p] : Object.values(p).flat(Infinity)))
        .join("; ");
      lines.push(field in FIELDS ? mark(field, text) : text);
    }
    if (!lines.length) lines.push(error.message);
    if (!$("pathway").hidden) lines.push(t("not_saved"));
    $("pathway-error").textContent = lines.join(" ");
    const first = Object.keys(fields).map((f) => FIELDS[f.split(".")[0]]).find(Boolean);
    if (first) $(first).focus();
  }

  // What the skill box holds: "Excel" or several, "Excel, Python:1" (a level after a colon).
  // A name the catalog lacks is refused here (it stays in the box, marked, with why), and a
  // skill already listed is left at its level, and the page says so. False when one was refused.
  function addTyped() {
    const box = $("profile-skills");
    const unknown = [];
    const said = [];
    for (const part of box.value.split(",").map((x) => x.trim()).filter(Boolean)) {
      const [text, level] = part.split(":");
      const picked = parseInt(level || $("profile-skill-level").value, 10);
      const skill = skillOf(text);
      if (skill === null) {
        unknown.push(part);
        said.push(t("unknown_skill", { skill: text.trim() }));
        continue;
      }
      const same = skills.find((s) => s.skill === skill);
      if (same) {
        const listed = $("profile-skill-level").querySelector(`option[value="${same.level}"]`);
        said.push(t("already_listed", { skill: nameOf(skill), level: listed ? listed.textContent.trim() : same.level }));
        continue;
      }
      skills.push({ skill, level: Math.min(3, Math.max(1, picked || 2)) });
    }
    box.value = unknown.join(", ");
    drawSkills();
    clearMarks();
    if (unknown.length) {
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", "pathway-error");
      box.focus();
    }
    $("pathway-error").textContent = said.join(" ");
    return !unknown.length;
  }

  function fillProfile(profile, catalog) {
    const region = $("profile-region");
    region.replaceChildren();
    for (const name of catalog.regions) {
      const option = document.createElement("option");
      option.value = option.textContent = name;
      region.appendChild(option);
    }
    roleNames = catalog.role_names || {};
    $("roles").replaceChildren(
      ...catalog.roles.map((role) => Object.assign(document.createElement("option"), { value: roleOf(role) }))
    );
    names = catalog.skill_names || {};
    aliases = {};
    for (const [id, keys] of Object.entries(catalog.skill_aliases || {})) {
      for (const k of keys) aliases[k] = id;
    }
    $("skill-options").replaceChildren(
      ...Object.values(names).sort((a, b) => a.localeCompare(b, lang))
        .map((name) => Object.assign(document.createElement("option"), { value: name }))
    );
    region.value = profile.region;
    skills = profile.skills.map((s) => ({ skill: s.skill, level: s.level }));
    drawSkills();
    $("profile-goal").value = profile.goal_role ? roleOf(profile.goal_role) : "";
    showNumbers(profile);
    $("profile-lang-es").checked = profile.languages.includes("es");
    $("profile-lang-en").checked = profile.languages.includes("en");
  }

  // The stored hours and budget in their boxes, as the page writes numbers ("10.5" in Spanish as
  // Peru writes it; no thousands mark, so "1200.5" is read back by the server as 1200.5).
  function showNumbers(profile) {
    hoursPerWeek = profile.hours_per_week;
    for (const [id, value] of [["profile-hours", profile.hours_per_week], ["profile-budget", profile.budget_pen]]) {
      const text = value === null || value === undefined
        ? "" : number(value);
      $(id).value = text;
      filled[id] = { text, value: value === undefined ? null : value };
    }
  }

  // A box's value for the API: the stored number when untouched, else the text as typed.
  function typed(id) {
    const text = $(id).value.trim();
    if (filled[id] && text === filled[id].text) return filled[id].value;
    return text === "" ? null : text;
  }

  // The profile to save; null when the skill box holds a skill the catalog lacks (said so).
  function readProfile() {
    if (!addTyped()) return null;
    const languages = ["es", "en"].filter((l) => $("profile-lang-" + l).checked);
    const profile = {
      skills: skills.map((s) => ({ skill: s.skill, level: s.level })),
      goal_role: goalOf($("profile-goal").value) || null,
      region: $("profile-region").value,
      budget_pen: typed("profile-budget"), // empty: no limit
      // none ticked: the page's own language (the one the learner reads it in), never a guess
      languages: languages.length ? languages : [lang.startsWith("es") ? "es" : "en"],
    };
    const hours = typed("profile-hours");
    if (hours !== null) profile.hours_per_week = hours; // empty: the stored hours stay
    return profile;
  }

  // An amount as the server writes it (Babel, as the chat's replies do: "S/ 1,080" in Spanish as
  // Peru writes it and in English); the browser's, the same way, only if the server sent none.
  function money(pen, text) {
    if (pen <= 0) return t("free");
    return text || "S/ " + Math.round(pen).toLocaleString(numberLang);
  }

  // Weeks are counted at the profile's hours per week: a step runs from the week the previous
  // one ended in to the week its own hours end in.
  function weeks(fromHours, toHours, perWeek) {
    const first = Math.floor(fromHours / perWeek) + 1;
    const last = Math.max(first, Math.ceil(toHours / perWeek));
    return first === last ? t("week_n", { week: first }) : t("weeks_n", { first, last });
  }

  // The weeks a path takes, whole, as people say them (the server's whole_weeks: 21.7 -> 22,
  // 7.5 -> 8; 0 for less than a week); the API's number stays exact.
  function wholeWeeks(value) {
    return value < 1 ? 0 : Math.floor(value + 0.5);
  }

  function summary(rec) {
    const whole = wholeWeeks(rec.weeks);
    const rows = [
      [t("steps"), String(rec.steps.length)],
      [t("total_hours"), t("hours", { hours: number(rec.total_hours) })],
      [t("total_weeks"), whole ? String(whole) : t("under_a_week")],
      [t("total_cost"), money(rec.total_cost_pen, rec.total_cost_text)],
    ];
    $("pathway-summary").replaceChildren(
      ...rows.flatMap(([term, value]) => {
        const box = document.createElement("div");
        box.append(
          Object.assign(document.createElement("dt"), { textContent: term }),
          Object.assign(document.createElement("dd"), { textContent: value })
        );
        return [box];
      })
    );
  }

  function showPathway(rec) {
    $("pathway").hidden = false;
    const roles = rec.roles.slice(0, 2)
      .map((r) => t("role_in", { role: r.role_name || roleOf(r.role), region: r.region })).join(", ");
    const answered = rec.feedback || {}; // course id → what the learner answered on it
    $("pathway-title").textContent = rec.steps.length ? t("towards", { roles }) : t("no_course");
    const perWeek = Math.max((rec.profile && rec.profile.hours_per_week) || hoursPerWeek || 6, 1);
    const longest = Math.max(1, ...rec.steps.map((s) => s.hours));
    const list = $("pathway-steps");
    list.replaceChildren();
    let done = 0;
    rec.steps.forEach((step, index) => {
      const item = document.createElement("li");
      item.className = "step";
      item.dataset.course = step.course_id;
      const marker = document.createElement("span");
      marker.className = "marker";
      marker.textContent = String(index + 1);
      marker.setAttribute("aria-hidden", "true");
      const when = document.createElement("span");
      when.className = "when";
      when.textContent = weeks(done, done + step.hours, perWeek);
      done += step.hours;
      const title = document.createElement("strong");
      title.className = "title";
      title.textContent = step.title;
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = step.provider + " · " + t("lang." + step.language) + " · " +
        t("hours", { hours: number(step.hours) }) + " · " + money(step.cost_pen, step.cost_text);
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = Math.max(6, (100 * step.hours) / longest) + "%";
      bar.setAttribute("aria-hidden", "true");
      const reason = document.createElement("p");
      reason.className = "reason";
      reason.textContent = step.reason;
      const state = document.createElement("span");
      state.className = "state";
      if (answered[step.course_id]) {
        state.textContent = t("state." + answered[step.course_id]);
        item.dataset.state = answered[step.course_id];
      }
      const buttons = document.createElement("div");
      buttons.className = "actions";
      for (const [action, key] of [["accepted", "accept"], ["completed", "done"], ["rejected", "not_for_me"]]) {
        const label = t(key);
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = label;
        button.dataset.action = action;
        // a screen reader hears which course it answers ("Accept: Excel Avanzado"), not
        // "Accept" once per step; aria-pressed says which answer was given, as the chat's 👍/👎
        button.setAttribute("aria-label", t("action_on", { action: label, course: step.title }));
        button.setAttribute("aria-pressed", String(answered[step.course_id] === action));
        button.addEventListener("click", async () => {
          try {
            await api("POST", "/v1/pathways/feedback", {
              recommendation_id: rec.recommendation_id, course_id: step.course_id, action,
            });
            state.textContent = t("state." + action);
            item.dataset.state = action;
            buttons.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
          } catch (error) {
            $("pathway-error").textContent = error.message;
          }
        });
        buttons.appendChild(button);
      }
      const body = document.createElement("div");
      body.className = "body";
      body.append(when, title, meta, bar, reason, buttons, state);
      item.append(marker, body);
      list.appendChild(item);
    });
    summary(rec);
    $("pathway-summary").hidden = !rec.steps.length;
    const whole = wholeWeeks(rec.weeks);
    const total = whole === 0 ? "total_under_a_week" : whole === 1 ? "total_one_week" : "total";
    $("pathway-total").textContent = rec.steps.length
      ? t(total, {
        hours: number(rec.total_hours), weeks: String(whole), cost: money(rec.total_cost_pen, rec.total_cost_text),
      })
      : "";
    $("pathway-notes").replaceChildren(
      ...rec.notes.map((n) => Object.assign(document.createElement("li"), { textContent: n }))
    );
  }

  async function load() {
    if (loaded) return;
    loaded = true;
    try {
      const [profile, catalog] = await Promise.all([
        api("GET", "/v1/users/me/profile"),
        api("GET", "/v1/pathways/catalog"),
      ]);
      fillProfile(profile, catalog);
      if (profile.updated_at) showPathway(await api("POST", "/v1/pathways/recommend", {}));
    } catch (error) {
      $("pathway-error").textContent = error.message;
    }
  }

  $("profile-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const profile = readProfile();
    if (profile === null) return; // an unknown skill in the box: said, nothing sent
    try {
      // the boxes then show what was stored ("10.000" typed: 10000), the path is drawn for it
      showNumbers(await api("PATCH", "/v1/users/me/profile", profile));
      showPathway(await api("POST", "/v1/pathways/recommend", {}));
    } catch (error) {
      showProblems(error);
    }
  });

  $("add-skill").addEventListener("click", addTyped);
  $("profile-skills").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // Enter adds the skill; the form is sent with its button
      addTyped();
    }
  });

  const content = $("content");
  new MutationObserver(() => { if (!content.hidden) load(); })
    .observe(content, { attributes: true, attributeFilter: ["hidden"] });
  if (!content.hidden) load();
})();
