// Learning pathways page: the profile form, the recommended steps and the accept / done /
// not-for-me buttons. Plain JS; slipway.js signs in, this script starts when the page shows.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const token = () => window.localStorage.getItem("slipway.token") || "";
  const lang = document.documentElement.lang || "en";
  const messages = JSON.parse(($("i18n") || {}).textContent || "{}");
  // A script text in the page's language (see slipway.js), {name} filled from vars.
  const t = (key, vars) =>
    (messages[key] || key).replace(/\{(\w+)\}/g, (all, name) => (vars && name in vars ? String(vars[name]) : all));
  let loaded = false;

  async function api(method, path, body) {
    const init = { method, headers: { Authorization: "Bearer " + token() } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.message || t("request_failed", { status: response.status }));
    return data;
  }

  function fillProfile(profile, catalog) {
    const region = $("profile-region");
    region.replaceChildren();
    for (const name of catalog.regions) {
      const option = document.createElement("option");
      option.value = option.textContent = name;
      region.appendChild(option);
    }
    $("roles").replaceChildren(
      ...catalog.roles.map((role) => Object.assign(document.createElement("option"), { value: role }))
    );
    region.value = profile.region;
    $("profile-skills").value = profile.skills.map((s) => s.skill + ":" + s.level).join(", ");
    $("profile-goal").value = profile.goal_role || "";
    $("profile-hours").value = profile.hours_per_week;
    $("profile-budget").value = profile.budget_pen === null ? "" : profile.budget_pen;
    $("profile-lang-es").checked = profile.languages.includes("es");
    $("profile-lang-en").checked = profile.languages.includes("en");
  }

  function readProfile() {
    const skills = $("profile-skills").value.split(",").map((x) => x.trim()).filter(Boolean)
      .map((item) => {
        const [skill, level] = item.split(":");
        return { skill: skill.trim(), level: Math.min(3, Math.max(1, parseInt(level || "2", 10) || 2)) };
      });
    const budget = $("profile-budget").value.trim();
    const languages = ["es", "en"].filter((l) => $("profile-lang-" + l).checked);
    return {
      skills,
      goal_role: $("profile-goal").value.trim() || null,
      region: $("profile-region").value,
      hours_per_week: parseFloat($("profile-hours").value || "6"),
      budget_pen: budget === "" ? null : parseFloat(budget),
      languages: languages.length ? languages : ["es"],
    };
  }

  function money(pen) {
    return pen <= 0 ? t("free") : "S/ " + Math.round(pen).toLocaleString(lang);
  }

  function showPathway(rec) {
    $("pathway").hidden = false;
    const roles = rec.roles.slice(0, 2).map((r) => t("role_in", { role: r.role, region: r.region })).join(", ");
    $("pathway-title").textContent = rec.steps.length ? t("towards", { roles }) : t("no_course");
    const list = $("pathway-steps");
    list.replaceChildren();
    rec.steps.forEach((step) => {
      const item = document.createElement("li");
      item.className = "step";
      item.dataset.course = step.course_id;
      const title = document.createElement("strong");
      title.textContent = step.title;
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " — " + step.provider + " · " + step.language + " · " +
        t("hours", { hours: step.hours }) + " · " + money(step.cost_pen);
      const reason = document.createElement("p");
      reason.className = "reason";
      reason.textContent = step.reason;
      const state = document.createElement("span");
      state.className = "state";
      const buttons = document.createElement("div");
      buttons.className = "actions";
      for (const [action, key] of [["accepted", "accept"], ["completed", "done"], ["rejected", "not_for_me"]]) {
        const label = t(key);
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = label;
        button.dataset.action = action;
        button.addEventListener("click", async () => {
          try {
            await api("POST", "/v1/pathways/feedback", {
              recommendation_id: rec.recommendation_id, course_id: step.course_id, action,
            });
            state.textContent = t("state." + action);
            item.dataset.state = action;
          } catch (error) {
            $("pathway-error").textContent = error.message;
          }
        });
        buttons.appendChild(button);
      }
      item.append(title, meta, reason, buttons, state);
      list.appendChild(item);
    });
    $("pathway-total").textContent = rec.steps.length
      ? t("total", { hours: rec.total_hours, weeks: rec.weeks, cost: money(rec.total_cost_pen) })
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
    $("pathway-error").textContent = "";
    try {
      await api("PATCH", "/v1/users/me/profile", readProfile());
      showPathway(await api("POST", "/v1/pathways/recommend", {}));
    } catch (error) {
      $("pathway-error").textContent = error.message;
    }
  });

  const content = $("content");
  new MutationObserver(() => { if (!content.hidden) load(); })
    .observe(content, { attributes: true, attributeFilter: ["hidden"] });
  if (!content.hidden) load();
})();
