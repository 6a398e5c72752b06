// Schedule page: the week (Monday to Sunday) as a calendar grid, meetings and reminders placed
// at their local times in the user's timezone, today marked; on a phone the same week is an
// agenda list (CSS shows one or the other). Plain JS; slipway.js signs in and then sends
// "slipway:signed-in" with the user (name, timezone).
// It asks the API for the shown week's meetings and reminders only (since/until), and for the
// open to-dos a page at a time, the next when "Show more to-dos" is pressed: a user with
// thousands of to-dos costs one call per load, not one per 200 of them (probe 30, M-2). A call
// refused meanwhile (429 "too many requests") leaves what was fetched shown, with its message.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const lang = document.documentElement.lang || "en";
  const messages = JSON.parse(($("i18n") || {}).textContent || "{}");
  const t = (key, vars) =>
    (messages[key] || key).replace(/\{(\w+)\}/g, (all, name) => (vars && name in vars ? String(vars[name]) : all));
  const DAY = 86400000;
  const HOUR_PX = 44; // the grid's height of one hour
  let zone = "UTC";
  let items = []; // {kind, day: "YYYY-MM-DD", start: minutes, end: minutes, time, title, done, id}
  let todos = []; // the open to-dos fetched so far
  let todosCursor = null; // the next page of them (null: none, or not asked yet)
  let todosLoaded = false; // their first page came
  let monday = 0; // the shown week's Monday, as a UTC midnight timestamp

  // slipway.js's API call (the token; a revoked one signs out): it runs before this page starts
  const api = (path) => window.slipway.api("GET", path);
  // The items of a list in `found`, page by page (each page's next_cursor asks for the next): a
  // call that fails (a 429) leaves in `found` what the pages before it gave
  async function collect(path, key, found) {
    let cursor = null;
    do {
      const page = await api(path + "&limit=200" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
      found.push(...page[key]);
      cursor = page.next_cursor;
    } while (cursor);
  }

  // -- dates: a day is "YYYY-MM-DD" in the user's timezone; arithmetic on UTC midnights ------
  const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);
  const msOf = (day) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10));
  const mondayOf = (ms) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
  function todayInZone() {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    }).formatToParts(new Date());
    const get = (type) => parts.find((p) => p.type === type).value;
    return get("year") + "-" + get("month") + "-" + get("day");
  }
  // Dates are written in the user's locale when it is the page's language with a region
  // ("en-GB": "7 Dec", as the chat writes them; "en": "Dec 7"), else in the page's language
  let dateLocale = lang;
  const format = (ms, options) => new Intl.DateTimeFormat(dateLocale, { timeZone: "UTC", ...options }).format(new Date(ms));
  // The UTC offset (ms) of the user's timezone at the moment `ms`
  function offsetAt(ms) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    }).formatToParts(new Date(ms));
    const get = (type) => +parts.find((p) => p.type === type).value;
    const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
    return wall - Math.floor(ms / 1000) * 1000;
  }
  // A day's start (its midnight in the user's timezone; a UTC midnight timestamp in) as an ISO
  // moment with its offset (UTC, "Z"): the edges of the week the page asks the API for
  function startOf(dayMs) {
    const guess = dayMs - offsetAt(dayMs);
    return new Date(dayMs - offsetAt(guess)).toISOString();
  }
  const minutes = (iso) => +iso.slice(11, 13) * 60 + +iso.slice(14, 16);
  // A to-do's due time in the page's language: "due Tue, 8 Dec, 17:00", or "end of day" for a
  // day's deadline (23:59, as the chat says it)
  function dueText(iso) {
    const day = format(msOf(iso.slice(0, 10)), { weekday: "short", day: "numeric", month: "short" });
    const time = iso.slice(11, 16);
    return time === "23:59" ? t("due_end_of_day", { day }) : t("due_on", { day, time });
  }

  // An API item as placed on the calendar: local wall-clock day and minutes from the ISO string
  // (the API gives local times with their offset, in the user's timezone).
  // A meeting that runs past midnight is drawn on each day it covers (23:00–01:00: to the end of
  // its first day, and from 00:00 on the next), each part labelled with the whole meeting's times.
  function place(kind, id, title, startIso, endIso, done) {
    const day = startIso.slice(0, 10);
    const start = minutes(startIso);
    const base = { kind, id, title, time: startIso.slice(11, 16), until: endIso ? endIso.slice(11, 16) : "", done: !!done };
    if (!endIso || endIso.slice(0, 10) === day) {
      const end = endIso ? minutes(endIso) : start + 30;
      return [{ ...base, day, start, end: Math.max(end, start + 15) }];
    }
    const parts = [{ ...base, day, start, end: 24 * 60 }];
    const last = endIso.slice(0, 10);
    for (let next = msOf(day) + DAY; dayOf(next) <= last; next += DAY) {
      const on = dayOf(next);
      const end = on === last ? minutes(endIso) : 24 * 60;
      if (end > 0) parts.push({ ...base, day: on, start: 0, end: Math.max(end, 15), continued: true });
    }
    return parts;
  }

  // -- drawing --------------------------------------------------------------------------------
  function weekDays() {
    return Array.from({ length: 7 }, (_, i) => dayOf(monday + i * DAY));
  }

  function label(item) {
    if (item.kind === "meeting") return item.time + "–" + item.until + " " + item.title;
    return item.time + " " + item.title + " (" + t("kind." + item.kind) + ")";
  }

  // Items side by side when they overlap: each gets a lane and the number of lanes of its group.
  function lanes(dayItems) {
    const sorted = [...dayItems].sort((a, b) => a.start - b.start || b.end - a.end);
    let group = [];
    let groupEnd = -1;
    const close = () => { const n = Math.max(...group.map((g) => g.lane)) + 1; group.forEach((g) => (g.lanes = n)); };
    for (const item of sorted) {
      const shown = Math.max(item.end, item.start + 30); // a reminder's block is 30 minutes tall
      if (item.start >= groupEnd && group.length) { close(); group = []; }
      const used = new Set(group.filter((g) => g.shownEnd > item.start).map((g) => g.lane));
      let lane = 0;
      while (used.has(lane)) lane++;
      item.lane = lane;
      item.shownEnd = shown;
      group.push(item);
      groupEnd = Math.max(groupEnd, shown);
    }
    if (group.length) close();
    return sorted;
  }

  const classes = (item) =>
    "event " + (item.kind === "meeting" ? "meeting" : "reminder " + item.kind) + (item.done ? " done" : "");

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawGrid(days, today, byDay) {
    const shown = days.flatMap((d) => byDay[d]);
    const first = Math.min(7, ...shown.map((i) => Math.floor(i.start / 60)));
    const last = Math.max(21, ...shown.map((i) => Math.ceil(Math.max(i.end, i.start + 30) / 60)));
    const hours = Math.min(last, 24) - first;
    const week = $("week");
    week.replaceChildren();
    week.style.setProperty("--hours", hours);
    week.style.setProperty("--hour", HOUR_PX + "px");
    week.appendChild(element("div", "corner"));
    for (const day of days) {
      const head = element("div", "day-head");
      head.dataset.day = day;
      head.appendChild(element("span", "weekday", format(msOf(day), { weekday: "short" })));
      head.appendChild(element("span", "date", format(msOf(day), { day: "numeric", month: "short" })));
      if (day === today) {
        head.classList.add("today");
        head.setAttribute("aria-current", "date");
        head.appendChild(element("span", "today-mark", t("today")));
      }
      week.appendChild(head);
    }
    const gutter = element("div", "hours");
    for (let h = first; h < first + hours; h++) gutter.appendChild(element("span", "hour", String(h).padStart(2, "0") + ":00"));
    week.appendChild(gutter);
    for (const day of days) {
      const column = element("div", "day");
      column.dataset.day = day;
      if (day === today) column.classList.add("today");
      for (const item of lanes(byDay[day])) {
        const block = element("div", classes(item), label(item));
        block.dataset.id = item.id;
        block.dataset.kind = item.kind;
        block.title = label(item);
        block.style.top = ((item.start - first * 60) * HOUR_PX) / 60 + "px";
        const height = Math.max(((item.end - item.start) * HOUR_PX) / 60, 22);
        block.style.height = height + "px";
        // too short for two lines: one line ending in "…" (the whole label is its title), never
        // a second line cut through the middle
        if (height < 36) block.classList.add("short");
        block.style.left = (100 * item.lane) / item.lanes + "%";
        block.style.width = 100 / item.lanes + "%";
        column.appendChild(block);
      }
      week.appendChild(column);
    }
  }

  function drawAgenda(days, today, byDay) {
    const agenda = $("agenda");
    agenda.replaceChildren();
    let any = false;
    for (const day of days) {
      if (!byDay[day].length && day !== today) continue;
      const section = element("section", "agenda-day" + (day === today ? " today" : ""));
      section.dataset.day = day;
      const heading = element("h3", "", format(msOf(day), { weekday: "long", day: "numeric", month: "long" }));
      if (day === today) {
        section.setAttribute("aria-current", "date");
        heading.appendChild(element("span", "today-mark", t("today")));
      }
      const list = element("ul", "items");
      for (const item of [...byDay[day]].sort((a, b) => a.start - b.start)) {
        const line = element("li", classes(item), label(item));
        line.dataset.id = item.id;
        line.dataset.kind = item.kind;
        list.appendChild(line);
        any = true;
      }
      if (!byDay[day].length) list.appendChild(element("li", "empty", t("nothing_today")));
      section.append(heading, list);
      agenda.appendChild(section);
    }
    if (!any) agenda.appendChild(element("p", "empty", t("nothing_this_week")));
  }

  function drawTodos() {
    const list = $("todos");
    list.replaceChildren();
    for (const todo of todos) {
      const line = element("li", todo.done ? "done" : "", todo.text + (todo.due_at ? " — " + dueText(todo.due_at) : ""));
      line.dataset.id = todo.id;
      list.appendChild(line);
    }
    if (!todos.length && todosLoaded) list.appendChild(element("li", "empty", t("nothing_here")));
    $("todos-more").hidden = !todosCursor;
  }

  function draw() {
    const days = weekDays();
    const today = todayInZone();
    const byDay = Object.fromEntries(days.map((d) => [d, []]));
    for (const item of items) if (item.day in byDay) byDay[item.day].push(item);
    const sunday = monday + 6 * DAY;
    $("week-title").textContent = t("week_of", {
      start: format(monday, { day: "numeric", month: "short" }),
      end: format(sunday, { day: "numeric", month: "short", year: "numeric" }),
    });
    $("week-zone").textContent = t("times_in", { timezone: zone });
    $("week-today").disabled = days.includes(today);
    drawGrid(days, today, byDay);
    drawAgenda(days, today, byDay);
    drawTodos();
    $("week").dataset.week = dayOf(monday);
    $("week").dataset.loaded = "true";
  }

  // A list call's failure (a 429 says "too many requests…"): shown under what was fetched
  function failed(error) {
    $("schedule-error").textContent = error.message;
  }

  // The open to-dos: a page (200, in the list's order), the next one when asked ("show more")
  // (one call at a time: a week shown while the first page is on its way waits for that call)
  let todosAsking = null;
  function moreTodos() {
    todosAsking = todosAsking || (async () => {
      try {
        const page = await api("/v1/todos?upcoming=true&limit=200" + (todosCursor ? "&cursor=" + encodeURIComponent(todosCursor) : ""));
        todos.push(...page.todos);
        todosCursor = page.next_cursor;
        todosLoaded = true;
      } finally {
        todosAsking = null;
      }
    })();
    return todosAsking;
  }

  // The shown week's meetings and reminders only (the week from its Monday's midnight to the
  // next one's, in the user's timezone); a call that fails keeps what the others fetched
  let asking = 0; // the latest week asked for: an answer for a week left meanwhile is dropped
  async function loadWeek() {
    const asked = ++asking;
    const span = "?since=" + encodeURIComponent(startOf(monday)) + "&until=" + encodeURIComponent(startOf(monday + 7 * DAY));
    const meetings = [];
    const reminders = [];
    const calls = [collect("/v1/meetings" + span, "meetings", meetings), collect("/v1/reminders" + span, "reminders", reminders)];
    if (!todosLoaded) calls.push(moreTodos());
    const results = await Promise.allSettled(calls);
    if (asked !== asking) return;
    items = [
      ...meetings.flatMap((m) => place("meeting", m.id, m.title, m.starts_at, m.ends_at, false)),
      ...reminders.flatMap((r) => place(r.kind, r.id, r.text, r.due_at, null, r.done)),
    ];
    const refused = results.find((r) => r.status === "rejected");
    $("schedule-error").textContent = "";
    if (refused) failed(refused.reason);
    $("week").dataset.complete = String(!refused);
    draw();
  }

  function show(ms) {
    monday = mondayOf(ms);
    const url = new URL(location.href);
    if (dayOf(monday) === dayOf(mondayOf(msOf(todayInZone())))) url.searchParams.delete("week");
    else url.searchParams.set("week", dayOf(monday));
    history.replaceState(null, "", url);
    return loadWeek();
  }

  async function load(user) {
    zone = user.timezone || "UTC";
    const locale = String(user.locale || "");
    dateLocale = lang;
    if (locale.includes("-") && locale.split("-")[0].toLowerCase() === lang) {
      try {
        if (Intl.DateTimeFormat.supportedLocalesOf([locale]).length) dateLocale = locale;
      } catch (error) {
        // a tag the browser cannot read: the page's language
      }
    }
    const asked = new URLSearchParams(location.search).get("week");
    monday = mondayOf(asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? msOf(asked) : msOf(todayInZone()));
    await loadWeek();
  }

  $("todos-more").addEventListener("click", async () => {
    const button = $("todos-more");
    button.disabled = true;
    try {
      await moreTodos();
      $("schedule-error").textContent = "";
    } catch (error) {
      failed(error);
    } finally {
      button.disabled = false;
      drawTodos();
    }
  });
  $("week-prev").addEventListener("click", () => show(monday - 7 * DAY));
  $("week-next").addEventListener("click", () => show(monday + 7 * DAY));
  $("week-today").addEventListener("click", () => show(msOf(todayInZone())));
  document.addEventListener("slipway:signed-in", (event) => load(event.detail));
})();
